import EventLog
import Foundation
import RegistryDomain

/// Turns a model's stream into the history an enquiry reads: each event with both times, who and why, and how the
/// corrections relate — what a back-dated fact superseded, what a retraction withdrew, and which retraction
/// withdrew an event.
enum HistoryAnnotation {
    /// `events` is the stream in order, as far as it is known; the views come out in the same order.
    static func annotate(_ events: [RecordedEvent]) -> [EventView] {
        let decoded = events.map { try? RegistryEvent.decode(type: $0.type, payload: $0.data) }
        var retractions: [Int64: EventView.Reference] = [:]
        for (recorded, event) in zip(events, decoded) {
            if case .eventRetracted(let retraction)? = event {
                retractions[retraction.position] = EventView.Reference(recorded, reason: retraction.reason)
            }
        }
        return events.indices.map { index in
            let recorded = events[index]
            var view = EventView(recorded)
            view.reason = reason(of: decoded[index], metadata: recorded.metadata)
            let backDated = recorded.effectiveAt < recorded.recordedAt
            view.backDated = backDated
            view.retractedBy = retractions[recorded.position]
            if case .eventRetracted(let retraction)? = decoded[index], let target = events.first(where: { $0.position == retraction.position }) {
                view.retracts = EventView.Reference(target, reason: nil)
            }
            if backDated, let event = decoded[index] {
                view.supersedes = superseded(by: event, at: index, events: events, decoded: decoded).map { EventView.Reference($0, reason: nil) }
            }
            return view
        }
    }

    /// The event that was in force for the same fact at the back-dated event's effective time, as the registry knew
    /// it just before the correction was recorded.
    private static func superseded(by event: RegistryEvent, at index: Int, events: [RecordedEvent], decoded: [RegistryEvent?]) -> RecordedEvent? {
        let keys = factKeys(event)
        guard !keys.isEmpty else { return nil }
        let effective = events[index].effectiveAt
        var withdrawn = Set<Int64>()
        for earlier in decoded[..<index] {
            if case .eventRetracted(let retraction)? = earlier { withdrawn.insert(retraction.position) }
        }
        return events[..<index].indices
            .filter { !withdrawn.contains(events[$0].position) && events[$0].effectiveAt <= effective }
            .filter { candidate in decoded[candidate].map { !factKeys($0).isDisjoint(with: keys) } ?? false }
            .max { (events[$0].effectiveAt, events[$0].position) < (events[$1].effectiveAt, events[$1].position) }
            .map { events[$0] }
    }

    /// The facts an event sets, as in the temporal projection's keys.
    private static func factKeys(_ event: RegistryEvent) -> Set<String> {
        switch event {
        case .modelRegistered: ["model:description", "model:tags", "model:protected_aliases"]
        case .modelUpdated(let update):
            Set([update.description.map { _ in "model:description" }, update.tags.map { _ in "model:tags" }].compactMap { $0 })
        case .protectedAliasesChanged: ["model:protected_aliases"]
        case .aliasSet(let set): ["alias:" + set.alias]
        case .aliasRemoved(let removed): ["alias:" + removed.alias]
        case .accessGranted(let granted): ["grant:" + HistoryKey.grant(principal: granted.principal, role: granted.role)]
        case .accessRevoked(let revoked): ["grant:" + HistoryKey.grant(principal: revoked.principal, role: revoked.role)]
        default: []
        }
    }

    /// The reason the event carries, else the one its request gave.
    private static func reason(of event: RegistryEvent?, metadata: [UInt8]) -> String? {
        let own: String? =
            switch event {
            case .modelUpdated(let update)?: update.reason
            case .aliasSet(let set)?: set.reason
            case .aliasRemoved(let removed)?: removed.reason
            case .versionApproved(let review)?: review.notes.isEmpty ? nil : review.notes
            case .protectedAliasesChanged(let change)?: change.reason
            case .accessGranted(let granted)?: granted.reason
            case .accessRevoked(let revoked)?: revoked.reason
            case .eventRetracted(let retraction)?: retraction.reason
            default: nil
            }
        if let own, !own.isEmpty { return own }
        let fields = try? JSONDecoder().decode([String: String].self, from: Data(metadata))
        return fields?["reason"]
    }
}
