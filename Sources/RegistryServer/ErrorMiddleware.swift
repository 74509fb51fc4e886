import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryService

/// Turns every error into the API's error body, and logs each request once (method, path, status, duration —
/// never headers or bodies, which carry tokens).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let maxJSONBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        context.maxJSONBodySize = maxJSONBodySize
        if let supplied = request.headers[.init("X-Request-Id")!], !supplied.isEmpty, supplied.count <= 128,
            supplied.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        {
            context.requestId = supplied
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try Self.render(error, request: request, context: context)
        }
        response.headers[.init("X-Request-Id")!] = context.requestId
        let milliseconds = (ContinuousClock.now - started).inSeconds * 1000
        context.logger.info(
            "request",
            metadata: [
                "request.id": "\(context.requestId)", "request.method": "\(request.method)", "request.path": "\(request.uri.path)",
                "response.status": "\(response.status.code)", "request.duration_ms": "\(String(format: "%.2f", milliseconds))",
            ])
        return response
    }

    static func render(_ error: any Error, request: Request, context: Context) throws -> Response {
        var apiError: APIError
        switch error {
        case let error as APIError:
            apiError = error
        case let error as HTTPError where error.status == .notFound && request.uri.path.hasPrefix("/api/"):
            // MLflow clients fall back from POST to GET only on a JSON ENDPOINT_NOT_FOUND, and read only MLflow's error shape.
            return MLflowError(.notFound, "ENDPOINT_NOT_FOUND", "no MLflow endpoint \(request.method) \(request.uri.path)").response()
        case let error as HTTPError where error.status == .notFound && WebController.isPage(request):
            // A browser asking for a page that does not exist gets a page, not the API's JSON.
            return WebController.notFoundPage(context: context)
        case let error as HTTPError where error.status == .notFound:
            // No route: a documented path asked with a method it does not answer is 405, anything else 404.
            if let allowed = DocumentedRoutes.allowedMethods(for: request.uri.path), !allowed.contains(request.method.rawValue) {
                apiError = APIError(.methodNotAllowed, "method_not_allowed", "\(request.uri.path) answers \(allowed.joined(separator: ", "))")
                apiError.headers[.allow] = allowed.joined(separator: ", ")
            } else {
                apiError = APIError(.notFound, "not_found", error.body ?? "no such route")
            }
        case let error as HTTPError:
            // Hummingbird's own refusals: body too large, malformed request.
            let code =
                switch error.status {
                case .contentTooLarge: "payload_too_large"
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                default: "bad_request"
                }
            apiError = APIError(error.status, code, error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError:
            apiError = APIError(.contentTooLarge, "payload_too_large", "the request body is larger than this route accepts")
        case let error as DecodingError:
            apiError = APIError(.badRequest, "invalid_json", Self.describe(error))
        default:
            let registryError = RegistryError.from(error)
            if registryError.code == "internal_error" || registryError.code == "database_error" {
                context.logger.error("request failed", metadata: ["request.id": "\(context.requestId)", "error": "\(String(reflecting: error))"])
            }
            apiError = APIError(registryError)
        }
        return try apiError.response(from: request, context: context)
    }

    /// Says which field was wrong without echoing the whole body.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "the body" : "'\(joined)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context): return "wrong type for \(path(context.codingPath))"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)) must not be null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON" : "invalid value for \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "the body could not be decoded"
        }
    }
}
