import Foundation

/// What the ledger adds to an event when it is appended: where, when (both times) and by whom.
public struct EventContext: Sendable, Equatable {
    public var position: Int64
    public var recordedAt: Date
    public var effectiveAt: Date
    public var actor: String
    public var eventId: UUID?

    public init(position: Int64, recordedAt: Date, effectiveAt: Date, actor: String, eventId: UUID? = nil) {
        self.position = position
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.eventId = eventId
    }
}
