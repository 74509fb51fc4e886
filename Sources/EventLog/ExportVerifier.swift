import Foundation

/// What verifying an export found: `ok`, or the first problem, where (a ledger position, and for the decision log
/// the batch) and what (docs/VERIFYING.md §4–5 name the problems).
public struct ExportReport: Sendable, Equatable, Codable {
    public var ok: Bool { problem == nil }
    public var format: String?
    /// Events (or predictions) checked.
    public var checked: Int64 = 0
    public var batches: Int64 = 0
    public var firstPosition: Int64?
    public var lastPosition: Int64?
    /// The last event's hash (events export) or the checkpoint's root (decision log).
    public var headHash: String?
    public var checkpoint: Checkpoint?
    public var badPosition: Int64?
    public var batchId: String?
    public var problem: String?
    public var detail: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ok, format, checked, batches, firstPosition = "first_position", lastPosition = "last_position", headHash = "head_hash",
            checkpoint, badPosition = "bad_position", batchId = "batch_id", problem, detail
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(format, forKey: .format)
        try container.encode(checked, forKey: .checked)
        try container.encode(batches, forKey: .batches)
        try container.encode(firstPosition, forKey: .firstPosition)
        try container.encode(lastPosition, forKey: .lastPosition)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(badPosition, forKey: .badPosition)
        try container.encode(batchId, forKey: .batchId)
        try container.encode(problem, forKey: .problem)
        try container.encode(detail, forKey: .detail)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(String.self, forKey: .format)
        checked = try container.decode(Int64.self, forKey: .checked)
        batches = try container.decodeIfPresent(Int64.self, forKey: .batches) ?? 0
        firstPosition = try container.decodeIfPresent(Int64.self, forKey: .firstPosition)
        lastPosition = try container.decodeIfPresent(Int64.self, forKey: .lastPosition)
        headHash = try container.decodeIfPresent(String.self, forKey: .headHash)
        checkpoint = try container.decodeIfPresent(Checkpoint.self, forKey: .checkpoint)
        badPosition = try container.decodeIfPresent(Int64.self, forKey: .badPosition)
        batchId = try container.decodeIfPresent(String.self, forKey: .batchId)
        problem = try container.decodeIfPresent(String.self, forKey: .problem)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
    }
}

/// Verifies an events export or a decision log line by line, in constant memory (one batch of leaf hashes at most),
/// stopping at the first problem. Feed it every line, then call `finish()`.
public struct ExportVerifier {
    /// An earlier published checkpoint the export must agree with (a whole-ledger rewrite is caught this way).
    private let published: Checkpoint?
    /// The registry's public key (base64) every checkpoint must be signed with; without it a checkpoint is checked
    /// against the key it names (consistent, but not proof of who signed it).
    private let trustedKey: String?
    private let decoder = JSONDecoder()
    public private(set) var report = ExportReport()

    private enum Phase { case header, events, predictions, done }
    private var phase = Phase.header
    private var headerTo: Int64 = 0
    private var expected: Int64 = 1
    private var previousHash: [UInt8]?
    private var previousRecordedAt: Int64 = .min
    private var held: LedgerExport.EventLine?
    private var lastHash: [UInt8]?
    private var accumulator = MerkleAccumulator()
    private var publishedChecked = false
    private var sawCheckpoint = false
    // Decision log: the batch being read and every seal to prove against the checkpoint.
    private var batch: BatchLine?
    private var batchLeaves: [[UInt8]] = []
    private var seals: [(position: Int64, hash: [UInt8], proof: [String], batchId: String)] = []

    public init(publishedCheckpoint: Checkpoint? = nil, trustedKey: String? = nil) {
        self.published = publishedCheckpoint
        self.trustedKey = trustedKey ?? publishedCheckpoint?.publicKey
    }

    private struct Record: Decodable { var record: String }
    private struct Header: Decodable {
        var format: String
        var fromPosition: Int64?
        var toPosition: Int64?
        enum CodingKeys: String, CodingKey { case format, fromPosition = "from_position", toPosition = "to_position" }
    }
    private struct BatchLine: Decodable {
        var batchId: String
        var size: Int
        var merkleRoot: String
        var seal: LedgerExport.EventLine
        var inclusionProof: [String]
        enum CodingKeys: String, CodingKey { case batchId = "batch_id", size, merkleRoot = "merkle_root", seal, inclusionProof = "inclusion_proof" }
    }
    private struct PredictionLine: Decodable {
        var batchId: String
        var leafIndex: Int
        var leaf: String
        enum CodingKeys: String, CodingKey { case batchId = "batch_id", leafIndex = "leaf_index", leaf }
    }
    private struct SealData: Decodable {
        var batchId: String
        var size: Int
        var merkleRoot: String
        enum CodingKeys: String, CodingKey { case batchId = "batch_id", size, merkleRoot = "merkle_root" }
    }

    /// Checks one line (without its newline). Returns false once a problem has been found.
    @discardableResult
    public mutating func check(line: some Collection<UInt8>) -> Bool {
        guard report.ok, phase != .done else { return report.ok }
        let data = Data(line)
        if data.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return true }
        guard let kind = try? decoder.decode(Record.self, from: data) else {
            return fail(batch == nil ? expected : batch.map(\.seal.position), "malformed_line", "a line is not a JSON object with a record field")
        }
        switch (phase, kind.record) {
        case (.header, "header"):
            guard let header = try? decoder.decode(Header.self, from: data) else { return fail(nil, "malformed_line", "unreadable header") }
            report.format = header.format
            switch header.format {
            case LedgerExport.eventsFormat:
                guard let from = header.fromPosition, let to = header.toPosition, from >= 1 else {
                    return fail(nil, "malformed_line", "the header has no position range")
                }
                expected = from
                headerTo = to
                if from == 1 { previousHash = EventHash.genesis }
                phase = .events
            case LedgerExport.predictionsFormat:
                phase = .predictions
            default:
                return fail(nil, "malformed_line", "unknown export format \(header.format)")
            }
            return true
        case (.header, _):
            return fail(nil, "malformed_line", "the first line is not a header")
        case (.events, "event"):
            guard let event = try? decoder.decode(LedgerExport.EventLine.self, from: data) else {
                return fail(expected, "malformed_line", "an event line is missing fields")
            }
            return checkEvent(event)
        case (.predictions, "batch"):
            guard finishBatch(), let next = try? decoder.decode(BatchLine.self, from: data) else {
                return report.ok ? fail(nil, "malformed_line", "a batch line is missing fields") : false
            }
            return startBatch(next)
        case (.predictions, "prediction"):
            guard let prediction = try? decoder.decode(PredictionLine.self, from: data) else {
                return fail(batch?.seal.position, "malformed_line", "a prediction line is missing fields")
            }
            return checkPrediction(prediction)
        case (_, "checkpoint"):
            guard let line = try? decoder.decode(LedgerExport.CheckpointLine.self, from: data) else {
                return fail(report.lastPosition, "bad_checkpoint", "the checkpoint line is unreadable")
            }
            return checkCheckpoint(line)
        default:
            return fail(expected, "malformed_line", "unexpected \(kind.record) line")
        }
    }

    /// Ends the walk: anything still pending is a problem.
    public mutating func finish() -> ExportReport {
        guard report.ok else { return report }
        switch phase {
        case .header:
            _ = fail(nil, "malformed_line", "the export is empty")
        case .events:
            if held != nil {
                _ = fail(expected, "missing_position", "position \(expected) is missing")
            } else if expected <= headerTo {
                _ = fail(expected, "missing_position", "the header promises positions up to \(headerTo); the export ends at \(expected - 1)")
            } else if report.checked > 0 {
                _ = fail(report.lastPosition, "bad_checkpoint", "the export has no checkpoint line (truncated?)")
            }
        case .predictions:
            if finishBatch(), !seals.isEmpty { _ = fail(nil, "bad_checkpoint", "the decision log has no checkpoint line (truncated?)") }
        case .done:
            break
        }
        if report.ok, let published, !publishedChecked {
            _ = fail(
                published.treeSize, "checkpoint_mismatch",
                "the export does not start at position 1 and reach the published head's size \(published.treeSize)")
        }
        return report
    }

    // MARK: events

    private mutating func checkEvent(_ event: LedgerExport.EventLine) -> Bool {
        if held != nil {
            // The line before this one was not the expected position: a swap if this one is, a gap otherwise.
            if event.position == expected {
                return fail(expected, "reordered", "position \(expected) comes after position \(held!.position)")
            }
            return fail(expected, "missing_position", "position \(expected) is missing (found \(held!.position))")
        }
        if event.position != expected {
            held = event
            return true
        }
        guard let prev = [UInt8](hex: event.prevHash), let hash = [UInt8](hex: event.hash) else {
            return fail(event.position, "malformed_line", "a hash is not hexadecimal")
        }
        if let previousHash, prev != previousHash {
            return fail(event.position, "broken_link", "prev_hash is not the hash of position \(event.position - 1)")
        }
        guard event.recomputedHash() == hash else {
            return fail(event.position, "altered_event", "the hash does not match the event's content")
        }
        let recordedAt = LedgerTime.parseMicroseconds(event.recordedAt) ?? .min
        if recordedAt < previousRecordedAt {
            return fail(event.position, "time_went_backwards", "recorded_at is earlier than at position \(event.position - 1)")
        }
        if report.firstPosition == nil { report.firstPosition = event.position }
        report.checked += 1
        report.lastPosition = event.position
        report.headHash = event.hash
        previousHash = hash
        previousRecordedAt = recordedAt
        lastHash = hash
        expected += 1
        return comparePublished(leaf: hash, position: event.position)
    }

    /// Grows the tree of the export's event hashes and compares it with the published head when it reaches its size.
    private mutating func comparePublished(leaf: [UInt8], position: Int64) -> Bool {
        guard let published, !publishedChecked, report.firstPosition == 1 else { return true }
        accumulator.append(leafHash: MerkleTree.leafHash(leaf))
        guard Int64(accumulator.size) == published.treeSize else { return true }
        publishedChecked = true
        guard published.verifySignature(trustedKey: trustedKey) else {
            return fail(published.treeSize, "checkpoint_mismatch", "the published checkpoint's signature does not verify")
        }
        if accumulator.root.hexString != published.rootHash {
            return fail(
                published.treeSize, "checkpoint_mismatch",
                "the first \(published.treeSize) events do not give the published root: the ledger was rewritten at or before position \(published.treeSize)"
            )
        }
        return true
    }

    private mutating func checkCheckpoint(_ line: LedgerExport.CheckpointLine) -> Bool {
        sawCheckpoint = true
        if phase == .events {
            if held != nil { return fail(expected, "missing_position", "position \(expected) is missing") }
            if expected <= headerTo { return fail(expected, "missing_position", "the export ends at \(expected - 1), before \(headerTo)") }
        }
        if phase == .predictions, !finishBatch() { return false }
        let at = phase == .events ? report.lastPosition : seals.last?.position
        let checkpoint = line.checkpoint
        guard checkpoint.verifySignature(trustedKey: trustedKey) else {
            return fail(at, "bad_checkpoint", "the checkpoint's signature does not verify")
        }
        let root = checkpoint.rootBytes
        if phase == .events, let lastHash, let last = report.lastPosition {
            let path = line.inclusionProof.compactMap { [UInt8](hex: $0) }
            guard path.count == line.inclusionProof.count,
                MerkleTree.rootFromPath(leaf: MerkleTree.leafHash(lastHash), index: Int(last - 1), size: Int(checkpoint.treeSize), path: path) == root
            else { return fail(last, "bad_checkpoint", "the inclusion proof of position \(last) does not lead to the checkpoint's root") }
        }
        for seal in seals {
            let path = seal.proof.compactMap { [UInt8](hex: $0) }
            guard path.count == seal.proof.count,
                MerkleTree.rootFromPath(
                    leaf: MerkleTree.leafHash(seal.hash), index: Int(seal.position - 1), size: Int(checkpoint.treeSize), path: path)
                    == root
            else {
                report.batchId = seal.batchId
                return fail(seal.position, "bad_checkpoint", "the seal's inclusion proof does not lead to the checkpoint's root")
            }
        }
        if let previous = line.previousCheckpoint {
            let proof = line.consistencyProof.compactMap { [UInt8](hex: $0) }
            guard previous.verifySignature(trustedKey: trustedKey), proof.count == line.consistencyProof.count,
                MerkleTree.verifyConsistency(
                    oldSize: Int(previous.treeSize), newSize: Int(checkpoint.treeSize), oldRoot: previous.rootBytes, newRoot: root, proof: proof)
            else { return fail(at, "bad_checkpoint", "the checkpoint does not extend the previous one (consistency proof fails)") }
        }
        if phase == .predictions { report.headHash = checkpoint.rootHash }
        report.checkpoint = checkpoint
        phase = .done
        return true
    }

    // MARK: decision log

    private mutating func startBatch(_ next: BatchLine) -> Bool {
        report.batches += 1
        batch = next
        batchLeaves = []
        let seal = next.seal
        guard let hash = [UInt8](hex: seal.hash), seal.recomputedHash() == hash else {
            return failBatch(next, "seal_mismatch", "the seal event's hash does not recompute")
        }
        guard seal.type == "PredictionBatchSealed", let sealed = try? decoder.decode(SealData.self, from: Data(seal.data.utf8)),
            sealed.batchId == next.batchId, sealed.size == next.size, sealed.merkleRoot == next.merkleRoot
        else { return failBatch(next, "seal_mismatch", "the seal event does not name this batch, size and root") }
        seals.append((seal.position, hash, next.inclusionProof, next.batchId))
        if report.firstPosition == nil { report.firstPosition = seal.position }
        report.lastPosition = seal.position
        return true
    }

    private mutating func checkPrediction(_ prediction: PredictionLine) -> Bool {
        guard let batch else { return fail(nil, "malformed_line", "a prediction before any batch") }
        guard prediction.batchId == batch.batchId, prediction.leafIndex == batchLeaves.count else {
            return failBatch(batch, "missing_prediction", "leaf \(batchLeaves.count) is missing (found leaf \(prediction.leafIndex))")
        }
        batchLeaves.append(MerkleTree.leafHash(Array(prediction.leaf.utf8)))
        report.checked += 1
        return true
    }

    /// Closes the batch being read: every leaf present, and their root the sealed one.
    private mutating func finishBatch() -> Bool {
        guard report.ok else { return false }
        guard let batch else { return true }
        self.batch = nil
        if batchLeaves.count != batch.size {
            return failBatch(batch, "missing_prediction", "leaf \(batchLeaves.count) is missing: the batch holds \(batch.size)")
        }
        if MerkleTree.root(batchLeaves).hexString != batch.merkleRoot {
            return failBatch(batch, "root_mismatch", "the predictions do not give the sealed Merkle root (one was altered or two swapped)")
        }
        return true
    }

    private mutating func failBatch(_ batch: BatchLine, _ problem: String, _ detail: String) -> Bool {
        report.batchId = batch.batchId
        return fail(batch.seal.position, problem, detail)
    }

    private mutating func fail(_ position: Int64?, _ problem: String, _ detail: String) -> Bool {
        report.badPosition = position
        report.problem = problem
        report.detail = detail
        return false
    }
}
