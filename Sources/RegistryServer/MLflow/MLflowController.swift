import Foundation
import Hummingbird
import NIOCore
import RegistryDomain
import RegistryService

/// MLflow's Model Registry REST API (`/api/2.0/mlflow/registered-models/*`, `/model-versions/*`), each call one of
/// the registry's commands or reads; the mapping is in docs/MLFLOW.md.
struct MLflowController {
    let services: RegistryServices
    let mlflow: MLflowRegistry
    let files: MLflowArtifacts

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("registered-models/create", use: reading(createModel))
        group.get("registered-models/get", use: reading(getModel))
        group.post("registered-models/rename", use: reading(renameModel))
        group.patch("registered-models/update", use: reading(updateModel))
        group.delete("registered-models/delete", use: reading(deleteModel))
        group.get("registered-models/search", use: reading(searchModels))
        group.post("registered-models/get-latest-versions", use: reading(latestVersions))
        group.get("registered-models/get-latest-versions", use: reading(latestVersions))
        group.post("registered-models/set-tag", use: reading(setModelTag))
        group.delete("registered-models/delete-tag", use: reading(deleteModelTag))
        group.post("registered-models/alias", use: reading(setAlias))
        group.delete("registered-models/alias", use: reading(deleteAlias))
        group.get("registered-models/alias", use: reading(getByAlias))
        group.post("model-versions/create", use: reading(createVersion))
        group.get("model-versions/get", use: reading(getVersion))
        group.patch("model-versions/update", use: reading(updateVersion))
        group.delete("model-versions/delete", use: reading(deleteVersion))
        group.get("model-versions/search", use: reading(searchVersions))
        group.get("model-versions/get-download-uri", use: reading(downloadURI))
        group.post("model-versions/transition-stage", use: reading(transitionStage))
        group.post("model-versions/set-tag", use: reading(setVersionTag))
        group.delete("model-versions/delete-tag", use: reading(deleteVersionTag))
    }

    /// MLflow's parameters, read as its server reads them (query string for GET, JSON body otherwise), for a handler.
    private func reading(_ handler: @escaping @Sendable (MLflowParameters, RegistryRequestContext) async throws -> Response)
        -> @Sendable (Request, RegistryRequestContext) async throws -> Response
    {
        { request, context in
            var request = request
            return try await handler(try await MLflowParameters.read(&request, context: context), context)
        }
    }

    // MARK: registered models

    @Sendable func createModel(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let name = try parameters.required("name")
        let outcome = try await services.registry.createModel(
            name: name, description: parameters.string("description") ?? "", tags: try parameters.tags(), context: try context.commandContext())
        return Self.modelAnswer(outcome.model)
    }

    @Sendable func getModel(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        return try await modelAnswer(try parameters.required("name"), context)
    }

    @Sendable func renameModel(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let outcome = try await execute(
            .rename(newName: try parameters.required("new_name"), reason: nil), on: try parameters.required("name"), context)
        return Self.modelAnswer(outcome.model)
    }

    @Sendable func updateModel(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let name = try parameters.required("name")
        guard let description = parameters.string("description") else { return try await modelAnswer(name, context) }
        return Self.modelAnswer(try await execute(.update(description: description, tags: nil, reason: nil), on: name, context).model)
    }

    @Sendable func deleteModel(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        try await execute(.delete(reason: nil), on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func searchModels(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let search = try Search(parameters, target: .registeredModels, defaultLimit: 100, maximum: 1000)
        let (models, more) = try await mlflow.searchModels(
            filter: search.filter, order: search.order, offset: search.offset, limit: search.limit, caller: try context.caller())
        let answer = search.answer(key: "registered_models", models.map { MLflowJSON.model($0) }, more: more)
        return MLflowJSON.response(answer)
    }

    @Sendable func latestVersions(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let stages = try Set(parameters.strings("stages").map(Self.stage))
        let versions = try await mlflow.latestVersions(of: try parameters.required("name"), stages: stages, caller: try context.caller())
        return MLflowJSON.response(versions.isEmpty ? [:] : ["model_versions": .array(versions.map { MLflowJSON.version($0) })])
    }

    @Sendable func setModelTag(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let key = try parameters.required("key")
        try await execute(
            .editTags(set: [key: parameters.string("value") ?? ""], remove: [], reason: nil), on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func deleteModelTag(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        try await execute(.editTags(set: [:], remove: [try parameters.required("key")], reason: nil), on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func setAlias(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let alias = try parameters.required("alias")
        try await execute(.setAlias(alias: alias, version: try parameters.version(), reason: nil), on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func deleteAlias(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        do {
            try await execute(.removeAlias(alias: try parameters.required("alias"), reason: nil), on: try parameters.required("name"), context)
        } catch let error as RegistryError where error.code == DomainError.Code.aliasNotFound.rawValue {
            // MLflow answers deleting an alias that is not set with success.
        }
        return MLflowJSON.response([:])
    }

    @Sendable func getByAlias(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let version = try await mlflow.version(
            alias: try parameters.required("alias"), of: try parameters.required("name"), caller: try context.caller())
        return MLflowJSON.response(["model_version": MLflowJSON.version(version)])
    }

    // MARK: model versions

    @Sendable func createVersion(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let name = try parameters.required("name")
        let source = try parameters.required("source")
        let runId = parameters.string("run_id").flatMap { $0.isEmpty ? nil : $0 }
        let commandContext = try context.commandContext()
        try AccessControl.requireWriter(try context.caller())
        // The manifest is written in the registration's transaction: a refused registration leaves nothing behind.
        let manifest = try await files.prepareManifest(source: source, runId: runId, caller: try context.caller())
        let command = RegisterVersion(
            artifactSHA256: manifest.sha256, artifactSize: manifest.size, format: MLflowArtifacts.manifestFormat,
            description: parameters.string("description") ?? "", lineage: Lineage(source: source, runId: runId), tags: try parameters.tags())
        let outcome = try await services.registry.execute(.registerVersion(command), model: name, context: commandContext, alongside: manifest.store)
        guard let version = outcome.model.versions.last else { throw RegistryError.modelNotFound(name) }
        return Self.versionAnswer(version.version, of: outcome.model)
    }

    @Sendable func getVersion(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        return try await versionAnswer(try parameters.version(), of: try parameters.required("name"), context)
    }

    @Sendable func updateVersion(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let name = try parameters.required("name")
        let number = try parameters.version()
        guard let description = parameters.string("description") else { return try await versionAnswer(number, of: name, context) }
        let outcome = try await execute(
            .updateVersion(version: number, description: description, setTags: [:], removeTags: [], reason: nil), on: name, context)
        return Self.versionAnswer(number, of: outcome.model)
    }

    @Sendable func deleteVersion(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        try await execute(.deleteVersion(version: try parameters.version(), reason: nil), on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func searchVersions(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let search = try Search(parameters, target: .modelVersions, defaultLimit: 10_000, maximum: 200_000)
        let (versions, more) = try await mlflow.searchVersions(
            filter: search.filter, order: search.order, offset: search.offset, limit: search.limit, caller: try context.caller())
        let answer = search.answer(key: "model_versions", versions.map { MLflowJSON.version($0) }, more: more)
        return MLflowJSON.response(answer)
    }

    @Sendable func downloadURI(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let caller = try context.caller()
        let name = try parameters.required("name")
        let version = try await mlflow.version(try parameters.version(), of: name, caller: caller)
        let uri = try await files.downloadURI(model: name, version: version.version, source: version.source, artifactSHA256: version.artifactSHA256)
        // Downloading is a use of the model, with its own role (and its own event, as on /v1).
        _ = try await services.registry.execute(.recordDownload(version: version.version), model: name, context: try context.commandContext())
        return MLflowJSON.response(["artifact_uri": .string(uri)])
    }

    @Sendable func transitionStage(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let name = try parameters.required("name")
        let number = try parameters.version()
        let stage = try Self.stage(try parameters.required("stage"))
        let archive = try parameters.bool("archive_existing_versions") ?? false
        let outcome: Registry.Outcome
        do {
            outcome = try await execute(.transitionStage(version: number, stage: stage, archiveExisting: archive, reason: nil), on: name, context)
        } catch let error as RegistryError where error.code == DomainError.Code.approvalRequired.rawValue {
            throw MLflowError(
                .forbidden, "PERMISSION_DENIED",
                "\(error.message). Approve it first: POST /v1/models/\(name)/versions/\(number)/approvals with {\"alias\": \"\(stage.alias ?? "")\", \"decision\": \"approved\"}"
            )
        }
        return Self.versionAnswer(number, of: outcome.model)
    }

    @Sendable func setVersionTag(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        let key = try parameters.required("key")
        try await execute(
            .updateVersion(
                version: try parameters.version(), description: nil, setTags: [key: parameters.string("value") ?? ""], removeTags: [], reason: nil),
            on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    @Sendable func deleteVersionTag(_ parameters: MLflowParameters, context: RegistryRequestContext) async throws -> Response {
        try await execute(
            .updateVersion(
                version: try parameters.version(), description: nil, setTags: [:], removeTags: [try parameters.required("key")], reason: nil),
            on: try parameters.required("name"), context)
        return MLflowJSON.response([:])
    }

    // MARK: helpers

    @discardableResult
    private func execute(_ command: ModelCommand, on name: String, _ context: RegistryRequestContext) async throws -> Registry.Outcome {
        try await services.registry.execute(command, model: name, context: try context.commandContext())
    }

    /// Answers from the state a command left: the projections hold the same, so nothing is read back.
    private static func modelAnswer(_ model: ModelState) -> Response {
        MLflowJSON.response(["registered_model": MLflowJSON.model(MLflowRegistry.record(model))])
    }

    private static func versionAnswer(_ number: Int, of model: ModelState) -> Response {
        guard let version = model.version(number) else {
            return MLflowError(
                RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "Model Version (name=\(model.name), version=\(number)) not found")
            ).response()
        }
        return MLflowJSON.response(["model_version": MLflowJSON.version(MLflowRegistry.record(version, of: model))])
    }

    private func modelAnswer(_ name: String, _ context: RegistryRequestContext) async throws -> Response {
        MLflowJSON.response(["registered_model": MLflowJSON.model(try await mlflow.model(named: name, caller: try context.caller()))])
    }

    private func versionAnswer(_ number: Int, of name: String, _ context: RegistryRequestContext) async throws -> Response {
        MLflowJSON.response(["model_version": MLflowJSON.version(try await mlflow.version(number, of: name, caller: try context.caller()))])
    }

    /// A search request's filter, order and page, as both searches read them.
    private struct Search {
        var filter: MLflowFilter
        var order: MLflowOrder
        var limit: Int
        var offset: Int

        init(_ parameters: MLflowParameters, target: MLflowFilter.Target, defaultLimit: Int, maximum: Int) throws {
            filter = try MLflowFilter.parse(parameters.string("filter") ?? "", for: target)
            order = try MLflowOrder.parse(parameters.strings("order_by"), for: target)
            limit = try parameters.integer("max_results", default: defaultLimit, maximum: maximum)
            offset = try MLflowPageToken.decode(parameters.string("page_token"))
        }

        /// The page under `key` (left out when empty) and the next page's token when more follow.
        func answer(key: String, _ items: [JSONValue], more: Bool) -> [String: JSONValue] {
            var answer: [String: JSONValue] = [:]
            if !items.isEmpty { answer[key] = .array(items) }
            if more { answer["next_page_token"] = .string(MLflowPageToken.encode(offset: offset + limit)) }
            return answer
        }
    }

    /// Stage names are matched without regard to case, as MLflow does.
    static func stage(_ text: String) throws -> VersionStage {
        guard let stage = VersionStage.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            throw MLflowError(
                .badRequest, "INVALID_PARAMETER_VALUE",
                "Invalid Model Version stage: \(Validation.printable(text)). Value must be one of None, Staging, Production, Archived.")
        }
        return stage
    }
}
