import Foundation

/// The line formats of the events export and the decision log (docs/VERIFYING.md §4–5), written by hand so a
/// million-line export costs one buffer per line and no reflection.
public enum LedgerExport {
    public static let eventsFormat = "modelreg-events/1"
    public static let predictionsFormat = "modelreg-predictions/1"

    /// One ledger event as a JSON object with every field its hash needs (no trailing newline).
    public static func eventObject(_ event: RecordedEvent, record: String? = "event") -> [UInt8] {
        var writer = JSONObjectWriter()
        if let record { writer.field("record", string: record) }
        writer.field("position", number: event.position)
        writer.field("event_id", string: event.eventId.uuidString.lowercased())
        writer.field("stream", string: event.stream)
        writer.field("stream_version", number: event.streamVersion)
        writer.field("type", string: event.type)
        writer.field("recorded_at", string: LedgerTime.format(event.recordedAt))
        writer.field("effective_at", string: LedgerTime.format(event.effectiveAt))
        writer.field("actor", string: event.actor)
        writer.field("data", string: String(decoding: event.data, as: UTF8.self))
        writer.field("metadata", string: String(decoding: event.metadata, as: UTF8.self))
        writer.field("prev_hash", string: event.prevHash.hexString)
        writer.field("hash", string: event.hash.hexString)
        return writer.finish()
    }

    /// An event line as read back from an export.
    public struct EventLine: Codable, Sendable {
        public var position: Int64
        public var eventId: String
        public var stream: String
        public var streamVersion: Int64
        public var type: String
        public var recordedAt: String
        public var effectiveAt: String
        public var actor: String
        public var data: String
        public var metadata: String
        public var prevHash: String
        public var hash: String

        enum CodingKeys: String, CodingKey {
            case position, eventId = "event_id", stream, streamVersion = "stream_version", type, recordedAt = "recorded_at",
                effectiveAt = "effective_at", actor, data, metadata, prevHash = "prev_hash", hash
        }

        /// The hash recomputed from the line's fields, or nil when a field cannot be what the layout needs.
        public func recomputedHash() -> [UInt8]? {
            guard let prev = [UInt8](hex: prevHash), prev.count == 32, let recorded = LedgerTime.parseMicroseconds(recordedAt),
                let effective = LedgerTime.parseMicroseconds(effectiveAt)
            else { return nil }
            return EventHash.compute(
                prevHash: prev, position: position, eventId: eventId, stream: stream, streamVersion: streamVersion, type: type,
                recordedAtMicroseconds: recorded, effectiveAtMicroseconds: effective, actor: actor, data: Array(data.utf8),
                metadata: Array(metadata.utf8))
        }
    }

    /// The last line of an export: the head that covers it and the proofs that tie the export to it.
    public struct CheckpointLine: Codable, Sendable {
        public var record = "checkpoint"
        public var checkpoint: Checkpoint
        public var inclusionProof: [String]
        public var previousCheckpoint: Checkpoint?
        public var consistencyProof: [String]

        public init(checkpoint: Checkpoint, inclusionProof: [[UInt8]], previousCheckpoint: Checkpoint?, consistencyProof: [[UInt8]]) {
            self.checkpoint = checkpoint
            self.inclusionProof = inclusionProof.map(\.hexString)
            self.previousCheckpoint = previousCheckpoint
            self.consistencyProof = consistencyProof.map(\.hexString)
        }

        enum CodingKeys: String, CodingKey {
            case record, checkpoint, inclusionProof = "inclusion_proof", previousCheckpoint = "previous_checkpoint",
                consistencyProof = "consistency_proof"
        }
    }
}

/// Builds one JSON object field by field, escaping strings as RFC 8259 requires.
public struct JSONObjectWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    public init() {}

    public mutating func field(_ name: String, string value: String) {
        key(name)
        Self.appendString(value, to: &bytes)
    }

    public mutating func field(_ name: String, number value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A value that is already JSON text.
    public mutating func field(_ name: String, raw value: [UInt8]) {
        key(name)
        bytes.append(contentsOf: value)
    }

    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        Self.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public static func appendString(_ value: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
