import EventLog
import Foundation
import HTTPTypes
import Postgres
import RegistryDomain
import RegistryServer
import RegistryService
import TestSupport
import Testing

/// The inventory as of a date and the period report, from a history imported into the past and lived in since.
@Suite("Compliance: inventory and period reports")
struct ComplianceAPITests {
    /// credit-pd: v1 live 2024-01-15 … 2024-09-01, v2 from 2024-10-01 (card with purpose and risk tier), approved by
    /// bob; a grant to carol; reported predictions now; a back-dated correction recorded later.
    static func history(_ api: API) async throws -> (alice: String, carol: String, afterImport: Date) {
        let alice = try await api.principal("alice")
        _ = try await api.principal("bob")
        let carol = try await api.principal("carol")
        var digests: [String] = []
        for index in 0..<2 { digests.append(try await api.upload(Array("legacy model \(index)".utf8))) }
        let rows: [[String: Any]] = [
            [
                "line": 2, "model": "credit-pd", "version": 1, "artifact_sha256": digests[0], "format": "onnx", "live_from": "2024-01-15",
                "retired_at": "2024-09-01", "approver": "bob", "owner": "alice", "reason": "annual review 2024",
            ],
            [
                "line": 3, "model": "credit-pd", "artifact_sha256": digests[1], "format": "onnx", "live_from": "2024-10-01", "approver": "bob",
                "owner": "alice", "description": "recalibrated",
            ],
            [
                "line": 4, "model": "nowcast", "artifact_sha256": digests[0], "format": "onnx", "live_from": "2025-02-01", "approver": "alice",
                "owner": "bob",
            ],
        ]
        let imported = try await api.send(.post, "/v1/imports", json: ["source": "legacy.csv", "rows": rows])
        #expect(imported.status == .created, "\(imported.text)")
        let afterImport = Date()
        // A third version with a model card, promoted to staging; carol may use the model.
        let sha = try await api.upload(Array("credit-pd v3".utf8))
        let card: [String: Any] = [
            "purpose": "Probability of default for the IRB capital calculation", "intended_use": "retail mortgages",
            "limitations": "not for commercial real estate", "risk_tier": "high",
        ]
        let registered = try await api.send(
            .post, "/v1/models/credit-pd/versions", token: alice,
            json: ["artifact_sha256": sha, "format": "onnx", "card": card, "metrics": ["auc": 0.81]])
        #expect(registered.status == .created, "\(registered.text)")
        _ = try await api.send(.put, "/v1/models/credit-pd/aliases/staging", token: alice, json: ["version": 3])
        _ = try await api.send(.put, "/v1/models/credit-pd/grants/carol", token: alice, json: ["role": "user"])
        let madeAt = try #require(try await api.send(.get, "/v1/models/credit-pd/history").items.last?["recorded_at"] as? String)
        let reported = try await api.send(
            .post, "/v1/models/credit-pd/predictions", token: carol,
            json: ["predictions": (0..<3).map { ["version": 2, "inputs": ["income": $0], "output": 0.1, "made_at": madeAt] }])
        #expect(reported.status == .created, "\(reported.text)")
        return (alice, carol, afterImport)
    }

    @Test("the inventory for past and present pairs of instants equals the one folded from the log prefix")
    func inventoryMatchesFold() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let afterImport = try await Self.history(api).afterImport
            let now = Date()
            let admin = Caller(name: "admin", registryRoles: [.admin])
            let tables = Inventory(pool: registry.pool, source: .temporalTables)
            let fold = Inventory(pool: registry.pool, source: .fold)
            let instants = ["2024-01-14", "2024-01-15", "2024-06-01", "2024-09-01", "2024-09-15", "2025-03-01"].compactMap(RFC3339.parse) + [now]
            var compared = 0
            for at in instants {
                for knownAt in [now, afterImport, instants.first!] {
                    let asOf = AsOf(at: at, knownAt: knownAt)
                    let fromTables = try await tables.rows(asOf: asOf, caller: admin)
                    let fromFold = try await fold.rows(asOf: asOf, caller: admin)
                    #expect(fromTables == fromFold, "at \(RFC3339.format(at)) known \(RFC3339.format(knownAt))")
                    compared += fromTables.items.count
                }
            }
            #expect(compared == 16)

            // What the inventory says on dates an auditor would ask about.
            let june = try await api.send(.get, "/v1/exports/inventory?at=2024-06-01")
            #expect(june.status == .ok, "\(june.text)")
            let juneRows = june.items
            #expect(juneRows.map { $0["model"] as? String } == ["credit-pd"])
            #expect(juneRows.first?["production_version"] as? Int == 1)
            #expect(juneRows.first?["approved_by"] as? String == "bob")
            #expect(juneRows.first?["production_since"] as? String == "2024-01-15T00:00:00.000000Z")
            let gap = try await api.send(.get, "/v1/exports/inventory?at=2024-09-15").items.first
            #expect(gap?["production_version"] == nil || gap?["production_version"] is NSNull)
            let today = try await api.send(.get, "/v1/exports/inventory").items
            let credit = try #require(today.first { $0["model"] as? String == "credit-pd" })
            #expect(credit["production_version"] as? Int == 2)
            #expect(credit["latest_version"] as? Int == 3)
            #expect(credit["predictions_90d"] as? Int == 3)
            #expect((credit["aliases"] as? [String: Any])?.keys.sorted() == ["production", "staging"])
            #expect((credit["access"] as? [[String: Any]])?.map { "\($0["principal"]!):\($0["role"]!)" } == ["carol:user"])
            #expect(credit["last_change"] as? String == "AccessGranted")
            // The card comes from the production version (v2 has none), so the risk tier is absent; the import
            // registered v1 and v2 without cards.
            #expect(credit["risk_tier"] == nil || credit["risk_tier"] is NSNull)
            #expect(today.first { $0["model"] as? String == "nowcast" }?["owner"] as? String == "bob")

            let csv = try await api.send(.get, "/v1/exports/inventory?format=csv&at=2025-03-01")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.first == Substring(InventoryRow.csvColumns.joined(separator: ",")))
            #expect(lines.count == 3)
            #expect(try await api.send(.get, "/v1/exports/inventory?format=xml").status == .badRequest)
            #expect(try await api.send(.get, "/v1/exports/inventory?at=yesterday").status == .badRequest)
            let alice = try await api.principal("dave")
            #expect(try await api.send(.get, "/v1/exports/inventory", token: alice).status == .forbidden)
        }
    }

    @Test("the period report counts what was recorded in the period, in JSON, CSV and Markdown")
    func periodReport() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let start = RFC3339.format(Date())
            _ = try await Self.history(api)
            let report = try await api.send(.get, "/v1/reports?from=\(start)")
            #expect(report.status == .ok, "\(report.text)")
            let json = report.json
            #expect(
                (json["models_registered"] as? [[String: Any]])?.map { $0["model"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == [
                    "credit-pd", "nowcast",
                ])
            #expect((json["versions_registered"] as? [[String: Any]])?.count == 4)
            #expect((json["promotions"] as? [[String: Any]])?.compactMap { $0["alias"] as? String }.filter { $0 == "staging" }.count == 1)
            #expect((json["approvals"] as? [[String: Any]])?.count == 3)
            #expect((json["grants"] as? [[String: Any]])?.map { $0["principal"] as? String } == ["carol"])
            let predictions = json["predictions"] as? [[String: Any]] ?? []
            #expect(predictions.map { "\($0["model"]!):\($0["version"]!):\($0["caller"]!):\($0["count"]!)" } == ["credit-pd:2:carol:3"])

            let markdown = try await api.send(.get, "/v1/reports?from=\(start)&format=md")
            #expect(markdown.text.contains("| versions registered | 4 |"))
            #expect(markdown.text.contains("| credit-pd | 2 | carol | 3 |"))
            let csv = try await api.send(.get, "/v1/reports?from=\(start)&format=csv")
            #expect(csv.text.hasPrefix("kind,model,version"))
            #expect(csv.text.contains("predictions,credit-pd,2,,,,,,,carol,3"))
            let empty = try await api.send(.get, "/v1/reports?from=2020-01-01&to=2020-02-01")
            #expect((empty.json["versions_registered"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await api.send(.get, "/v1/reports?from=2026-01-02&to=2026-01-01").status == .badRequest)
        }
    }
}

/// The same exports as an operator runs them from the command line against the database.
@Suite("Compliance on the command line")
struct ComplianceCommandTests {
    @Test("checkpoint --out, export events|predictions|inventory and report --json; the exported files verify")
    func commandLine() async throws {
        try #require(ModelregExecutable.isBuilt, "build the executable first (swift build)")
        let registry = try await TestRegistry.make()
        try await registry.run { api in _ = try await ComplianceAPITests.history(api) }
        let url = registry.database.ownerConfiguration.connectionString
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("compliance-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("keys/signing-key").path
        let common = ["--database-url", url, "--signing-key", key]
        // Only the server creates the key; the other commands refuse to invent one.
        let keyless = try await ModelregExecutable.run(["checkpoint"] + common)
        #expect(keyless.status != 0)
        #expect(keyless.error.contains("no signing key"), "\(keyless.error)")
        _ = try CheckpointSigner.loadOrCreate(at: key)

        let head = directory.appendingPathComponent("head.json").path
        let signed = try await ModelregExecutable.run(["checkpoint", "--out", head] + common)
        #expect(signed.status == 0, "\(signed.error)")
        let checkpoint = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: head))) as? [String: Any]
        #expect((checkpoint?["tree_size"] as? Int ?? 0) > 10)
        let permissions = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(!signed.error.contains(try String(contentsOfFile: key, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))

        let events = directory.appendingPathComponent("events.jsonl").path
        #expect(try await ModelregExecutable.run(["export", "events", "--out", events] + common).status == 0)
        let verified = try await ModelregExecutable.run(["verify", "--file", events, "--checkpoint", head])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.hasPrefix("ok: "))
        let decisions = directory.appendingPathComponent("decisions.jsonl").path
        #expect(try await ModelregExecutable.run(["export", "predictions", "--out", decisions] + common).status == 0)
        #expect(try await ModelregExecutable.run(["verify", "--file", decisions]).output.contains("1 batches, 3 predictions"))

        let inventory = try await ModelregExecutable.run(["export", "inventory", "--at", "2024-06-01", "--format", "json", "--database-url", url])
        #expect(inventory.status == 0, "\(inventory.error)")
        let document = try JSONSerialization.jsonObject(with: Data(inventory.output.utf8)) as? [String: Any]
        #expect((document?["items"] as? [[String: Any]])?.map { $0["production_version"] as? Int } == [1])
        let csv = try await ModelregExecutable.run(["export", "inventory", "--database-url", url])
        #expect(csv.output.split(separator: "\n").count == 3)

        let report = try await ModelregExecutable.run(["report", "--json", "--database-url", url])
        #expect(report.status == 0, "\(report.error)")
        let parsed = try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any]
        #expect((parsed?["versions_registered"] as? [[String: Any]])?.count == 4)
        let markdown = try await ModelregExecutable.run(["report", "--database-url", url])
        #expect(markdown.output.hasPrefix("# Model registry report"))
        #expect(try await ModelregExecutable.run(["report", "--format", "pdf", "--database-url", url]).status != 0)
    }
}
