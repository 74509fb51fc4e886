import EventLog
import Foundation
import Postgres
import RegistryDomain

/// Where an export starts and ends: ledger positions, or instants of recording (resolved to positions).
public enum ExportBound: Sendable, Equatable {
    case position(Int64)
    case instant(Date)

    /// A number is a position; anything else must be an RFC 3339 instant (or a bare date).
    public static func parse(_ text: String) -> ExportBound? {
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let position = Int64(text) { return .position(position) }
        return RFC3339.parse(text).map(ExportBound.instant)
    }
}

/// The streamed exports of docs/VERIFYING.md §4–5: the ledger (change and decision events with every field their
/// hashes need) and the decision log (predictions with their batches and seals). Both read in pages by key, so a
/// ten-million-event export needs the memory of one page; both end with a signed head and the proofs tying the
/// export to it. For auditors and admins.
public struct Exports: Sendable {
    let pool: PostgresConnectionPool
    let checkpoints: Checkpoints
    static let pageSize = 5_000

    public init(pool: PostgresConnectionPool, checkpoints: Checkpoints) {
        self.pool = pool
        self.checkpoints = checkpoints
    }

    /// Positions `from … to` of an events export, checked before the first byte is sent.
    public struct EventsPlan: Sendable {
        public let fromPosition: Int64
        public let toPosition: Int64
    }

    /// Resolves the range (`from` inclusive; `to` inclusive for positions, exclusive for instants) against the
    /// ledger as it stands; the export never reaches past the head at this moment.
    public func planEvents(from: ExportBound?, to: ExportBound?, caller: Caller) async throws -> EventsPlan {
        try Checkpoints.requireAuditor(caller)
        return try await pool.withSession { session in
            let head = try session.query("SELECT position FROM ledger_head WHERE singleton").first?.decode(Int64.self, at: 0) ?? 0
            func position(_ bound: ExportBound?, first: Bool) throws -> Int64 {
                switch bound {
                case nil: return first ? 1 : head
                case .position(let position):
                    guard position >= 1 else { throw RegistryError(.invalid, "invalid_range", "positions start at 1") }
                    return first ? position : min(position, head)
                case .instant(let instant):
                    let sql: SQLQuery =
                        first
                        ? "SELECT coalesce(min(position), \(head + 1)) FROM ledger_events WHERE recorded_at >= \(instant)"
                        : "SELECT coalesce(max(position), 0) FROM ledger_events WHERE recorded_at < \(instant)"
                    return try session.query(sql).first?.decode(Int64.self, at: 0) ?? 0
                }
            }
            return EventsPlan(fromPosition: try position(from, first: true), toPosition: try position(to, first: false))
        }
    }

    /// Writes the export as JSON Lines, a page of events per `write`.
    public func streamEvents(_ plan: EventsPlan, write: ([UInt8]) async throws -> Void) async throws {
        var header = JSONObjectWriter()
        header.field("record", string: "header")
        header.field("format", string: LedgerExport.eventsFormat)
        header.field("from_position", number: plan.fromPosition)
        header.field("to_position", number: plan.toPosition)
        header.field("exported_at", string: LedgerTime.format(Date()))
        try await write(header.finish() + [UInt8(ascii: "\n")])
        // The next page is read while this one is formatted and sent: the database and the formatting overlap,
        // and memory holds two pages at most.
        let pool = self.pool
        func fetch(after cursor: Int64) -> Task<[RecordedEvent], any Error>? {
            guard cursor < plan.toPosition else { return nil }
            let limit = Int(min(Int64(Self.pageSize), plan.toPosition - cursor))
            return Task { try await pool.withSession { session in try PostgresEventLog.read(afterPosition: cursor, limit: limit, in: session) } }
        }
        var pending = fetch(after: plan.fromPosition - 1)
        defer { pending?.cancel() }
        while let current = pending {
            let page = try await current.value
            guard let last = page.last else { break }
            pending = fetch(after: last.position)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(page.count * 600)
            for event in page {
                chunk.append(contentsOf: LedgerExport.eventObject(event))
                chunk.append(UInt8(ascii: "\n"))
            }
            try await write(chunk)
        }
        guard plan.toPosition >= plan.fromPosition else { return }
        try await write(try await checkpointLine(covering: plan.toPosition))
    }

    /// The last line of an events export: the signed head covering `position`, the audit path of `position` in it,
    /// and the previous head with the consistency proof from it.
    func checkpointLine(covering position: Int64) async throws -> [UInt8] {
        let head = try await checkpoints.covering(position: position)
        let path = try await checkpoints.auditPath(position: position, treeSize: head.treeSize)
        var consistency: [[UInt8]] = []
        let previous = try await checkpoints.previous(before: head.treeSize)
        if let previous { consistency = try await checkpoints.consistencyPath(from: previous.treeSize, to: head.treeSize) }
        return try Self.jsonLine(
            LedgerExport.CheckpointLine(checkpoint: head, inclusionProof: path, previousCheckpoint: previous, consistencyProof: consistency))
    }

    static func jsonLine(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }

    public enum PredictionsFormat: String, Sendable {
        case jsonl, csv
    }

    /// Batches sealed in `[from, to)` of a decision-log export.
    public struct PredictionsPlan: Sendable {
        public let from: Date
        public let to: Date
        public let format: PredictionsFormat
    }

    public func planPredictions(from: Date?, to: Date?, format: PredictionsFormat, caller: Caller) throws -> PredictionsPlan {
        try Checkpoints.requireAuditor(caller)
        let plan = PredictionsPlan(from: from ?? Date(timeIntervalSince1970: -2_208_988_800), to: to ?? Date.distantFuture, format: format)
        guard plan.from < plan.to else { throw RegistryError(.invalid, "invalid_range", "from must be before to") }
        return plan
    }

    static let csvHeader = "batch_id,seal_position,merkle_root,leaf_index,prediction_id,recorded_at,model_id,version,kind,caller,leaf\n"

    /// Writes the decision log: the header, the signed head that covers every seal in it, then per sealed batch its
    /// seal event (with the seal's inclusion proof in that head) and its predictions in leaf order, and a last line
    /// counting them, so a truncated file is caught. CSV holds the same predictions without proofs.
    public func streamPredictions(_ plan: PredictionsPlan, write: ([UInt8]) async throws -> Void) async throws {
        // Batches are found through the ledger: a seal's recorded_at is its batch's sealed_at, and the ledger has an
        // index on recorded_at; the positions in range then select batches by their unique seal_position.
        let (firstPosition, lastSeal) = try await pool.withSession { session -> (Int64, Int64) in
            let row = try session.query(
                """
                SELECT coalesce(min(position), 0), coalesce(max(position) FILTER (WHERE type = 'PredictionBatchSealed'), 0)
                FROM ledger_events WHERE recorded_at >= \(plan.from) AND recorded_at < \(plan.to)
                """
            ).first
            return (try row?.decode(Int64.self, at: 0) ?? 0, try row?.decode(Int64.self, at: 1) ?? 0)
        }
        // The head is fixed first, so every seal in the export is in it and the batch lines can carry their proofs.
        let head = lastSeal > 0 ? try await checkpoints.covering(position: lastSeal) : nil
        if plan.format == .csv {
            try await write(Array(Self.csvHeader.utf8))
        } else {
            var header = JSONObjectWriter()
            header.field("record", string: "header")
            header.field("format", string: LedgerExport.predictionsFormat)
            header.field("from", string: LedgerTime.format(plan.from))
            header.field("to", string: plan.to == .distantFuture ? "" : LedgerTime.format(plan.to))
            header.field("exported_at", string: LedgerTime.format(Date()))
            try await write(header.finish() + [UInt8(ascii: "\n")])
            try await write(try Self.jsonLine(PredictionsHead(checkpoint: head)))
        }
        var afterSeal = firstPosition - 1
        var batchCount: Int64 = 0
        var predictionCount: Int64 = 0
        while afterSeal < lastSeal {
            let cursor = afterSeal
            let batches = try await pool.withSession { session in
                try session.query(
                    """
                    SELECT batch_id, size, encode(merkle_root, 'hex'), seal_position, sealed_at FROM prediction_batches
                    WHERE seal_position > \(cursor) AND seal_position <= \(lastSeal) ORDER BY seal_position LIMIT 100
                    """
                ).map { row in
                    (
                        id: try row.decode(UUID.self, at: 0), size: try row.decode(Int.self, at: 1), root: try row.decode(String.self, at: 2),
                        seal: try row.decode(Int64.self, at: 3), sealedAt: try row.decode(Date.self, at: 4)
                    )
                }
            }
            guard let last = batches.last else { break }
            afterSeal = last.seal
            for batch in batches {
                let (seal, rows) = try await pool.withSession { session in
                    (
                        try PostgresEventLog.read(afterPosition: batch.seal - 1, limit: 1, in: session).first,
                        try session.query(
                            """
                            SELECT leaf_index, prediction_id, model_id, version, kind, caller, leaf FROM predictions
                            WHERE recorded_at = \(batch.sealedAt) AND batch_id = \(batch.id) ORDER BY leaf_index
                            """
                        ).map { row in
                            (
                                index: try row.decode(Int64.self, at: 0), id: try row.decode(UUID.self, at: 1),
                                model: try row.decode(UUID.self, at: 2),
                                version: try row.decode(Int64.self, at: 3), kind: try row.decode(String.self, at: 4),
                                caller: try row.decode(String.self, at: 5), leaf: try row.decode(String.self, at: 6)
                            )
                        }
                    )
                }
                guard let seal, let head else { throw RegistryError(.unavailable, "seal_missing", "the seal at position \(batch.seal) is missing") }
                let batchId = batch.id.uuidString.lowercased()
                let recordedAt = LedgerTime.format(batch.sealedAt)
                var chunk: [UInt8] = []
                if plan.format == .csv {
                    for row in rows {
                        let fields = [
                            batchId, String(batch.seal), batch.root, String(row.index), row.id.uuidString.lowercased(), recordedAt,
                            row.model.uuidString.lowercased(), String(row.version), row.kind, row.caller, row.leaf,
                        ]
                        chunk.append(contentsOf: (fields.map(Self.csvField).joined(separator: ",") + "\n").utf8)
                    }
                } else {
                    var line = JSONObjectWriter()
                    line.field("record", string: "batch")
                    line.field("batch_id", string: batchId)
                    line.field("size", number: Int64(batch.size))
                    line.field("merkle_root", string: batch.root)
                    line.field("seal", raw: LedgerExport.eventObject(seal, record: nil))
                    let path = try await checkpoints.auditPath(position: batch.seal, treeSize: head.treeSize)
                    line.field("inclusion_proof", raw: Array(("[" + path.map { "\"\($0.hexString)\"" }.joined(separator: ",") + "]").utf8))
                    chunk.append(contentsOf: line.finish() + [UInt8(ascii: "\n")])
                    for row in rows {
                        var prediction = JSONObjectWriter()
                        prediction.field("record", string: "prediction")
                        prediction.field("batch_id", string: batchId)
                        prediction.field("leaf_index", number: row.index)
                        prediction.field("prediction_id", string: row.id.uuidString.lowercased())
                        prediction.field("recorded_at", string: recordedAt)
                        prediction.field("leaf", string: row.leaf)
                        chunk.append(contentsOf: prediction.finish() + [UInt8(ascii: "\n")])
                    }
                }
                try await write(chunk)
                batchCount += 1
                predictionCount += Int64(rows.count)
            }
        }
        guard plan.format == .jsonl else { return }
        var end = JSONObjectWriter()
        end.field("record", string: "end")
        end.field("batches", number: batchCount)
        end.field("predictions", number: predictionCount)
        try await write(end.finish() + [UInt8(ascii: "\n")])
    }

    /// The decision log's second line: the head every seal in it is proved against (null when it holds none).
    struct PredictionsHead: Encodable {
        var record = "checkpoint"
        var checkpoint: Checkpoint?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(record, forKey: .record)
            try container.encode(checkpoint, forKey: .checkpoint)
        }

        enum CodingKeys: String, CodingKey { case record, checkpoint }
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    public static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
