import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// One prediction to log: what was asked, of which version, by whom, and what the model answered.
public struct PredictionRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Served now, by the version the alias points at (or the version asked for).
        case served
        /// "What would we have predicted": served by the version in force at an earlier instant.
        case reconstructed
        /// Made elsewhere (any format) and reported to the registry.
        case reported
    }

    public var predictionId: UUID
    public var kind: Kind
    public var modelId: UUID
    public var model: String
    public var version: Int
    public var alias: String?
    public var asOf: AsOf?
    public var madeAt: Date
    public var caller: String
    public var requestId: String
    public var inputs: JSONValue
    public var output: JSONValue
    /// The caller's reference for the case (a loan application, a forecast round …), for reported predictions.
    public var caseReference: String?

    public init(
        predictionId: UUID = UUID(), kind: Kind, modelId: UUID, model: String, version: Int, alias: String? = nil, asOf: AsOf? = nil, madeAt: Date,
        caller: String, requestId: String, inputs: JSONValue, output: JSONValue, caseReference: String? = nil
    ) {
        self.predictionId = predictionId
        self.kind = kind
        self.modelId = modelId
        self.model = model
        self.version = version
        self.alias = alias
        self.asOf = asOf
        self.madeAt = madeAt
        self.caller = caller
        self.requestId = requestId
        self.inputs = inputs
        self.output = output
        self.caseReference = caseReference
    }

    /// The canonical JSON the Merkle leaf hashes: every field, sorted keys, RFC 3339 microsecond times — the bytes
    /// `canonicalLeaf` gives, written field by field in the keys' sorted order (a batch writes thousands).
    public var leaf: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        var first = true
        func key(_ name: StaticString) {
            bytes.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            bytes.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: "\":".utf8)
        }
        // Keys in sorted order (as Foundation's sortedKeys orders these ASCII names).
        if let alias {
            key("alias")
            JSONValue.writeString(alias, to: &bytes)
        }
        if let asOf {
            key("as_of")
            JSONValue.object(["at": .string(RFC3339.format(asOf.at)), "known_at": .string(RFC3339.format(asOf.knownAt))])
                .writeCanonical(to: &bytes)
        }
        key("caller")
        JSONValue.writeString(caller, to: &bytes)
        if let caseReference {
            key("case_reference")
            JSONValue.writeString(caseReference, to: &bytes)
        }
        key("inputs")
        inputs.writeCanonical(to: &bytes)
        key("kind")
        JSONValue.writeString(kind.rawValue, to: &bytes)
        key("made_at")
        JSONValue.writeString(RFC3339.format(madeAt), to: &bytes)
        key("model")
        JSONValue.writeString(model, to: &bytes)
        key("model_id")
        JSONValue.writeString(modelId.uuidString.lowercased(), to: &bytes)
        key("output")
        output.writeCanonical(to: &bytes)
        key("prediction_id")
        JSONValue.writeString(predictionId.uuidString.lowercased(), to: &bytes)
        key("request_id")
        JSONValue.writeString(requestId, to: &bytes)
        key("version")
        JSONValue.number(Double(version)).writeCanonical(to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// The leaf as a JSON object encoded canonically: the definition `leaf` must equal (tests hold them equal).
    public var canonicalLeaf: [UInt8] {
        var fields: [String: JSONValue] = [
            "prediction_id": .string(predictionId.uuidString.lowercased()), "kind": .string(kind.rawValue),
            "model_id": .string(modelId.uuidString.lowercased()), "model": .string(model), "version": .number(Double(version)),
            "made_at": .string(RFC3339.format(madeAt)), "caller": .string(caller), "request_id": .string(requestId), "inputs": inputs,
            "output": output,
        ]
        if let alias { fields["alias"] = .string(alias) }
        if let caseReference { fields["case_reference"] = .string(caseReference) }
        if let asOf { fields["as_of"] = .object(["at": .string(RFC3339.format(asOf.at)), "known_at": .string(RFC3339.format(asOf.knownAt))]) }
        return JSONValue.object(fields).canonicalBytes
    }
}

/// Where a logged prediction went: its batch, its leaf, and the ledger event that sealed the batch.
public struct PredictionReceipt: Sendable, Codable, Equatable {
    public var predictionId: UUID
    public var batchId: UUID
    public var leafIndex: Int
    public var recordedAt: Date
    public var merkleRoot: String
    public var sealPosition: Int64

    enum CodingKeys: String, CodingKey {
        case predictionId = "prediction_id", batchId = "batch_id", leafIndex = "leaf_index", recordedAt = "recorded_at",
            merkleRoot = "merkle_root", sealPosition = "seal_position"
    }
}

/// The prediction log (schema/004): concurrent requests' predictions share a batch and one commit (group commit),
/// and each batch is sealed by a `PredictionBatchSealed` ledger event in the same transaction. A caller is answered
/// only once its batch and seal are durable.
public final class PredictionLog: Sendable {
    /// The ledger stream the seals go to.
    public static let stream = "predictions"
    private let committer: GroupCommitter<[PredictionRecord], [PredictionReceipt]>
    private let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool, logger: Logger, maxBatch: Int = 256) {
        self.pool = pool
        committer = GroupCommitter(maxBatch: maxBatch) { requests in await Self.write(requests, pool: pool, logger: logger) }
    }

    /// The ids of a request's `count` predictions: random, or derived from its `Idempotency-Key`, so that a retry
    /// finds what its first attempt logged (see `logged`) even when that attempt's answer never reached the client.
    public static func predictionIds(count: Int, caller: String, idempotencyKey: String?) -> [UUID] {
        guard let idempotencyKey else { return (0..<count).map { _ in UUID() } }
        return (0..<count).map { UUID.nameBased("\(caller)\u{0}\(idempotencyKey)\u{0}prediction\u{0}\($0)") }
    }

    /// A prediction found in the log, with where it went and its leaf as stored.
    public struct Logged: Sendable {
        public var receipt: PredictionReceipt
        public var leaf: JSONValue
    }

    /// The predictions already logged under `ids`, in the order of `ids`: nil for a new request, all of them for a
    /// retry whose first attempt committed (a request's predictions share one batch and one transaction). Some but
    /// not all means the key was first used for a request of another size: refused as a reused key.
    public func logged(_ ids: [UUID]) async throws -> [Logged]? {
        let rows = try await pool.withSession { session in
            try session.query(
                """
                SELECT p.prediction_id, p.batch_id, p.leaf_index, p.recorded_at, encode(b.merkle_root, 'hex'), b.seal_position, p.leaf
                FROM predictions p JOIN prediction_batches b USING (batch_id) WHERE p.prediction_id = ANY(\(ids)::uuid[])
                """
            ).map { row in
                Logged(
                    receipt: PredictionReceipt(
                        predictionId: try row.decode(UUID.self, at: 0), batchId: try row.decode(UUID.self, at: 1),
                        leafIndex: try row.decode(Int.self, at: 2), recordedAt: try row.decode(Date.self, at: 3),
                        merkleRoot: try row.decode(String.self, at: 4), sealPosition: try row.decode(Int64.self, at: 5)),
                    leaf: try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(String.self, at: 6).utf8)))
            }
        }
        let byId = Dictionary(rows.map { ($0.receipt.predictionId, $0) }, uniquingKeysWith: { first, _ in first })
        let found = ids.compactMap { byId[$0] }
        if found.isEmpty { return nil }
        guard found.count == ids.count else {
            throw RegistryError(.unprocessable, "idempotency_key_reused", "this Idempotency-Key was already used for a different request")
        }
        return found
    }

    /// Logs `records` durably; the receipts come in the same order.
    public func record(_ records: [PredictionRecord]) async throws -> [PredictionReceipt] {
        guard !records.isEmpty else { return [] }
        return try await committer.submit(records)
    }

    private static func write(_ requests: [[PredictionRecord]], pool: PostgresConnectionPool, logger: Logger) async -> [Result<
        [PredictionReceipt], any Error
    >] {
        do {
            let receipts = try await pool.withSession(priority: .batch) { session in
                try session.transaction { session in try writeBatch(requests.flatMap { $0 }, in: session) }
            }
            var offset = 0
            return requests.map { request in
                defer { offset += request.count }
                return .success(Array(receipts[offset..<offset + request.count]))
            }
        } catch {
            logger.warning("prediction batch failed", metadata: ["batch.requests": "\(requests.count)", "error": "\(error)"])
            // Passed on as it came: the committer tells a stalled database by its SQLSTATE, the HTTP layer maps it.
            return requests.map { _ in .failure(error) }
        }
    }

    private static func writeBatch(_ records: [PredictionRecord], in session: PostgresSession) throws -> [PredictionReceipt] {
        let batchId = UUID()
        // The batch's time, which every row carries as recorded_at (and prediction_batches as sealed_at, the key
        // its rows are found by); the month's partition exists before its first row. The seal event is recorded
        // just after, in the same transaction.
        guard
            let batchTime = try session.query("SELECT prediction_prepare_month(now.t), now.t FROM (SELECT clock_timestamp() AS t) now").first?
                .decode(Date.self, at: 1)
        else { throw RegistryError(.unavailable, "batch_time", "the database gave no time") }
        // Rows are prepared on the other cores, slice by slice, while the connection streams the finished slices
        // into COPY: the database inserts while Swift builds leaves, hashes and rows.
        let prepared = PreparedRows(records, batchId: batchId, recordedAt: RFC3339.format(batchTime))
        _ = try session.copyIn(
            table: """
                COPY predictions (recorded_at, prediction_id, batch_id, leaf_index, kind, model_id, version, alias, caller, request_id, leaf)
                FROM STDIN
                """
        ) { send in
            for slice in 0..<prepared.slices {
                var bytes = prepared.copyText(slice)
                try send(&bytes)
            }
        }
        let root = MerkleTree.root(prepared.leafHashes())
        let rootHex = root.hexString
        let seal = RegistryEvent.predictionBatchSealed(PredictionBatchSealed(batchId: batchId, size: records.count, merkleRoot: rootHex))
        let sealed = try PostgresEventLog.append(
            AppendRequest(
                stream: stream, expectedVersion: .any, actor: "registry",
                events: [NewEvent(type: seal.typeName, data: seal.encodedPayload())]), in: session)
        guard let event = sealed.events.first else { throw RegistryError(.unavailable, "seal_failed", "the batch could not be sealed") }
        try session.execute(
            """
            INSERT INTO prediction_batches (batch_id, size, merkle_root, seal_position, sealed_at)
            VALUES (\(batchId), \(records.count), \(root), \(event.position), \(batchTime))
            """)
        return records.enumerated().map { index, record in
            PredictionReceipt(
                predictionId: record.predictionId, batchId: batchId, leafIndex: index, recordedAt: batchTime, merkleRoot: rootHex,
                sealPosition: event.position)
        }
    }
}

/// A batch's per-row work — each prediction's canonical leaf, the leaf's hash, and its COPY row — done on the
/// global concurrent queue in slices, started at once; `copyText(_:)` waits for one slice, so the connection can
/// send slice k while slices k+1 … are still being built. A batch of 10,000 reported predictions spends most of its
/// Swift time here.
final class PreparedRows: @unchecked Sendable {
    let slices: Int
    private let count: Int
    // Each slice writes only its own entries, through buffers allocated once (no array is shared or resized), and
    // signals its semaphore; readers wait for it first, so writes and reads never overlap (hence @unchecked).
    private let hashes: UnsafeMutableBufferPointer<[UInt8]>
    private let text: UnsafeMutableBufferPointer<[UInt8]>
    private let done: [DispatchSemaphore]

    init(_ records: [PredictionRecord], batchId: UUID, recordedAt: String) {
        count = records.count
        slices = records.count < 512 ? 1 : 8
        hashes = .allocate(capacity: records.count)
        hashes.initialize(repeating: [])
        text = .allocate(capacity: slices)
        text.initialize(repeating: [])
        done = (0..<slices).map { _ in DispatchSemaphore(value: 0) }
        let batch = batchId.uuidString.lowercased()
        for slice in 0..<slices {
            let range = (count * slice / slices)..<(count * (slice + 1) / slices)
            DispatchQueue.global().async { [self] in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(range.count * 420)
                var sliceHashes: [[UInt8]] = []
                sliceHashes.reserveCapacity(range.count)
                for index in range {
                    let record = records[index]
                    let leaf = record.leaf
                    sliceHashes.append(MerkleTree.leafHash(leaf))
                    PostgresCopyEncoder.append(
                        [
                            recordedAt, record.predictionId.uuidString.lowercased(), batch, String(index), record.kind.rawValue,
                            record.modelId.uuidString.lowercased(), String(record.version), record.alias, record.caller, record.requestId,
                            String(decoding: leaf, as: UTF8.self),
                        ], to: &bytes)
                }
                self.store(slice: slice, range: range, hashes: sliceHashes, text: bytes)
                self.done[slice].signal()
            }
        }
    }

    deinit {
        // Every slice has finished before the batch is done with the rows (`leafHashes()` waits for all of them).
        for semaphore in done { semaphore.wait() }
        hashes.deinitialize()
        hashes.deallocate()
        text.deinitialize()
        text.deallocate()
    }

    private func store(slice: Int, range: Range<Int>, hashes sliceHashes: [[UInt8]], text bytes: [UInt8]) {
        for (offset, hash) in sliceHashes.enumerated() { hashes[range.lowerBound + offset] = hash }
        text[slice] = bytes
    }

    /// The COPY text of one slice, once it is built.
    func copyText(_ slice: Int) -> [UInt8] {
        done[slice].wait()
        done[slice].signal()
        return text[slice]
    }

    /// Every leaf hash in order, once every slice is built.
    func leafHashes() -> [[UInt8]] {
        for semaphore in done {
            semaphore.wait()
            semaphore.signal()
        }
        return Array(hashes)
    }
}
