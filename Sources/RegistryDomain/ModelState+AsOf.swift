import Foundation

/// The two instants a read can be asked for (DESIGN.md §5): `at`, the valid time the question is about, and
/// `knownAt`, the transaction time whose knowledge is used.
public struct AsOf: Sendable, Equatable, Codable {
    public var at: Date
    public var knownAt: Date

    enum CodingKeys: String, CodingKey {
        case at, knownAt = "known_at"
    }

    public init(at: Date, knownAt: Date) {
        self.at = at
        self.knownAt = knownAt
    }
}

/// An event with its envelope, as the time-travel fold needs it.
public struct HistoricalEvent: Sendable, Equatable {
    public var event: RegistryEvent
    public var context: EventContext

    public init(event: RegistryEvent, context: EventContext) {
        self.event = event
        self.context = context
    }

    public var eventId: UUID? { context.eventId }
}

extension ModelState {
    /// The model as the registry held it for `asOf`: the fold of the events recorded by `knownAt` and effective by
    /// `at`, in (effective time, position) order, leaving out the events retracted by `knownAt` — so a back-dated
    /// fact takes its place in valid time while only counting from the moment it was recorded. Nil when the model
    /// did not exist then (not yet registered, or deleted).
    ///
    /// This is the reference answer ("the fold oracle"): slow on long streams, but defined directly by DESIGN.md §5.
    public static func asOf(_ asOf: AsOf, events: [HistoricalEvent]) -> ModelState? {
        let known = events.filter { $0.context.recordedAt <= asOf.knownAt }
        let state = fold(known.filter { $0.context.effectiveAt <= asOf.at }, retracted: retractedPositions(known))
        return state?.deletedAt == nil ? state : nil
    }

    /// The model as it stands now: every event known, every valid time. Independent of the clock, because nothing
    /// is effective after it is recorded.
    public static func current(events: [HistoricalEvent]) -> ModelState? {
        fold(events, retracted: retractedPositions(events))
    }

    /// The positions withdrawn by the retractions among `events`.
    public static func retractedPositions(_ events: [HistoricalEvent]) -> Set<Int64> {
        Set(
            events.compactMap {
                if case .eventRetracted(let retraction) = $0.event { retraction.position } else { nil }
            })
    }

    private static func fold(_ events: [HistoricalEvent], retracted: Set<Int64>) -> ModelState? {
        events
            .filter { !retracted.contains($0.context.position) }
            .sorted { ($0.context.effectiveAt, $0.context.position) < ($1.context.effectiveAt, $1.context.position) }
            .reduce(nil) { state, historical in apply(state, historical.event, historical.context) }
    }
}
