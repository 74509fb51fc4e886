import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// An error as the API shows it: `{"error": {"code": "…", "message": "…"}}` with a fitting status.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(ErrorBody(error: .init(code: code, message: message)), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// Maps a service error to a status. The only place that knows both.
    public init(_ error: RegistryError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .invalid: .badRequest
            case .unauthenticated: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .tooLarge: .contentTooLarge
            case .unprocessable: .unprocessableContent
            case .unavailable: .serviceUnavailable
            }
        self.init(status, error.code, error.message)
        if status == .serviceUnavailable { headers[.retryAfter] = "1" }
    }
}

/// The error document of DESIGN.md §6.
private struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }
    var error: Detail
}

/// JSON responses encoded the registry's way (sorted keys, RFC 3339 microsecond timestamps).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try RegistryEvent.makeEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
