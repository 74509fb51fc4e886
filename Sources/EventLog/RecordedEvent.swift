import Foundation

/// An event to append: its id (the idempotency key), type, payload and context, and optionally a valid time
/// earlier than its recording (a back-dated fact).
public struct NewEvent: Sendable, Equatable {
    public var eventId: UUID
    public var type: String
    public var data: [UInt8]
    public var metadata: [UInt8]
    public var effectiveAt: Date?

    public init(eventId: UUID = UUID(), type: String, data: [UInt8], metadata: [UInt8] = Array("{}".utf8), effectiveAt: Date? = nil) {
        self.eventId = eventId
        self.type = type
        self.data = data
        self.metadata = metadata
        self.effectiveAt = effectiveAt
    }
}

/// An event as the ledger holds it.
public struct RecordedEvent: Sendable, Equatable {
    public var position: Int64
    public var eventId: UUID
    public var stream: String
    public var streamVersion: Int64
    public var type: String
    public var recordedAt: Date
    public var effectiveAt: Date
    public var actor: String
    /// The exact payload bytes that were hashed.
    public var data: [UInt8]
    public var metadata: [UInt8]
    public var prevHash: [UInt8]
    public var hash: [UInt8]

    public init(
        position: Int64, eventId: UUID, stream: String, streamVersion: Int64, type: String, recordedAt: Date, effectiveAt: Date,
        actor: String, data: [UInt8], metadata: [UInt8], prevHash: [UInt8], hash: [UInt8]
    ) {
        self.position = position
        self.eventId = eventId
        self.stream = stream
        self.streamVersion = streamVersion
        self.type = type
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.data = data
        self.metadata = metadata
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// The version a stream must be at for an append to go through.
public enum ExpectedVersion: Sendable, Equatable {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have this version.
    case exact(Int64)

    /// As `ledger_append_batch` takes it: -1 for no check.
    var sqlValue: Int64 {
        switch self {
        case .any: -1
        case .noStream: 0
        case .exact(let version): version
        }
    }
}
