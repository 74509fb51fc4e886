import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryDomain
import RegistryService

/// MLflow's wire conventions (docs/MLFLOW.md): GET parameters in the query string (repeated keys for lists, `+` for
/// a space), every other method a JSON body; answers are JSON objects with `version` as a string and times in
/// epoch milliseconds; errors are `{"error_code", "message"}` with MLflow's statuses.
struct MLflowParameters {
    private var values: [String: [Any]]

    /// Reads the request's parameters the way MLflow's server does: the query string for GET, the body otherwise.
    static func read(_ request: inout Request, context: RegistryRequestContext) async throws -> MLflowParameters {
        if request.method == .get || request.method == .head { return MLflowParameters(query: request.uri.query ?? "") }
        let buffer = try await request.body.collect(upTo: context.maxJSONBodySize)
        guard buffer.readableBytes > 0 else { return MLflowParameters(values: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", "The request body must be a JSON object.")
        }
        var values: [String: [Any]] = [:]
        for (key, value) in object where !(value is NSNull) {
            values[key] = (value as? [Any]) ?? [value]
        }
        return MLflowParameters(values: values)
    }

    private init(values: [String: [Any]]) {
        self.values = values
    }

    /// `a=1&b=x+y&b=%27z%27`: `+` is a space (as `requests` encodes it), then percent-decoding.
    init(query: String) {
        var values: [String: [Any]] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        self.values = values
    }

    func string(_ key: String) -> String? {
        guard let value = values[key]?.first else { return nil }
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    func required(_ key: String) throws -> String {
        guard let value = string(key), !value.isEmpty else {
            throw MLflowError(
                .badRequest, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter '\(key)'. See the API docs for more information about request parameters.")
        }
        return value
    }

    func strings(_ key: String) -> [String] {
        (values[key] ?? []).compactMap { ($0 as? String) ?? ($0 as? NSNumber)?.stringValue }
    }

    func version(_ key: String = "version") throws -> Int {
        let text = try required(key)
        guard let number = Int(text), number >= 1, number <= Int(Int32.max) else {
            if Int(text) != nil { throw MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", "Model Version (version=\(text)) not found") }
            throw MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got '\(Validation.printable(text))'.")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = values[key]?.first else { return nil }
        if let flag = value as? Bool { return flag }
        switch (value as? String)?.lowercased() {
        case "true": return true
        case "false": return false
        default: throw MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", "Parameter '\(key)' must be a boolean.")
        }
    }

    func integer(_ key: String, default fallback: Int, maximum: Int) throws -> Int {
        guard let text = string(key) else { return fallback }
        guard let number = Int(text), number >= 1, number <= maximum else {
            throw MLflowError(
                .badRequest, "INVALID_PARAMETER_VALUE",
                "Invalid value \(Validation.printable(text)) for parameter '\(key)' supplied: it must be between 1 and \(maximum).")
        }
        return number
    }

    /// `tags: [{key, value}]` (the last value of a repeated key wins, as MLflow keeps it).
    func tags() throws -> [String: String] {
        var tags: [String: String] = [:]
        for item in values["tags"] ?? [] {
            guard let tag = item as? [String: Any], let key = tag["key"] as? String else {
                throw MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", "Each tag must be an object with 'key' and 'value'.")
            }
            tags[key] = (tag["value"] as? String) ?? (tag["value"] as? NSNumber)?.stringValue ?? ""
        }
        return tags
    }
}

/// An error in MLflow's shape. MLflow clients retry 5xx for minutes, so user errors are always 4xx.
struct MLflowError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The registry's errors in MLflow's codes; messages for "not found" use MLflow's wording.
    init(_ error: RegistryError) {
        switch error.kind {
        case .notFound:
            self.init(.notFound, "RESOURCE_DOES_NOT_EXIST", error.message)
        case .conflict where error.code == DomainError.Code.modelAlreadyExists.rawValue:
            self.init(.badRequest, "RESOURCE_ALREADY_EXISTS", error.message)
        case .conflict where error.code == DomainError.Code.gateFailed.rawValue:
            self.init(.forbidden, "PERMISSION_DENIED", error.message)
        case .conflict:
            self.init(.conflict, "RESOURCE_CONFLICT", error.message)
        case .forbidden:
            self.init(.forbidden, "PERMISSION_DENIED", error.message)
        case .unauthenticated:
            self.init(.unauthorized, "UNAUTHENTICATED", error.message)
        case .invalid, .unprocessable:
            self.init(.badRequest, "INVALID_PARAMETER_VALUE", error.message)
        case .tooLarge:
            self.init(.contentTooLarge, "INVALID_PARAMETER_VALUE", error.message)
        case .unavailable:
            self.init(.serviceUnavailable, "TEMPORARILY_UNAVAILABLE", error.message)
        }
    }

    func response() -> Response {
        var response = MLflowJSON.response(["error_code": .string(code), "message": .string(message)], status: status)
        if status == .serviceUnavailable { response.headers[.retryAfter] = "1" }
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Basic realm=\"modelreg\", Bearer realm=\"modelreg\"" }
        return response
    }
}

/// Answers are built as `JSONValue` and written by its direct writer: Foundation's `JSONSerialization` (sorting
/// keys through ICU collation) was most of a 100-model search's time.
enum MLflowJSON {
    static func response(_ object: [String: JSONValue], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).canonicalBytes)))
    }

    static func milliseconds(_ date: Date) -> JSONValue { .number((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func tags(_ tags: [String: String]) -> JSONValue {
        .array(tags.sorted { $0.key < $1.key }.map { .object(["key": .string($0.key), "value": .string($0.value)]) })
    }

    /// A registered model as MLflow's `RegisteredModel` message (empty fields left out, as proto2 JSON does).
    static func model(_ model: MLflowRegistry.ModelRecord) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(model.name), "creation_timestamp": milliseconds(model.createdAt),
            "last_updated_timestamp": milliseconds(model.updatedAt), "user_id": .string(model.owner),
        ]
        if !model.description.isEmpty { object["description"] = .string(model.description) }
        if !model.latestVersions.isEmpty { object["latest_versions"] = .array(model.latestVersions.map { version($0, withAliases: false) }) }
        if !model.tags.isEmpty { object["tags"] = tags(model.tags) }
        if !model.aliases.isEmpty {
            object["aliases"] = .array(model.aliases.map { .object(["alias": .string($0.alias), "version": .string(String($0.version))]) })
        }
        return .object(object)
    }

    /// A model version as MLflow's `ModelVersion` message; `status` is always READY (registration is synchronous).
    static func version(_ version: MLflowRegistry.VersionRecord, withAliases: Bool = true) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(version.model), "version": .string(String(version.version)),
            "creation_timestamp": milliseconds(version.registeredAt), "last_updated_timestamp": milliseconds(version.registeredAt),
            "current_stage": .string(version.stage.rawValue), "description": .string(version.description),
            "source": .string(version.source ?? ""), "status": .string("READY"), "run_link": .string(""), "user_id": .string(version.registrant),
        ]
        if let runId = version.runId { object["run_id"] = .string(runId) }
        if withAliases && !version.aliases.isEmpty { object["aliases"] = .array(version.aliases.map(JSONValue.string)) }
        if !version.tags.isEmpty { object["tags"] = tags(version.tags) }
        return .object(object)
    }
}

/// Authenticates MLflow clients the way they send credentials — `MLFLOW_TRACKING_TOKEN` as a bearer token, or
/// `MLFLOW_TRACKING_USERNAME`/`PASSWORD` as basic auth (user name = principal, password = one of its tokens) —
/// and answers every error in MLflow's shape.
struct MLflowMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var context = context
            context.principal = try await authenticate(request)
            return try await next(request, context)
        } catch {
            return Self.render(error, context: context)
        }
    }

    private func authenticate(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization] else {
            throw MLflowError(
                .unauthorized, "UNAUTHENTICATED",
                "credentials are required: set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")
        }
        let lowered = header.prefix(7).lowercased()
        if lowered == "bearer " {
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if let principal = try await authenticator.authenticate(token) { return principal }
        } else if lowered.hasPrefix("basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        {
            let name = String(text[..<colon])
            let token = String(text[text.index(after: colon)...])
            if let principal = try await authenticator.authenticate(token), principal.name == name { return principal }
        }
        throw MLflowError(.unauthorized, "UNAUTHENTICATED", "the credentials are invalid, expired or revoked")
    }

    static func render(_ error: any Error, context: Context) -> Response {
        switch error {
        case let error as MLflowError:
            return error.response()
        case let error as HTTPError:
            let code = error.status == .notFound ? "ENDPOINT_NOT_FOUND" : "BAD_REQUEST"
            return MLflowError(error.status, code, error.body ?? error.status.reasonPhrase).response()
        case is NIOTooManyBytesError:
            return MLflowError(.contentTooLarge, "INVALID_PARAMETER_VALUE", "the request body is larger than this route accepts").response()
        default:
            let registryError = RegistryError.from(error)
            if registryError.code == "internal_error" || registryError.code == "database_error" {
                context.logger.error("request failed", metadata: ["request.id": "\(context.requestId)", "error": "\(String(reflecting: error))"])
            }
            return MLflowError(registryError).response()
        }
    }
}
