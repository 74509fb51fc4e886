import Crypto
import Foundation

/// The hash chain's byte layout, computed independently of the database so verification does not trust it.
///
/// `hash = SHA-256(prev_hash ‖ int8(position) ‖ field(event_id) ‖ field(stream) ‖ int8(stream_version) ‖ field(type)
///  ‖ int8(recorded_at µs) ‖ int8(effective_at µs) ‖ field(actor) ‖ field(data) ‖ field(metadata))`,
/// where `int8` is 8 bytes big-endian, `field(x)` is a 4-byte big-endian byte length followed by the UTF-8 bytes,
/// the event id is its lowercase hyphenated text, and times are microseconds since the Unix epoch.
/// The same layout is in `ledger_event_hash()` (schema/001_event_log.sql) and in README.md.
public enum EventHash {
    /// The `prev_hash` of position 1.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public static func compute(prevHash: [UInt8], event: RecordedEvent) -> [UInt8] {
        compute(
            prevHash: prevHash, position: event.position, eventId: event.eventId.uuidString.lowercased(), stream: event.stream,
            streamVersion: event.streamVersion, type: event.type, recordedAtMicroseconds: microseconds(event.recordedAt),
            effectiveAtMicroseconds: microseconds(event.effectiveAt), actor: event.actor, data: event.data, metadata: event.metadata)
    }

    /// The same over the fields as an export carries them (the event id as its text, times as microseconds).
    public static func compute(
        prevHash: [UInt8], position: Int64, eventId: String, stream: String, streamVersion: Int64, type: String,
        recordedAtMicroseconds: Int64, effectiveAtMicroseconds: Int64, actor: String, data: [UInt8], metadata: [UInt8]
    ) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: prevHash)
        hasher.update(data: int8(position))
        hasher.update(data: field(Array(eventId.utf8)))
        hasher.update(data: field(Array(stream.utf8)))
        hasher.update(data: int8(streamVersion))
        hasher.update(data: field(Array(type.utf8)))
        hasher.update(data: int8(recordedAtMicroseconds))
        hasher.update(data: int8(effectiveAtMicroseconds))
        hasher.update(data: field(Array(actor.utf8)))
        hasher.update(data: field(data))
        hasher.update(data: field(metadata))
        return Array(hasher.finalize())
    }

    /// Microseconds since the Unix epoch, as the ledger stores them.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    private static func int8(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }

    private static func field(_ bytes: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal, as hashes are shown in the API and exports.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
