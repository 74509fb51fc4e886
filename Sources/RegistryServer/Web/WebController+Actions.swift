import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// The forms that change the registry: each is one command with its reason, under the signed-in principal, and
/// each answers by sending the browser back to the page with a notice (POST, redirect, GET).
extension WebController {
    func addActionRoutes(to router: Router<RegistryRequestContext>) {
        router.post("models", use: page(.models) { request, context, view in try await createModel(&request, context, view) })
        router.post(
            "models/{name}/aliases",
            use: page(.models) { request, context, view in
                let name = try context.pathParameter("name")
                let form = try await WebForm.read(&request, context: context, csrf: view.csrf)
                return try await acting(back: view.href(Self.modelPath(name)), context) {
                    guard let version = Int(form["version"]) else { throw WebError(.badRequest, "Choose the version the alias should point to.") }
                    _ = try await services.registry.execute(
                        .setAlias(alias: form["alias"], version: version, reason: form["reason"]), model: name,
                        context: try context.commandContext(reason: form["reason"]))
                    return Self.redirect(Self.modelPath(name) + "?done=alias")
                }
            })
        router.post(
            "models/{name}/grants",
            use: page(.models) { request, context, view in
                let name = try context.pathParameter("name")
                let form = try await WebForm.read(&request, context: context, csrf: view.csrf)
                return try await acting(back: view.href(Self.modelPath(name)), context) {
                    guard let role = ModelRole(rawValue: form["role"]) else {
                        throw WebError(.badRequest, "Choose a role: \(ModelRole.allCases.map(\.rawValue).joined(separator: ", ")).")
                    }
                    let expires = try TimeTravel.instant(form["expires_at"], name: "expires_at")
                    _ = try await services.registry.execute(
                        .grant(principal: form["principal"], role: role, expiresAt: expires, reason: form["reason"]), model: name,
                        context: try context.commandContext(reason: form["reason"]))
                    return Self.redirect(Self.modelPath(name) + "?done=grant")
                }
            })
        router.post(
            "models/{name}/versions",
            use: page(.models) { request, context, view in try await registerVersion(&request, context, view) })
        router.post(
            "models/{name}/versions/{version}/approvals",
            use: page(.models) { request, context, view in
                let name = try context.pathParameter("name")
                let number = try context.versionParameter()
                let form = try await WebForm.read(&request, context: context, csrf: view.csrf)
                let back = Self.modelPath(name) + "/versions/\(number)"
                return try await acting(back: back, context) {
                    guard let decision = VersionApproved.Decision(rawValue: form["decision"]) else {
                        throw WebError(.badRequest, "The decision is either approved or rejected.")
                    }
                    _ = try await services.registry.execute(
                        .review(version: number, alias: form["alias"], decision: decision, notes: form["notes"]), model: name,
                        context: try context.commandContext(reason: form["notes"]))
                    return Self.redirect(back + "?done=review")
                }
            })
        router.post(
            "models/{name}/versions/{version}/predict",
            use: page(.models) { request, context, view in try await tryPrediction(&request, context, view) })
    }

    /// Runs an action; a refusal (bad input, no right, conflict) becomes a page that says why and links back.
    func acting(back: String, _ context: RegistryRequestContext, _ action: () async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch let error as RegistryError {
            throw WebError(APIError(error).status, error.message, back: back)
        } catch let error as APIError {
            throw WebError(error.status, error.message, back: back)
        } catch var error as WebError {
            error.back = error.back ?? back
            throw error
        }
    }

    private func createModel(_ request: inout Request, _ context: RegistryRequestContext, _ view: WebView) async throws -> Response {
        let form = try await WebForm.read(&request, context: context, csrf: view.csrf)
        return try await acting(back: "/", context) {
            var tags: [String: String] = [:]
            for pair in form["tags"].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else { throw WebError(.badRequest, "Tags are key=value pairs separated by commas.") }
                tags[parts[0]] = parts[1]
            }
            _ = try await services.registry.createModel(
                name: form["name"], description: form["description"], tags: tags, context: try context.commandContext())
            return Self.redirect(Self.modelPath(form["name"]) + "?done=model")
        }
    }

    private func registerVersion(_ request: inout Request, _ context: RegistryRequestContext, _ view: WebView) async throws -> Response {
        let name = try context.pathParameter("name")
        let back = view.href(Self.modelPath(name))
        let body: [UInt8]
        do {
            body = Array(try await request.collectBody(upTo: maxFormUpload + 64 * 1024).readableBytesView)
        } catch {
            throw WebError(
                .contentTooLarge, "The file is larger than this form takes (\(maxFormUpload >> 20) MiB). Register it with the API or the CLI.",
                back: back)
        }
        guard let form = MultipartForm.parse(body, contentType: request.headers[.contentType] ?? "") else {
            throw WebError(.badRequest, "The form did not arrive as a file upload.", back: back)
        }
        try WebForm(fields: ["csrf": form.text("csrf")]).requireToken(view.csrf)
        return try await acting(back: back, context) {
            guard let file = form.file("artifact"), !file.content.isEmpty else { throw WebError(.badRequest, "Choose the artifact file to upload.") }
            var remaining: [UInt8]? = file.content
            let (artifact, _) = try await services.artifacts.upload(
                expectedSHA256: nil, declaredSize: Int64(file.content.count), actor: view.principal.name
            ) {
                defer { remaining = nil }
                return remaining
            }
            let registration = RegisterVersionBody(
                artifactSHA256: artifact.sha256, format: form.text("format"), description: form.text("description"),
                reason: form.text("reason").isEmpty ? nil : form.text("reason"))
            let (number, _) = try await VersionsController(services: services).registerVersion(registration, model: name, context: context)
            return Self.redirect(Self.modelPath(name) + "/versions/\(number)?done=version")
        }
    }

    private func tryPrediction(_ request: inout Request, _ context: RegistryRequestContext, _ view: WebView) async throws -> Response {
        let name = try context.pathParameter("name")
        let number = try context.versionParameter()
        let form = try await WebForm.read(&request, context: context, csrf: view.csrf)
        var values: [String: String] = [:]
        var row: [String: JSONValue] = [:]
        for (field, value) in form.fields where field.hasPrefix("x.") {
            let input = String(field.dropFirst(2))
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            values[input] = trimmed
            row[input] = Double(trimmed).map(JSONValue.number) ?? .string(trimmed)
        }
        var tried = TriedPrediction(values: values)
        do {
            let answer = try await services.predictor.predict(
                model: name, Predictor.Request(inputs: [row], version: number), caller: view.caller, requestId: context.requestId)
            tried.output = answer.predictions.first?.output
            tried.predictionId = answer.predictions.first?.predictionId
        } catch let error as RegistryError where error.kind == .invalid || error.kind == .unprocessable {
            tried.error = error.message
        }
        return try await versionPage(name, number, view: view, tried: tried)
    }
}
