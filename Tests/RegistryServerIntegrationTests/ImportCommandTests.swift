import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `modelreg import` as an operator runs it: a CSV next to its artifact files, against a running server.
@Suite("modelreg import on the command line")
struct ImportCommandTests {
    @Test("import uploads the files a CSV names and imports its rows; again adds nothing; a bad file names its lines and writes nothing")
    func importFile() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("modelreg-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("artifacts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"formula": "y ~ x", "family": "gaussian", "link": "identity", "params": {"Intercept": 1, "x": 2}}"#.utf8).write(
            to: directory.appendingPathComponent("artifacts/v1.json"))
        try Data(#"{"formula": "y ~ x", "family": "gaussian", "link": "identity", "params": {"Intercept": 1.5, "x": 1.8}}"#.utf8).write(
            to: directory.appendingPathComponent("artifacts/v2.json"))
        let good = directory.appendingPathComponent("history.csv")
        try Data(
            """
            model,version,artifact,format,live_from,retired_at,approver,owner,reason
            risk-score,1,artifacts/v1.json,linear,2024-03-01,,bob,alice,"committee, March 2024"
            risk-score,2,artifacts/v2.json,linear,2025-03-01,,bob,alice,recalibrated

            """.utf8
        ).write(to: good)
        let bad = directory.appendingPathComponent("bad.csv")
        try Data(
            """
            model,artifact,format,live_from,approver,owner
            other,artifacts/v1.json,linear,2024-03-01,bob,alice
            other,artifacts/missing.json,linear,2024-04-01,bob,alice
            third,artifacts/v2.json,linear,2024-05-01,mallory,alice

            """.utf8
        ).write(to: bad)

        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.principal("alice")
            _ = try await api.principal("bob")
            let port = try #require(api.client.port)
            let client = ["--server", "http://127.0.0.1:\(port)", "--token", api.adminToken]

            let dryRun = try await ModelregExecutable.run(["import", good.path, "--dry-run", "--json"] + client)
            #expect(dryRun.status == 0, "\(dryRun.error)")
            #expect(try await api.send(.get, "/v1/models/risk-score").status == .notFound)

            let first = try await ModelregExecutable.run(["import", good.path, "--json"] + client)
            #expect(first.status == 0, "\(first.error)")
            let report = try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any]
            #expect(report?["events_appended"] as? Int == 7)
            let live = try await api.send(.get, "/v1/live?at=2024-06-01").items
            #expect(live.first?["model"] as? String == "risk-score" && live.first?["version"] as? Int == 1)

            let head = try await registry.headPosition()
            let again = try await ModelregExecutable.run(["import", good.path] + client)
            #expect(again.status == 0)
            #expect(again.output.contains("already_imported"))
            #expect(try await registry.headPosition() == head)

            let refused = try await ModelregExecutable.run(["import", bad.path] + client)
            #expect(refused.status != 0)
            #expect(refused.error.contains("line 3: cannot read the artifact file"), "\(refused.error)")
            #expect(try await registry.headPosition() == head)
            try Data(String(decoding: try Data(contentsOf: bad), as: UTF8.self).replacingOccurrences(of: "missing.json", with: "v2.json").utf8)
                .write(to: bad)
            let refusedByServer = try await ModelregExecutable.run(["import", bad.path] + client)
            #expect(refusedByServer.status != 0)
            #expect(refusedByServer.error.contains("line 4: approver 'mallory' is not a principal"), "\(refusedByServer.error)")
            #expect(try await registry.headPosition() == head)
        }
    }
}
