import EventLog
import Foundation
import HTTPTypes
import Postgres
import RegistryServer
import RegistryService
import TestSupport
import Testing

/// Signed checkpoints, proofs, exports and verification against a real PostgreSQL, tampered with as a database
/// superuser would: every kind of tampering is found, at the position where it happened, on both lanes.
@Suite("Tamper evidence: checkpoints, proofs, exports and verification")
struct TamperEvidenceTests {
    /// A registry with `models` models (three events each) and one batch of `predictions` reported predictions.
    /// Its server has stopped (and its pool closed) when this returns; audits open pools of their own.
    static func populated(models: Int = 4, predictions: Int = 5) async throws -> TestRegistry {
        let registry = try await TestRegistry.make()
        try await registry.run { api in try await populate(api, models: models, predictions: predictions) }
        return registry
    }

    static func populate(_ api: API, models: Int = 4, predictions: Int = 5) async throws {
        for index in 0..<models { try await api.modelWithVersion("model-\(index)") }
        let madeAt = try #require(try await api.send(.get, "/v1/models/model-0/history").items.last?["recorded_at"] as? String)
        let rows: [[String: Any]] = (0..<predictions).map { ["version": 1, "inputs": ["x": $0], "output": Double($0) / 2, "made_at": madeAt] }
        let reported = try await api.send(.post, "/v1/models/model-0/predictions", json: ["predictions": rows])
        #expect(reported.status == .created, "\(reported.text)")
    }

    /// Runs `statements` as a superuser with the append-only triggers of the ledger and every prediction partition
    /// switched off, as an insider with full rights to the database would.
    static func superuser(_ registry: TestRegistry, _ statements: [String]) async throws {
        try await registry.database.asOwner { session in
            let tables =
                ["ledger_events"]
                + (try session.query("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'predictions'::regclass").map {
                    try $0.decode(String.self, at: 0)
                })
            for table in tables { try session.execute("ALTER TABLE \(literalSQL: table) DISABLE TRIGGER USER") }
            for statement in statements { try session.execute("\(literalSQL: statement)") }
            for table in tables { try session.execute("ALTER TABLE \(literalSQL: table) ENABLE TRIGGER USER") }
        }
    }

    static func audit(_ registry: TestRegistry) async throws -> Audit.Result {
        let pool = registry.database.applicationPool(size: 2)
        defer { Task { await pool.close() } }
        return try await Audit(pool: pool, checkpoints: Checkpoints(pool: pool, signer: nil)).run()
    }

    @Test("checkpoints are signed, and inclusion and consistency proofs from the API check out against them")
    func checkpointsAndProofs() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            try await api.modelWithVersion("a", versions: 2)
            let first = try await api.send(.post, "/v1/checkpoints")
            #expect(first.status == .created, "\(first.text)")
            let early = try JSONDecoder().decode(Checkpoint.self, from: Data(first.body))
            #expect(early.verifySignature())
            try await api.modelWithVersion("b", versions: 3)
            #expect(try await api.send(.get, "/v1/checkpoints/latest").json["tree_size"] as? Int == Int(early.treeSize), "reading never signs")
            let later = try JSONDecoder().decode(Checkpoint.self, from: Data(try await api.send(.post, "/v1/checkpoints").body))
            #expect(later.treeSize > early.treeSize)
            #expect(later.verifySignature())

            let hashes = try await registry.database.asOwner { session in
                try session.queryBinary("SELECT hash FROM ledger_events ORDER BY position").map { $0.bytes(0)! }
            }
            #expect(MerkleTree.root(hashes.map(MerkleTree.leafHash)).hexString == later.rootHash)

            for position in [1, early.treeSize, later.treeSize] {
                let proof = try await api.send(.get, "/v1/proofs/inclusion?position=\(position)")
                #expect(proof.status == .ok, "\(proof.text)")
                let path = (proof.json["audit_path"] as? [String] ?? []).compactMap { [UInt8](hex: $0) }
                let leaf = MerkleTree.leafHash(hashes[Int(position) - 1])
                #expect(
                    MerkleTree.rootFromPath(leaf: leaf, index: Int(position) - 1, size: Int(later.treeSize), path: path)?.hexString == later.rootHash)
            }
            let consistency = try await api.send(.get, "/v1/proofs/consistency?from=\(early.treeSize)&to=\(later.treeSize)")
            let proof = (consistency.json["proof"] as? [String] ?? []).compactMap { [UInt8](hex: $0) }
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: Int(early.treeSize), newSize: Int(later.treeSize), oldRoot: early.rootBytes, newRoot: later.rootBytes, proof: proof))
            #expect((consistency.json["from_checkpoint"] as? [String: Any])?["signature"] as? String == early.signature)

            let listed = try await api.send(.get, "/v1/checkpoints?from=0")
            #expect(listed.items.map { $0["tree_size"] as? Int } == [Int(early.treeSize), Int(later.treeSize)])
            #expect(
                try await api.send(.get, "/v1/proofs/inclusion?position=\(later.treeSize + 100)&tree_size=\(later.treeSize)").status
                    == .unprocessableContent)
            let reader = try await api.principal("reader")
            #expect(try await api.send(.get, "/v1/proofs/inclusion?position=1", token: reader).status == .forbidden)
            #expect(try await api.send(.post, "/v1/checkpoints", token: reader).status == .forbidden)
            #expect(try await api.send(.get, "/v1/verify", token: reader).status == .forbidden)
        }
    }

    @Test("an events export verifies with modelreg verify --file and tools/verify_log.py; one changed byte fails both")
    func exportVerifiedByBothVerifiers() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let registry = try await TestRegistry.make()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await registry.run { api in
            try await Self.populate(api)
            _ = try await api.send(.post, "/v1/checkpoints")
            try await api.modelWithVersion("after-first-head")
            let export = try await api.send(.get, "/v1/exports/events")
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "application/x-ndjson")
            let lines = export.text.split(separator: "\n").map(String.init)
            let head = try await registry.headPosition()
            #expect(lines.count == Int(head) + 2)
            let good = directory.appendingPathComponent("events.jsonl")
            try Data(export.body).write(to: good)

            let ours = try await ModelregExecutable.run(["verify", "--file", good.path, "--json"])
            #expect(ours.status == 0, "\(ours.output) \(ours.error)")
            #expect(ours.output.contains("\"ok\":true"))
            let theirs = try await Self.python(["tools/verify_log.py", good.path, "--json"])
            #expect(theirs.status == 0, "\(theirs.output) \(theirs.error)")

            // Pinned to the registry's key it passes; pinned to another key (a forger's own signature) it does not.
            let registryKey = try #require((try await api.send(.get, "/v1/checkpoints/latest")).json["public_key"] as? String)
            #expect(try await ModelregExecutable.run(["verify", "--file", good.path, "--public-key", registryKey]).status == 0)
            let otherKey = CheckpointSigner.ephemeral().publicKey
            let pinned = try await ModelregExecutable.run(["verify", "--file", good.path, "--public-key", otherKey, "--json"])
            #expect(pinned.status == 1)
            #expect(pinned.output.contains("bad_checkpoint"))
            #expect(try await Self.python(["tools/verify_log.py", good.path, "--public-key", otherKey]).status == 1)

            // One byte of position 5's payload changed in the file.
            var bytes = export.body
            let lineStart = lines.prefix(5).reduce(0) { $0 + $1.utf8.count + 1 }
            let dataKey = Array(#""data":"{\""#.utf8)
            let found = Self.find(dataKey, in: bytes, from: lineStart)
            try #require(found != nil, "no data field after byte \(lineStart)")
            let offset = found! + dataKey.count
            bytes[offset] = bytes[offset] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            let bad = directory.appendingPathComponent("events-bad.jsonl")
            try Data(bytes).write(to: bad)
            let oursBad = try await ModelregExecutable.run(["verify", "--file", bad.path, "--json"])
            #expect(oursBad.status == 1)
            let report = try JSONDecoder().decode(ExportReport.self, from: Data(oursBad.output.utf8))
            #expect(report.badPosition == 5)
            #expect(report.problem == "altered_event" || report.problem == "malformed_line")
            let theirsBad = try await Self.python(["tools/verify_log.py", bad.path, "--json"])
            #expect(theirsBad.status == 1, "\(theirsBad.output) \(theirsBad.error)")
            #expect(theirsBad.output.contains("\"bad_position\": 5") || theirsBad.output.contains("\"bad_position\":5"))

            // Two lines swapped, and one dropped.
            var swapped = lines
            swapped.swapAt(3, 4)
            let swappedFile = directory.appendingPathComponent("swapped.jsonl")
            try Data((swapped.joined(separator: "\n") + "\n").utf8).write(to: swappedFile)
            let swappedReport = try JSONDecoder().decode(
                ExportReport.self, from: Data(try await ModelregExecutable.run(["verify", "--file", swappedFile.path, "--json"]).output.utf8))
            #expect(swappedReport.problem == "reordered")
            #expect(swappedReport.badPosition == 3)
            var dropped = lines
            dropped.remove(at: 6)
            let droppedFile = directory.appendingPathComponent("dropped.jsonl")
            try Data((dropped.joined(separator: "\n") + "\n").utf8).write(to: droppedFile)
            let droppedReport = try JSONDecoder().decode(
                ExportReport.self, from: Data(try await ModelregExecutable.run(["verify", "--file", droppedFile.path, "--json"]).output.utf8))
            #expect(droppedReport.problem == "missing_position")
            #expect(droppedReport.badPosition == 6)

            // A line after the checkpoint (an event slipped in at the end) is refused, not ignored.
            let appended = directory.appendingPathComponent("appended.jsonl")
            try Data((lines.joined(separator: "\n") + "\n" + lines[lines.count - 2] + "\n").utf8).write(to: appended)
            let appendedReport = try JSONDecoder().decode(
                ExportReport.self, from: Data(try await ModelregExecutable.run(["verify", "--file", appended.path, "--json"]).output.utf8))
            #expect(appendedReport.problem == "unexpected_line")

            // The decision log verifies too, with its seal proved in the head.
            let decisions = try await api.send(.get, "/v1/exports/predictions")
            #expect(decisions.status == .ok)
            let decisionFile = directory.appendingPathComponent("decisions.jsonl")
            try Data(decisions.body).write(to: decisionFile)
            let decisionReport = try await ModelregExecutable.run(["verify", "--file", decisionFile.path])
            #expect(decisionReport.status == 0, "\(decisionReport.output)")
            #expect(decisionReport.output.contains("1 batches, 5 predictions"))
            let pythonDecisions = try await Self.python(["tools/verify_log.py", decisionFile.path])
            #expect(pythonDecisions.status == 0, "\(pythonDecisions.output) \(pythonDecisions.error)")
            // Cut short (the end line lost): both refuse it.
            let decisionLines = decisions.text.split(separator: "\n")
            let cut = directory.appendingPathComponent("decisions-cut.jsonl")
            try Data((decisionLines.dropLast().joined(separator: "\n") + "\n").utf8).write(to: cut)
            #expect(try await ModelregExecutable.run(["verify", "--file", cut.path]).output.contains("truncated"))
            #expect(try await Self.python(["tools/verify_log.py", cut.path]).status == 1)
            let csv = try await api.send(.get, "/v1/exports/predictions?format=csv")
            #expect(csv.text.hasPrefix("batch_id,seal_position,merkle_root,leaf_index"))
            #expect(csv.text.split(separator: "\n").count == 6)
        }
    }

    @Test("the ledger lane: an altered byte, a deleted event and two swapped events are found where they happened")
    func ledgerTampering() async throws {
        for (statements, position, problem) in [
            ([#"UPDATE ledger_events SET actor = 'mallory' WHERE position = 6"#], Int64(6), "altered_event"),
            (["DELETE FROM ledger_events WHERE position = 4"], 4, "missing_position"),
            (
                [
                    "UPDATE ledger_events SET position = position + 1000 WHERE position IN (7, 8)",
                    "UPDATE ledger_events SET position = CASE position WHEN 1007 THEN 8 ELSE 7 END WHERE position IN (1007, 1008)",
                ], 7, "reordered"
            ),
        ] {
            let registry = try await Self.populated()
            #expect(try await Self.audit(registry).ok)
            try await Self.superuser(registry, statements)
            let result = try await Self.audit(registry)
            #expect(!result.ok)
            #expect(result.ledger.badPosition == position, "\(problem): \(result.ledger)")
            #expect(result.ledger.problem == problem, "\(result.ledger)")
        }
    }

    @Test("the prediction lane: an altered leaf, a deleted prediction and a swapped pair are found in their batch")
    func predictionTampering() async throws {
        for (statements, problem) in [
            (["UPDATE predictions SET leaf = replace(leaf, '\"output\":1', '\"output\":7') WHERE leaf_index = 2"], "root_mismatch"),
            (["DELETE FROM predictions WHERE leaf_index = 3"], "missing_prediction"),
            (["UPDATE predictions SET leaf_index = CASE leaf_index WHEN 1 THEN 2 ELSE 1 END WHERE leaf_index IN (1, 2)"], "root_mismatch"),
        ] {
            let registry = try await Self.populated()
            let seal = try await registry.database.asOwner {
                try $0.query("SELECT seal_position FROM prediction_batches").first!.decode(Int64.self, at: 0)
            }
            try await Self.superuser(registry, statements)
            let result = try await Self.audit(registry)
            #expect(result.ledger.ok)
            #expect(!result.predictions.ok)
            #expect(result.predictions.problem == problem, "\(result.predictions)")
            #expect(result.predictions.sealPosition == seal)
            if problem == "missing_prediction" { #expect(result.predictions.leafIndex == 3) }
        }
    }

    @Test("a ledger rewritten wholesale, every hash recomputed, is caught by a head signed and published before")
    func wholesaleRewrite() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let registry = try await Self.populated()
        let signingPool = registry.database.applicationPool(size: 1)
        let published = try await Checkpoints(pool: signingPool, signer: .ephemeral()).sign()
        await signingPool.close()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("head-\(UUID()).json")
        try JSONEncoder().encode(published).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // Edit position 5, then recompute every hash from there on and the head: the chain is consistent again.
        try await Self.superuser(
            registry,
            [
                "UPDATE ledger_events SET actor = 'mallory' WHERE position = 5",
                """
                DO $$
                DECLARE r record; previous bytea;
                BEGIN
                    SELECT hash INTO previous FROM ledger_events WHERE position = 4;
                    FOR r IN SELECT * FROM ledger_events WHERE position >= 5 ORDER BY position LOOP
                        previous := ledger_event_hash(previous, r.position, r.event_id, r.stream, r.stream_version, r.type, r.recorded_at,
                                                      r.effective_at, r.actor, r.data::text, r.metadata::text);
                        UPDATE ledger_events SET prev_hash = (SELECT hash FROM ledger_events WHERE position = r.position - 1), hash = previous
                        WHERE position = r.position;
                    END LOOP;
                    UPDATE ledger_head SET hash = previous;
                END $$
                """,
            ])
        let result = try await Self.audit(registry)
        #expect(result.ledger.problem == "checkpoint_mismatch", "\(result.ledger)")
        #expect(result.ledger.badPosition == published.treeSize)
        #expect(result.ledger.detail?.contains("between positions 1 and \(published.treeSize)") == true)

        // Without the stored heads (a superuser could delete them), the published file still catches it.
        let url = registry.database.ownerConfiguration.connectionString
        try await registry.database.asOwner { session in
            try session.execute("ALTER TABLE ledger_checkpoints DISABLE TRIGGER USER")
            try session.execute("DELETE FROM ledger_checkpoints")
            try session.execute("ALTER TABLE ledger_checkpoints ENABLE TRIGGER USER")
        }
        let chainOnly = try await ModelregExecutable.run(["verify", "--database-url", url, "--json"])
        #expect(chainOnly.status == 0, "the rewritten chain is self-consistent: \(chainOnly.output)")
        let held = try await ModelregExecutable.run(["verify", "--database-url", url, "--checkpoint", file.path])
        #expect(held.status == 1)
        #expect(held.output.contains("checkpoint_mismatch"), "\(held.output)")
    }

    @Test("a prediction rewritten with its batch root, its seal and the chain after it recomputed is caught by an earlier head")
    func wholesalePredictionRewrite() async throws {
        let registry = try await Self.populated()
        let signingPool = registry.database.applicationPool(size: 1)
        let published = try await Checkpoints(pool: signingPool, signer: .ephemeral()).sign()
        await signingPool.close()
        let seal = try await registry.database.asOwner {
            try $0.query("SELECT seal_position FROM prediction_batches").first!.decode(Int64.self, at: 0)
        }
        // The insider changes one output, recomputes the batch's Merkle root in Swift, writes it into the batch row
        // and the seal event, and recomputes the seal's hash and every hash after it.
        let leaves = try await registry.database.asOwner { session in
            try session.query("SELECT leaf FROM predictions ORDER BY leaf_index").map { try $0.decode(String.self, at: 0) }
        }
        var forged = leaves
        forged[2] = forged[2].replacingOccurrences(of: #""output":1"#, with: #""output":9"#)
        #expect(forged[2] != leaves[2])
        let root = MerkleTree.root(forged.map { MerkleTree.leafHash(Array($0.utf8)) }).hexString
        try await Self.superuser(
            registry,
            [
                "UPDATE predictions SET leaf = '\(forged[2])' WHERE leaf_index = 2",
                "ALTER TABLE prediction_batches DISABLE TRIGGER USER",
                "UPDATE prediction_batches SET merkle_root = decode('\(root)', 'hex')",
                "ALTER TABLE prediction_batches ENABLE TRIGGER USER",
                "UPDATE ledger_events SET data = replace(data::text, data::jsonb ->> 'merkle_root', '\(root)')::json WHERE position = \(seal)",
                """
                DO $$
                DECLARE r record; previous bytea;
                BEGIN
                    SELECT hash INTO previous FROM ledger_events WHERE position = \(seal) - 1;
                    FOR r IN SELECT * FROM ledger_events WHERE position >= \(seal) ORDER BY position LOOP
                        UPDATE ledger_events SET prev_hash = previous,
                            hash = ledger_event_hash(previous, r.position, r.event_id, r.stream, r.stream_version, r.type, r.recorded_at,
                                                     r.effective_at, r.actor, r.data::text, r.metadata::text)
                        WHERE position = r.position RETURNING hash INTO previous;
                    END LOOP;
                    UPDATE ledger_head SET hash = previous;
                END $$
                """,
            ])
        let result = try await Self.audit(registry)
        #expect(result.predictions.ok, "the forged batch is self-consistent: \(result.predictions)")
        #expect(result.ledger.problem == "checkpoint_mismatch", "\(result.ledger)")
        #expect(result.ledger.badPosition == published.treeSize)
    }

    @Test("heads are signed when N events have accumulated or the latest is older than M, and not otherwise")
    func signingSchedule() async throws {
        let registry = try await Self.populated(models: 2, predictions: 1)
        let pool = registry.database.applicationPool(size: 1)
        let checkpoints = Checkpoints(pool: pool, signer: .ephemeral())
        let first = try await checkpoints.signIfDue(everyEvents: 1_000, maxAge: 600)
        #expect(first != nil, "no head yet: one is due")
        #expect(try await checkpoints.signIfDue(everyEvents: 1, maxAge: 0) == nil, "the ledger has not grown")
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        for index in 0..<3 {
            _ = try await log.append(
                AppendRequest(stream: "test-\(index)", expectedVersion: .any, actor: "t", events: [NewEvent(type: "Test", data: Array("{}".utf8))]))
        }
        #expect(try await checkpoints.signIfDue(everyEvents: 4, maxAge: 600) == nil, "3 new events, fewer than 4, and the head is recent")
        let byCount = try await checkpoints.signIfDue(everyEvents: 3, maxAge: 600)
        #expect(byCount?.treeSize == (first?.treeSize ?? 0) + 3)
        _ = try await log.append(
            AppendRequest(stream: "test-late", expectedVersion: .any, actor: "t", events: [NewEvent(type: "Test", data: Array("{}".utf8))]))
        #expect(try await checkpoints.signIfDue(everyEvents: 100, maxAge: 600) == nil)
        #expect(try await checkpoints.signIfDue(everyEvents: 100, maxAge: 600, now: Date().addingTimeInterval(601)) != nil, "older than M")
        await pool.close()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// Runs python3 from the package root, as the executable tests run `modelreg`.
    static func python(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try await ModelregExecutable.runProcess("/usr/bin/env", ["python3"] + arguments)
    }
}
