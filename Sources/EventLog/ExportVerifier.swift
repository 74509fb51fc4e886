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

/// Verifies an events export or a decision log line by line, stopping at the first problem, in constant memory
/// (one batch of leaf hashes at most). Feed it every line, then call `finish()`.
public struct ExportVerifier {
    /// An earlier published checkpoint the export must agree with (a whole-ledger rewrite is caught this way).
    private let published: Checkpoint?
    /// The registry's public key (base64) every checkpoint must be signed with; without it a checkpoint is checked
    /// against the key it names (consistent, but not proof of who signed it).
    private let trustedKey: String?
    private let decoder = JSONDecoder()
    public private(set) var report = ExportReport()

    private enum Phase { case header, events, predictionsHead, predictions, done }
    private var phase = Phase.header
    /// A blank line is only allowed at the end of the file.
    private var blankLines = 0
    // Events export.
    private var headerTo: Int64 = 0
    private var expected: Int64 = 1
    private var previousHash: [UInt8]?
    private var previousRecordedAt: Int64 = .min
    private var held: LedgerExport.EventLine?
    private var lastHash: [UInt8]?
    private var accumulator = MerkleAccumulator()
    private var publishedChecked = false
    // Decision log: its head (checked first), the batch being read and where the last seal was.
    private var head: Checkpoint?
    private var batch: BatchLine?
    private var batchLeaves: [(index: Int, hash: [UInt8])] = []
    private var lastSealPosition: Int64 = 0

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
    private struct HeadLine: Decodable {
        var checkpoint: Checkpoint?
    }
    private struct EndLine: Decodable {
        var batches: Int64
        var predictions: Int64
    }

    /// Where a problem on the current line is reported: the position expected, or the batch's seal.
    private var here: Int64? { phase == .events ? expected : batch?.seal.position }

    /// Checks one line (without its newline). Returns false once a problem has been found.
    @discardableResult
    public mutating func check(line: some Collection<UInt8>) -> Bool {
        guard report.ok else { return false }
        let data = Data(line)
        if data.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            blankLines += 1
            return true
        }
        if blankLines > 0 { return fail(here, "malformed_line", "a blank line inside the export") }
        if phase == .done { return fail(here, "unexpected_line", "a line after the export's last record") }
        guard let kind = try? decoder.decode(Record.self, from: data) else {
            return fail(here, "malformed_line", "a line is not a JSON object with a record field")
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
                return true
            case LedgerExport.predictionsFormat:
                phase = .predictionsHead
                return true
            default:
                return fail(nil, "malformed_line", "unknown export format \(header.format)")
            }
        case (.header, _):
            return fail(nil, "malformed_line", "the first line is not a header")
        case (.events, "event"):
            guard let event = try? decoder.decode(LedgerExport.EventLine.self, from: data) else {
                return fail(expected, "malformed_line", "an event line is missing fields")
            }
            return checkEvent(event)
        case (.events, "checkpoint"):
            guard let line = try? decoder.decode(LedgerExport.CheckpointLine.self, from: data) else {
                return fail(report.lastPosition, "bad_checkpoint", "the checkpoint line is unreadable")
            }
            return checkEventsCheckpoint(line)
        case (.predictionsHead, "checkpoint"):
            guard let line = try? decoder.decode(HeadLine.self, from: data) else {
                return fail(nil, "bad_checkpoint", "the checkpoint line is unreadable")
            }
            if let checkpoint = line.checkpoint {
                guard checkpoint.verifySignature(trustedKey: trustedKey) else {
                    return fail(nil, "bad_checkpoint", "the checkpoint's signature does not verify")
                }
                head = checkpoint
                report.checkpoint = checkpoint
                report.headHash = checkpoint.rootHash
            }
            phase = .predictions
            return true
        case (.predictions, "batch"):
            guard finishBatch() else { return false }
            guard let next = try? decoder.decode(BatchLine.self, from: data) else {
                return fail(lastSealPosition, "malformed_line", "a batch line is missing fields")
            }
            return startBatch(next)
        case (.predictions, "prediction"):
            guard let prediction = try? decoder.decode(PredictionLine.self, from: data) else {
                return fail(batch?.seal.position, "malformed_line", "a prediction line is missing fields")
            }
            return checkPrediction(prediction)
        case (.predictions, "end"):
            guard finishBatch() else { return false }
            guard let end = try? decoder.decode(EndLine.self, from: data), end.batches == report.batches, end.predictions == report.checked else {
                return fail(lastSealPosition, "missing_batch", "the end line does not count the batches and predictions the export holds")
            }
            phase = .done
            return true
        default:
            return fail(here, "unexpected_line", "a \(kind.record) line where it does not belong")
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
        case .predictionsHead, .predictions:
            if finishBatch() { _ = fail(lastSealPosition, "truncated", "the decision log ends before its end line") }
        case .done:
            break
        }
        if report.ok, let published, !publishedChecked {
            _ = fail(
                published.treeSize, "checkpoint_not_covered",
                "to compare with a published head, the export must start at position 1 and reach \(published.treeSize)")
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
        if event.position > headerTo, event.position == expected {
            return fail(event.position, "unexpected_line", "position \(event.position) is beyond the header's range (up to \(headerTo))")
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
        return comparePublished(leaf: hash)
    }

    /// Grows the tree of the export's event hashes and compares it with the published head when it reaches its size.
    private mutating func comparePublished(leaf: [UInt8]) -> Bool {
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

    private mutating func checkEventsCheckpoint(_ line: LedgerExport.CheckpointLine) -> Bool {
        if held != nil { return fail(expected, "missing_position", "position \(expected) is missing") }
        if expected <= headerTo { return fail(expected, "missing_position", "the export ends at \(expected - 1), before \(headerTo)") }
        let checkpoint = line.checkpoint
        let at = report.lastPosition
        guard checkpoint.verifySignature(trustedKey: trustedKey) else {
            return fail(at, "bad_checkpoint", "the checkpoint's signature does not verify")
        }
        let root = checkpoint.rootBytes
        if let lastHash, let last = report.lastPosition {
            guard verifyInclusion(leaf: lastHash, position: last, proof: line.inclusionProof, in: checkpoint) else {
                return fail(last, "bad_checkpoint", "the inclusion proof of position \(last) does not lead to the checkpoint's root")
            }
        }
        if let previous = line.previousCheckpoint {
            let proof = line.consistencyProof.compactMap { [UInt8](hex: $0) }
            guard previous.verifySignature(trustedKey: trustedKey), proof.count == line.consistencyProof.count,
                MerkleTree.verifyConsistency(
                    oldSize: Int(previous.treeSize), newSize: Int(checkpoint.treeSize), oldRoot: previous.rootBytes, newRoot: root, proof: proof)
            else { return fail(at, "bad_checkpoint", "the checkpoint does not extend the previous one (consistency proof fails)") }
        }
        report.checkpoint = checkpoint
        phase = .done
        return true
    }

    private func verifyInclusion(leaf: [UInt8], position: Int64, proof: [String], in checkpoint: Checkpoint) -> Bool {
        let path = proof.compactMap { [UInt8](hex: $0) }
        return path.count == proof.count
            && MerkleTree.rootFromPath(leaf: MerkleTree.leafHash(leaf), index: Int(position - 1), size: Int(checkpoint.treeSize), path: path)
                == checkpoint.rootBytes
    }

    // MARK: decision log

    private mutating func startBatch(_ next: BatchLine) -> Bool {
        report.batches += 1
        batch = next
        batchLeaves = []
        let seal = next.seal
        guard seal.position > lastSealPosition else {
            return failBatch(next, "reordered", "the batch sealed at position \(seal.position) comes after the one sealed at \(lastSealPosition)")
        }
        lastSealPosition = seal.position
        guard let hash = [UInt8](hex: seal.hash), seal.recomputedHash() == hash else {
            return failBatch(next, "seal_mismatch", "the seal event's hash does not recompute")
        }
        guard seal.type == "PredictionBatchSealed", let sealed = try? decoder.decode(SealData.self, from: Data(seal.data.utf8)),
            sealed.batchId == next.batchId, sealed.size == next.size, sealed.merkleRoot == next.merkleRoot
        else { return failBatch(next, "seal_mismatch", "the seal event does not name this batch, size and root") }
        guard let head, verifyInclusion(leaf: hash, position: seal.position, proof: next.inclusionProof, in: head) else {
            return failBatch(next, "bad_checkpoint", "the seal's inclusion proof does not lead to the checkpoint's root")
        }
        if report.firstPosition == nil { report.firstPosition = seal.position }
        report.lastPosition = seal.position
        return true
    }

    private mutating func checkPrediction(_ prediction: PredictionLine) -> Bool {
        guard let batch, prediction.batchId == batch.batchId else {
            return fail(batch?.seal.position, "unexpected_line", "a prediction outside its batch")
        }
        batchLeaves.append((prediction.leafIndex, MerkleTree.leafHash(Array(prediction.leaf.utf8))))
        report.checked += 1
        return true
    }

    /// Closes the batch being read: leaves 0 … n − 1 each once, and their root (in the file's order) the sealed one.
    private mutating func finishBatch() -> Bool {
        guard report.ok else { return false }
        guard let batch else { return true }
        self.batch = nil
        let indices = Set(batchLeaves.map(\.index))
        if batchLeaves.count != batch.size || indices.count != batch.size || !indices.allSatisfy({ (0..<batch.size).contains($0) }) {
            let missing = (0..<batch.size).first { !indices.contains($0) } ?? batch.size
            return failBatch(batch, "missing_prediction", "leaf \(missing) is missing or a leaf is repeated: the batch holds \(batch.size)")
        }
        if MerkleTree.root(batchLeaves.map(\.hash)).hexString != batch.merkleRoot {
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
