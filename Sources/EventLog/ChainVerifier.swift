import Foundation
import Postgres

/// The outcome of walking the hash chain.
public struct VerificationReport: Sendable, Equatable {
    public enum Problem: String, Sendable {
        case missingPosition = "missing_position"
        case brokenLink = "broken_link"
        case alteredEvent = "altered_event"
        case timeWentBackwards = "time_went_backwards"
        case headMismatch = "head_mismatch"
        case reordered = "reordered"
        /// A signed checkpoint does not match the ledger's prefix of its size, or its signature does not verify.
        case checkpointMismatch = "checkpoint_mismatch"
    }

    /// How many events were checked and the last good position and hash.
    public var checked: Int64
    public var firstPosition: Int64?
    public var lastPosition: Int64
    public var headHash: [UInt8]
    /// The first problem found, if any: where and what.
    public var badPosition: Int64?
    public var problem: Problem?
    public var detail: String?

    /// Signed checkpoints compared with the ledger's prefix of their size.
    public var checkpointsChecked = 0

    public var ok: Bool { problem == nil }
}

/// Walks the ledger in position order and recomputes every hash in Swift, independently of the database's own
/// `ledger_event_hash()`, stopping at the first problem. Alongside, it grows the Merkle tree of the hashes and
/// compares it with every signed checkpoint it is given: a ledger rewritten wholesale, every hash recomputed, keeps
/// a valid chain but no longer gives the roots signed earlier.
public struct ChainVerifier: Sendable {
    private var expectedPosition: Int64 = 1
    private var previousHash = EventHash.genesis
    private var previousRecordedAt: Date = .distantPast
    /// An event whose link was broken, held for one event: if the next one links where it should have, the two
    /// were swapped.
    private var suspect: RecordedEvent?
    private var tree = MerkleAccumulator()
    /// Checkpoints still to compare, smallest first.
    private var checkpoints: [Checkpoint]
    private var lastMatchingCheckpoint: Int64 = 0
    private(set) public var report = VerificationReport(checked: 0, firstPosition: nil, lastPosition: 0, headHash: EventHash.genesis)

    /// The registry's public key (base64) every checkpoint must be signed with, when the verifier pins one.
    private let trustedKey: String?

    /// `checkpoints`: signed heads (stored ones, or one published outside the database) to hold the ledger to.
    public init(checkpoints: [Checkpoint] = [], trustedKey: String? = nil) {
        self.checkpoints = checkpoints.sorted { $0.treeSize < $1.treeSize }
        self.trustedKey = trustedKey
    }

    /// Checks the next event; returns false once a problem is found (the report then says where and what).
    public mutating func check(_ event: RecordedEvent) -> Bool {
        guard report.ok else { return false }
        if let held = suspect {
            return fail(
                held.position, event.prevHash == previousHash ? .reordered : .brokenLink,
                event.prevHash == previousHash
                    ? "position \(held.position) holds the event that belongs after position \(event.position)"
                    : "prev_hash does not equal the hash of position \(held.position - 1)")
        }
        if event.position != expectedPosition {
            return fail(expectedPosition, .missingPosition, "expected position \(expectedPosition), found \(event.position)")
        }
        if event.prevHash != previousHash {
            suspect = event
            return true
        }
        if EventHash.compute(prevHash: event.prevHash, event: event) != event.hash {
            return fail(event.position, .alteredEvent, "the stored hash does not match the event's content")
        }
        if event.recordedAt < previousRecordedAt {
            return fail(event.position, .timeWentBackwards, "recorded_at is earlier than at position \(event.position - 1)")
        }
        if report.firstPosition == nil { report.firstPosition = event.position }
        report.checked += 1
        report.lastPosition = event.position
        report.headHash = event.hash
        expectedPosition += 1
        previousHash = event.hash
        previousRecordedAt = event.recordedAt
        return compareCheckpoints(leaf: event.hash)
    }

    private mutating func compareCheckpoints(leaf: [UInt8]) -> Bool {
        guard let next = checkpoints.first else { return true }
        tree.append(leafHash: MerkleTree.leafHash(leaf))
        guard Int64(tree.size) == next.treeSize else { return true }
        checkpoints.removeFirst()
        report.checkpointsChecked += 1
        guard next.verifySignature(trustedKey: trustedKey) else {
            return fail(
                next.treeSize, .checkpointMismatch,
                "the checkpoint of \(next.treeSize) events has a signature that does not verify\(trustedKey == nil ? "" : " with the pinned key")")
        }
        guard tree.root.hexString == next.rootHash else {
            return fail(
                next.treeSize, .checkpointMismatch,
                "the first \(next.treeSize) events no longer give the root signed at \(next.recordedAt): the ledger was rewritten "
                    + "between positions \(lastMatchingCheckpoint + 1) and \(next.treeSize)")
        }
        lastMatchingCheckpoint = next.treeSize
        return true
    }

    /// Compares the end of the walk with the recorded head.
    public mutating func finish(head: LedgerHead) {
        if let held = suspect, report.ok {
            _ = fail(held.position, .brokenLink, "prev_hash does not equal the hash of position \(held.position - 1)")
        }
        guard report.ok else { return }
        if let beyond = checkpoints.first {
            _ = fail(
                beyond.treeSize, .checkpointMismatch, "a checkpoint covers \(beyond.treeSize) events but the ledger ends at \(report.lastPosition)")
            return
        }
        if head.position != report.lastPosition || head.hash != report.headHash {
            report.badPosition = head.position
            report.problem = head.position > report.lastPosition ? .missingPosition : .headMismatch
            report.detail = "the ledger head says position \(head.position), the chain ends at \(report.lastPosition)"
        }
    }

    private mutating func fail(_ position: Int64, _ problem: VerificationReport.Problem, _ detail: String) -> Bool {
        report.badPosition = position
        report.problem = problem
        report.detail = detail
        return false
    }
}

extension PostgresEventLog {
    /// Verifies the whole ledger, reading it in pages. `progress` is called with the last checked position.
    public func verify(
        checkpoints: [Checkpoint] = [], trustedKey: String? = nil, pageSize: Int = 10_000, progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> VerificationReport {
        var verifier = ChainVerifier(checkpoints: checkpoints, trustedKey: trustedKey)
        var after: Int64 = 0
        while true {
            let page = try await read(afterPosition: after, limit: pageSize)
            for event in page where !verifier.check(event) { return verifier.report }
            guard let last = page.last else { break }
            after = last.position
            progress?(after)
        }
        verifier.finish(head: try await head())
        return verifier.report
    }
}
