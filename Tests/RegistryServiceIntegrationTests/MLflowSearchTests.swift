import Foundation
import RegistryService
import Testing

/// MLflow's filter grammar, order_by and page tokens, parsed as `mlflow/utils/search_utils.py` accepts them.
@Suite("MLflow search grammar")
struct MLflowSearchTests {
    @Test("the exact clause the MLflow client appends to every model search parses")
    func promptClause() throws {
        let filter = try MLflowFilter.parse("name LIKE 'wi%' AND tag.`mlflow.prompt.is_prompt` != 'true'", for: .registeredModels)
        #expect(
            filter.clauses == [
                .init(subject: .attribute("name"), comparator: "LIKE", value: .string("wi%")),
                .init(subject: .tag("mlflow.prompt.is_prompt"), comparator: "!=", value: .string("true")),
            ])
        #expect(!filter.asksForPrompts)
        #expect(try MLflowFilter.parse("tags.\"mlflow.prompt.is_prompt\" = 'true'", for: .registeredModels).asksForPrompts)
    }

    @Test("identifiers, quoting, lists and numbers")
    func forms() throws {
        let filter = try MLflowFilter.parse(
            "attribute.name IN ('a', \"b\") and run_id not in ('r''1') AND version_number >= 3 AND tags.team ILIKE '%Risk%'", for: .modelVersions)
        #expect(
            filter.clauses == [
                .init(subject: .attribute("name"), comparator: "IN", value: .list(["a", "b"])),
                .init(subject: .attribute("run_id"), comparator: "NOT IN", value: .list(["r'1"])),
                .init(subject: .attribute("version_number"), comparator: ">=", value: .number(3)),
                .init(subject: .tag("team"), comparator: "ILIKE", value: .string("%Risk%")),
            ])
        #expect(try MLflowFilter.parse("  ", for: .registeredModels).clauses.isEmpty)
    }

    @Test(
        "refusals name what is wrong",
        arguments: [
            ("name = 'a' OR name = 'b'", "OR"), ("owner = 'x'", "Invalid attribute key 'owner'"), ("name > 'a'", "Invalid comparator"),
            ("tag.k IN ('a')", "Invalid comparator"), ("name = a", "quoted"), ("name = 'open", "unterminated"), ("name IN 'a'", "expected '('"),
            ("version_number = 'x'", "version_number"), ("metric.acc > 1", "Invalid entity type"),
        ])
    func refusals(_ text: String, _ expected: String) {
        let target: MLflowFilter.Target = text.hasPrefix("version_number") ? .modelVersions : .registeredModels
        let error = #expect(throws: RegistryError.self) { try MLflowFilter.parse(text, for: target) }
        #expect(error?.kind == .invalid)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("order_by: keys per target, direction, the timestamp synonym, duplicates refused")
    func order() throws {
        let order = try MLflowOrder.parse(["timestamp DESC", "`name`"], for: .registeredModels)
        #expect(order.items.map(\.key) == ["last_updated_timestamp", "name"])
        #expect(order.items.map(\.ascending) == [false, true])
        #expect(throws: RegistryError.self) { try MLflowOrder.parse(["version_number"], for: .registeredModels) }
        #expect(throws: RegistryError.self) { try MLflowOrder.parse(["name", "name DESC"], for: .modelVersions) }
        #expect(throws: RegistryError.self) { try MLflowOrder.parse(["name sideways"], for: .modelVersions) }
    }

    @Test("page tokens are MLflow's own: base64 of {\"offset\": N}")
    func pageTokens() throws {
        #expect(MLflowPageToken.encode(offset: 1) == "eyJvZmZzZXQiOiAxfQ==")
        #expect(try MLflowPageToken.decode("eyJvZmZzZXQiOiAxfQ==") == 1)
        #expect(try MLflowPageToken.decode(nil) == 0)
        #expect(throws: RegistryError.self) { try MLflowPageToken.decode("%%") }
        #expect(throws: RegistryError.self) { try MLflowPageToken.decode(Data("{\"offset\": -1}".utf8).base64EncodedString()) }
    }

    @Test("proxy paths: relative, no '..' or empty parts; sources through the proxy are recognised")
    func paths() throws {
        #expect(try MLflowArtifacts.normalise("models/m/1/") == "models/m/1")
        for bad in ["", "/abs", "a/../b", "a//b", "./a", "a/.", "a\\b", "a/../\u{0301}b"] {
            #expect(throws: RegistryError.self, "\(bad)") { try MLflowArtifacts.normalise(bad) }
        }
        #expect(MLflowArtifacts.proxyPath(of: "mlflow-artifacts:/models/m/1") == "models/m/1")
        #expect(MLflowArtifacts.proxyPath(of: "mlflow-artifacts://host:5000/models/m/1") == "models/m/1")
        #expect(MLflowArtifacts.proxyPath(of: "http://h:8080/api/2.0/mlflow-artifacts/artifacts/models/m/1") == "models/m/1")
        #expect(MLflowArtifacts.proxyPath(of: "s3://bucket/m") == nil)
        #expect(MLflowArtifacts.proxyPath(of: "mlflow-artifacts:/../etc") == nil)
        #expect(MLflowArtifacts.relative("d/e\u{0301}/f", under: "d/e") == "\u{0301}/f")  // scalars, as PostgreSQL compares
    }
}
