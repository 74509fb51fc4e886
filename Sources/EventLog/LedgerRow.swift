import Foundation
import Postgres

/// Reading ledger rows: one column list and one decoder, shared by every query over `ledger_events`.
enum LedgerRow {
    static let selectColumns = """
        SELECT position, event_id, stream, stream_version, type, recorded_at, effective_at, actor, data::text, metadata::text,
               prev_hash, hash FROM ledger_events
        """

    static func decode(_ row: PostgresRow) throws -> RecordedEvent {
        RecordedEvent(
            position: try row.decode(Int64.self, at: 0), eventId: try row.decode(UUID.self, at: 1), stream: try row.decode(String.self, at: 2),
            streamVersion: try row.decode(Int64.self, at: 3), type: try row.decode(String.self, at: 4),
            recordedAt: try row.decode(Date.self, at: 5), effectiveAt: try row.decode(Date.self, at: 6), actor: try row.decode(String.self, at: 7),
            data: Array(try row.decode(String.self, at: 8).utf8), metadata: Array(try row.decode(String.self, at: 9).utf8),
            prevHash: try row.decode([UInt8].self, at: 10), hash: try row.decode([UInt8].self, at: 11))
    }
}
