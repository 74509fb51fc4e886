import Foundation
import HTTPTypes
import Testing

/// MLflow's REST API as its Python client sends it (docs/MLFLOW.md); the real client runs in tests/mlflow/.
@Suite("MLflow Model Registry REST API")
struct MLflowAPITests {
    static let base = "/api/2.0/mlflow"

    @Test("registered models and versions in MLflow's shapes: string versions, READY, epoch milliseconds, omitted empties")
    func shapes() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let created = try await api.send(
                .post, "\(Self.base)/registered-models/create", json: ["name": "wine", "tags": [["key": "team", "value": "a"]], "description": "d"])
            #expect(created.status == .ok, "\(created.text)")
            let model = try #require(created.json["registered_model"] as? [String: Any])
            #expect(model["name"] as? String == "wine")
            #expect((model["creation_timestamp"] as? Int ?? 0) > 1_700_000_000_000)
            #expect(model["tags"] as? [[String: String]] == [["key": "team", "value": "a"]])
            #expect(model["latest_versions"] == nil && model["aliases"] == nil)

            let version = try await api.send(
                .post, "\(Self.base)/model-versions/create", json: ["name": "wine", "source": "s3://bucket/wine/1", "run_id": "r1"])
            let body = try #require(version.json["model_version"] as? [String: Any], "\(version.text)")
            #expect(body["version"] as? String == "1")
            #expect(body["status"] as? String == "READY")
            #expect(body["current_stage"] as? String == "None")
            #expect(body["run_id"] as? String == "r1")
            #expect(body["user_id"] as? String == "admin")
            // An external source is recorded as given and is where clients download from.
            let uri = try await api.send(.get, "\(Self.base)/model-versions/get-download-uri?name=wine&version=1")
            #expect(uri.json["artifact_uri"] as? String == "s3://bucket/wine/1")
            // The manifest format is the registry's own: /v1 cannot claim it.
            let sha = try await api.upload(Array("{\"kind\":\"mlflow-model\",\"source\":\"x\"}".utf8))
            let claimed = try await api.send(.post, "/v1/models/wine/versions", json: ["artifact_sha256": sha, "format": "mlflow-model"])
            #expect(claimed.status == .unprocessableContent, "\(claimed.text)")
            // A version registered through /v1 can be listed and promoted through MLflow, but has nothing to load.
            try await api.modelWithVersion("native")
            let native = try await api.send(.get, "\(Self.base)/model-versions/get-download-uri?name=native&version=1")
            #expect(native.status == .badRequest && (native.json["message"] as? String)?.contains("/v1/models/native/versions/1/artifact") == true)
        }
    }

    @Test("errors in MLflow's codes and statuses, never 5xx for the caller's mistakes, and nothing appended")
    func errors() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "wine"])
            _ = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "wine", "source": "s3://x"])
            let before = try await registry.headPosition()
            let cases: [(HTTPRequest.Method, String, Any?, HTTPResponse.Status, String)] = [
                (.post, "registered-models/create", ["name": "wine"], .badRequest, "RESOURCE_ALREADY_EXISTS"),
                (.post, "registered-models/create", ["description": "no name"], .badRequest, "INVALID_PARAMETER_VALUE"),
                (.post, "registered-models/create", ["name": "has space"], .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/get?name=nope", nil, .notFound, "RESOURCE_DOES_NOT_EXIST"),
                (.get, "registered-models/alias?name=wine&alias=nope", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "model-versions/get?name=wine&version=abc", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "model-versions/get?name=wine&version=9", nil, .notFound, "RESOURCE_DOES_NOT_EXIST"),
                (
                    .post, "model-versions/transition-stage", ["name": "wine", "version": "1", "stage": "Prod"], .badRequest,
                    "INVALID_PARAMETER_VALUE"
                ),
                (
                    .post, "model-versions/transition-stage",
                    ["name": "wine", "version": "1", "stage": "Archived", "archive_existing_versions": true], .badRequest, "INVALID_PARAMETER_VALUE"
                ),
                (
                    .post, "model-versions/transition-stage", ["name": "wine", "version": "1", "stage": "Production"], .forbidden,
                    "PERMISSION_DENIED"
                ),
                (.post, "registered-models/alias", ["name": "wine", "alias": "production", "version": "1"], .forbidden, "PERMISSION_DENIED"),
                (.post, "registered-models/alias", ["name": "wine", "alias": "latest", "version": "1"], .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/search?filter=name+%3D+%27a%27+OR+name+%3D+%27b%27", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/search?filter=owner+%3D+%27a%27", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/search?max_results=1001", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/search?page_token=%25%25", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "model-versions/search?order_by=current_stage", nil, .badRequest, "INVALID_PARAMETER_VALUE"),
                (.get, "registered-models/list", nil, .notFound, "ENDPOINT_NOT_FOUND"),
            ]
            for (method, path, json, status, code) in cases {
                let reply = try await api.send(method, "\(Self.base)/\(path)", json: json)
                #expect(reply.status == status, "\(method) \(path): \(reply.text)")
                #expect(reply.json["error_code"] as? String == code, "\(method) \(path): \(reply.text)")
            }
            let denied = try await api.send(
                .post, "\(Self.base)/model-versions/transition-stage", json: ["name": "wine", "version": "1", "stage": "production"])
            #expect((denied.json["message"] as? String)?.contains("approval") == true)
            let anonymous = try await api.send(.get, "\(Self.base)/registered-models/get?name=wine", token: .some(nil))
            #expect(anonymous.status == .unauthorized && anonymous.json["error_code"] as? String == "UNAUTHENTICATED")
            #expect(try await registry.headPosition() == before)
        }
    }

    @Test("basic auth maps the user name to a principal and the password to one of its tokens")
    func basicAuth() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "wine"])
            func basic(_ user: String, _ password: String) -> HTTPFields {
                [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
            }
            let good = try await api.send(
                .get, "\(Self.base)/registered-models/get?name=wine", token: .some(nil), headers: basic("admin", api.adminToken))
            #expect(good.status == .ok)
            let otherName = try await api.send(
                .get, "\(Self.base)/registered-models/get?name=wine", token: .some(nil), headers: basic("mallory", api.adminToken))
            #expect(otherName.status == .unauthorized)
            let badPassword = try await api.send(
                .get, "\(Self.base)/registered-models/get?name=wine", token: .some(nil), headers: basic("admin", "x"))
            #expect(badPassword.json["error_code"] as? String == "UNAUTHENTICATED")
        }
    }

    @Test("stages are aliases: transitions, archive_existing_versions, get-latest-versions, and four-eyes through /v1 approvals")
    func stages() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let scientist = try await api.principal("sam")
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", token: .some(scientist), json: ["name": "mpg"])
            for _ in 1...2 {
                _ = try await api.send(
                    .post, "\(Self.base)/model-versions/create", token: .some(scientist), json: ["name": "mpg", "source": "s3://m"])
            }
            for version in [1, 2] {
                let approval = try await api.send(
                    .post, "/v1/models/mpg/versions/\(version)/approvals", json: ["alias": "production", "decision": "approved", "notes": "ok"])
                #expect(approval.status == .created, "\(approval.text)")
            }
            let first = try await api.send(
                .post, "\(Self.base)/model-versions/transition-stage", token: .some(scientist),
                json: ["name": "mpg", "version": "1", "stage": "Production", "archive_existing_versions": false])
            #expect((first.json["model_version"] as? [String: Any])?["current_stage"] as? String == "Production", "\(first.text)")
            let second = try await api.send(
                .post, "\(Self.base)/model-versions/transition-stage", token: .some(scientist),
                json: ["name": "mpg", "version": "2", "stage": "production", "archive_existing_versions": true])
            #expect((second.json["model_version"] as? [String: Any])?["aliases"] as? [String] == ["production"])
            let one = try await api.send(.get, "\(Self.base)/model-versions/get?name=mpg&version=1")
            #expect((one.json["model_version"] as? [String: Any])?["current_stage"] as? String == "Archived")
            let latest = try await api.send(
                .post, "\(Self.base)/registered-models/get-latest-versions", json: ["name": "mpg", "stages": ["production"]])
            #expect((latest.json["model_versions"] as? [[String: Any]])?.map { $0["version"] as? String } == ["2"])
            let all = try await api.send(.get, "\(Self.base)/registered-models/get-latest-versions?name=mpg")
            #expect(
                Set((all.json["model_versions"] as? [[String: Any]])?.compactMap { $0["current_stage"] as? String } ?? []) == [
                    "Production", "Archived",
                ])
            // The stage moves are our events, with our actor.
            let history = try await api.send(.get, "/v1/models/mpg/history")
            let moves = history.items.filter { ["AliasSet", "VersionUpdated"].contains($0["type"] as? String) }
            #expect(moves.map { $0["type"] as? String } == ["AliasSet", "AliasSet", "VersionUpdated"])
            #expect(moves.allSatisfy { $0["actor"] as? String == "sam" })
        }
    }

    @Test("search: the client's prompt clause, LIKE, tags, ordering, pagination through page tokens, `+` as a space")
    func search() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            for name in ["alpha", "beta", "gamma", "prompt-1"] {
                var body: [String: Any] = ["name": name]
                body["tags"] =
                    name == "prompt-1" ? [["key": "mlflow.prompt.is_prompt", "value": "true"]] : [["key": "team", "value": name.prefix(1) + ""]]
                _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: body)
            }
            let promptClause = "tag.%60mlflow.prompt.is_prompt%60+%21%3D+%27true%27"
            let everything = try await api.send(.get, "\(Self.base)/registered-models/search?filter=\(promptClause)")
            let names = (everything.json["registered_models"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["alpha", "beta", "gamma"])
            let noFilter = try await api.send(.get, "\(Self.base)/registered-models/search")
            #expect((noFilter.json["registered_models"] as? [[String: Any]])?.count == 3)
            let prompts = try await api.send(.get, "\(Self.base)/registered-models/search?filter=tags.%60mlflow.prompt.is_prompt%60+%3D+%27true%27")
            #expect((prompts.json["registered_models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["prompt-1"])
            let like = try await api.send(
                .get, "\(Self.base)/registered-models/search?filter=name+LIKE+%27%25a%27+AND+\(promptClause)&order_by=name+DESC")
            #expect((like.json["registered_models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["gamma", "beta", "alpha"])
            let tagged = try await api.send(.get, "\(Self.base)/registered-models/search?filter=tag.team+%3D+%27b%27")
            #expect((tagged.json["registered_models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["beta"])
            let inList = try await api.send(.get, "\(Self.base)/registered-models/search?filter=name+IN+(%27alpha%27,%27gamma%27)")
            #expect((inList.json["registered_models"] as? [[String: Any]])?.count == 2)

            var pages: [String] = []
            var token: String?
            repeat {
                let query =
                    "max_results=1" + (token.map { "&page_token=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
                let page = try await api.send(.get, "\(Self.base)/registered-models/search?\(query)")
                pages += (page.json["registered_models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                token = page.json["next_page_token"] as? String
            } while token != nil && pages.count < 10
            #expect(pages == ["alpha", "beta", "gamma"])

            for _ in 1...3 {
                _ = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "beta", "source": "s3://b", "run_id": "r"])
            }
            let versions = try await api.send(
                .get, "\(Self.base)/model-versions/search?filter=name%3D%27beta%27+AND+version_number+%3E%3D+2&order_by=version_number+ASC")
            #expect((versions.json["model_versions"] as? [[String: Any]])?.compactMap { $0["version"] as? String } == ["2", "3"])
            let byRun = try await api.send(.get, "\(Self.base)/model-versions/search?filter=run_id+%3D+%27r%27")
            #expect((byRun.json["model_versions"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test("the artifact proxy: upload, list, download; a version pins its files, so later overwrites do not change what it loads")
    func artifactProxy() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let artifacts = "/api/2.0/mlflow-artifacts/artifacts"
            #expect(try await api.send(.put, "\(artifacts)/models/wine/1/MLmodel", raw: Array("flavors: {}".utf8)).status == .ok)
            #expect(try await api.send(.put, "\(artifacts)/models/wine/1/data/model.pkl", raw: Array("weights-1".utf8)).status == .ok)
            let root = try await api.send(.get, "\(artifacts)?path=models/wine/1")
            let files = try #require(root.json["files"] as? [[String: Any]])
            #expect(files.compactMap { $0["path"] as? String } == ["MLmodel", "data"])
            #expect(files.first?["file_size"] as? Int == 11)
            #expect(try await api.send(.get, "\(artifacts)?path=models/nothing").json.isEmpty)
            for path in ["../etc/passwd", "models/../x", "/abs"] {
                let refused = try await api.send(.get, "\(artifacts)?path=\(path)")
                #expect(refused.status == .badRequest, "\(path): \(refused.text)")
            }

            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "wine"])
            _ = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "wine", "source": "mlflow-artifacts:/models/wine/1"])
            // Overwritten after registration: the version still loads the bytes it was registered with.
            _ = try await api.send(.put, "\(artifacts)/models/wine/1/data/model.pkl", raw: Array("weights-2".utf8))
            let uri = try #require(
                try await api.send(.get, "\(Self.base)/model-versions/get-download-uri?name=wine&version=1").json["artifact_uri"] as? String)
            #expect(uri.hasPrefix("mlflow-artifacts:/registry-pinned/"))
            let pinned = String(uri.dropFirst("mlflow-artifacts:/".count))
            #expect(try await api.send(.get, "\(artifacts)/\(pinned)/data/model.pkl").body == Array("weights-1".utf8))
            #expect(try await api.send(.get, "\(artifacts)/models/wine/1/data/model.pkl").body == Array("weights-2".utf8))
            #expect(try await api.send(.put, "\(artifacts)/\(pinned)/data/model.pkl", raw: [1]).status == .forbidden)
            #expect(try await api.send(.delete, "\(artifacts)/models/wine/1").status == .ok)
            #expect(try await api.send(.get, "\(artifacts)/models/wine/1/MLmodel").status == .notFound)
            #expect(try await api.send(.get, "\(artifacts)/\(pinned)/MLmodel").body == Array("flavors: {}".utf8))
        }
    }

    @Test("the proxy's files are their uploader's; a version's pinned files are for those who may download the version")
    func artifactProxyAccess() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let artifacts = "/api/2.0/mlflow-artifacts/artifacts"
            let ann = try await api.principal("ann")
            let ben = try await api.principal("ben")
            #expect(try await api.send(.put, "\(artifacts)/runs/ann/MLmodel", token: .some(ann), raw: Array("ann's".utf8)).status == .ok)
            // Another principal neither sees, reads, overwrites nor deletes them; an admin sees everything.
            #expect(try await api.send(.get, "\(artifacts)?path=runs", token: .some(ben)).json.isEmpty)
            #expect(try await api.send(.get, "\(artifacts)/runs/ann/MLmodel", token: .some(ben)).status == .notFound)
            #expect(try await api.send(.put, "\(artifacts)/runs/ann/MLmodel", token: .some(ben), raw: [1]).status == .forbidden)
            #expect(try await api.send(.delete, "\(artifacts)/runs", token: .some(ben)).status == .forbidden)
            #expect((try await api.send(.get, "\(artifacts)?path=runs/ann").json["files"] as? [[String: Any]])?.count == 1)
            // A version pins all of its directory or nothing: registering from someone else's files is refused.
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", token: .some(ben), json: ["name": "bens"])
            let bens = try await api.send(
                .post, "\(Self.base)/model-versions/create", token: .some(ben), json: ["name": "bens", "source": "mlflow-artifacts:/runs/ann"])
            #expect(bens.status == .forbidden && bens.json["error_code"] as? String == "PERMISSION_DENIED", "\(bens.text)")

            _ = try await api.send(.post, "\(Self.base)/registered-models/create", token: .some(ann), json: ["name": "anns"])
            _ = try await api.send(
                .post, "\(Self.base)/model-versions/create", token: .some(ann), json: ["name": "anns", "source": "mlflow-artifacts:/runs/ann"])
            let uri = try #require(
                try await api.send(.get, "\(Self.base)/model-versions/get-download-uri?name=anns&version=1", token: .some(ann)).json["artifact_uri"]
                    as? String)
            let pinned = "\(artifacts)/\(uri.dropFirst("mlflow-artifacts:/".count))/MLmodel"
            #expect(try await api.send(.get, pinned, token: .some(ann)).body == Array("ann's".utf8))
            #expect(try await api.send(.get, pinned, token: .some(ben)).status == .notFound)
            _ = try await api.send(.put, "/v1/models/anns/grants/ben", token: .some(ann), json: ["role": "viewer", "reason": "review"])
            #expect(try await api.send(.get, pinned, token: .some(ben)).status == .forbidden)
            _ = try await api.send(.put, "/v1/models/anns/grants/ben", token: .some(ann), json: ["role": "user", "reason": "use"])
            #expect(try await api.send(.get, pinned, token: .some(ben)).body == Array("ann's".utf8))
        }
    }

    @Test("no retraction may leave an alias pointing at a deleted version; a command by a name lost to a rename finds nothing")
    func retractionAndRename() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "m"])
            for _ in 1...2 { _ = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "m", "source": "s3://m"]) }
            for version in ["1", "2"] {
                _ = try await api.send(.post, "\(Self.base)/registered-models/alias", json: ["name": "m", "alias": "champion", "version": version])
            }
            #expect(try await api.send(.delete, "\(Self.base)/model-versions/delete", json: ["name": "m", "version": "1"]).status == .ok)
            let move = try #require(try await api.send(.get, "/v1/models/m/history").items.last { $0["type"] as? String == "AliasSet" })
            let before = try await registry.headPosition()
            let refused = try await api.send(
                .post, "/v1/models/m/retractions", json: ["event_id": move["event_id"] as? String ?? "", "reason": "undo"])
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(try await registry.headPosition() == before)
            _ = try await api.send(.post, "\(Self.base)/registered-models/rename", json: ["name": "m", "new_name": "n"])
            #expect(try await api.send(.delete, "\(Self.base)/registered-models/delete", json: ["name": "m"]).status == .notFound)
            #expect(try await api.send(.get, "\(Self.base)/registered-models/get?name=n").status == .ok)
        }
    }

    @Test("rename and delete are events: the old name is gone, the deleted model stays in the past and in its history")
    func renameAndDelete() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "old"])
            for _ in 1...2 { _ = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "old", "source": "s3://o"]) }
            _ = try await api.send(.post, "\(Self.base)/registered-models/alias", json: ["name": "old", "alias": "champion", "version": "2"])
            let renamed = try await api.send(.post, "\(Self.base)/registered-models/rename", json: ["name": "old", "new_name": "new"])
            #expect((renamed.json["registered_model"] as? [String: Any])?["name"] as? String == "new")
            #expect(try await api.send(.get, "\(Self.base)/registered-models/get?name=old").status == .notFound)
            _ = try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "taken"])
            let clash = try await api.send(.post, "\(Self.base)/registered-models/rename", json: ["name": "new", "new_name": "taken"])
            #expect(clash.json["error_code"] as? String == "RESOURCE_ALREADY_EXISTS", "\(clash.text)")

            #expect(try await api.send(.delete, "\(Self.base)/model-versions/delete", json: ["name": "new", "version": "2"]).status == .ok)
            #expect(try await api.send(.get, "\(Self.base)/registered-models/alias?name=new&alias=champion").status == .badRequest)
            // The alias the deletion removed cannot be brought back by retracting its removal.
            let removal = try #require(try await api.send(.get, "/v1/models/new/history").items.last { $0["type"] as? String == "AliasRemoved" })
            let refused = try await api.send(
                .post, "/v1/models/new/retractions", json: ["event_id": removal["event_id"] as? String ?? "", "reason": "undo"])
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            let third = try await api.send(.post, "\(Self.base)/model-versions/create", json: ["name": "new", "source": "s3://o"])
            #expect((third.json["model_version"] as? [String: Any])?["version"] as? String == "3")

            let beforeDelete = try await api.send(.get, "/v1/models/new").json["updated_at"] as? String
            #expect(try await api.send(.delete, "\(Self.base)/registered-models/delete", json: ["name": "new"]).status == .ok)
            #expect(try await api.send(.get, "\(Self.base)/registered-models/get?name=new").status == .notFound)
            #expect(try await api.send(.get, "/v1/models/new").status == .notFound)
            // The name is free again, and the deleted model is still readable as it stood before its deletion.
            #expect(try await api.send(.post, "\(Self.base)/registered-models/create", json: ["name": "new"]).status == .ok)
            let types = try await api.send(.get, "/v1/events?limit=100").items.compactMap { $0["type"] as? String }
            #expect(types.contains("ModelRenamed") && types.contains("VersionDeleted") && types.contains("ModelDeleted"))
            let past = try await api.send(.get, "/v1/models/new/versions?at=\(try #require(beforeDelete))")
            #expect(past.items.compactMap { $0["version"] as? Int } == [1, 3], "\(past.text)")
            #expect(try await api.send(.get, "/v1/models/new").status == .ok)
        }
    }
}
