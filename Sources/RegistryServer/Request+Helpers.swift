import Foundation
import Hummingbird
import NIOCore
import RegistryDomain

extension Request {
    /// Decodes a JSON body within the context's size limit; too large is 413, malformed is 400 naming the field.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, context: RegistryRequestContext, limit: Int? = nil) async throws -> T {
        let buffer = try await collectBody(upTo: limit ?? context.maxJSONBodySize)
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "invalid_json", "a JSON body is required") }
        let bytes = Array(buffer.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError(.badRequest, "invalid_json", "the body is not valid UTF-8")
        }
        if let key = JSONDuplicateKeys.first(in: bytes) {
            throw APIError(.badRequest, "invalid_json", "the key \"\(key)\" appears twice in one object")
        }
        do {
            return try RegistryEvent.makeDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw APIError(.badRequest, "invalid_json", ErrorMiddleware.describe(error))
        }
    }

    /// `limit` from the query: 1…1000, default 100.
    func pageLimit() throws -> Int {
        guard let text = uri.queryParameters.get("limit") else { return 100 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw APIError(.badRequest, "invalid_parameter", "limit must be an integer from 1 to 1000")
        }
        return value
    }

    /// The `at` / `known_at` pair of a time-travel read, or nil when neither is given (the present). Either
    /// defaults to now; both are RFC 3339 timestamps or bare dates (midnight UTC).
    func asOf() throws -> AsOf? {
        let at = uri.queryParameters.get("at")
        let knownAt = uri.queryParameters.get("known_at")
        guard at != nil || knownAt != nil else { return nil }
        let now = Date()
        return AsOf(at: try instant("at") ?? now, knownAt: try instant("known_at") ?? now)
    }

    /// An RFC 3339 timestamp (or bare date) query parameter, or nil when absent.
    func instant(_ name: String) throws -> Date? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw APIError(
                .badRequest, "invalid_parameter",
                "\(name) must be an RFC 3339 timestamp or a date (YYYY-MM-DD) between \(RFC3339.supportedYears.lowerBound) and \(RFC3339.supportedYears.upperBound)"
            )
        }
        return date
    }

    /// A non-negative integer query parameter, or nil when absent.
    func nonNegativeInteger(_ name: String) throws -> Int64? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError(.badRequest, "invalid_parameter", "\(name) must be a non-negative integer")
        }
        return value
    }
}

extension RegistryRequestContext {
    /// A path parameter that must be present (the router guarantees it for its routes).
    func pathParameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw APIError(.badRequest, "invalid_parameter", "missing \(name)") }
        return value
    }

    /// The version number in the path: a positive integer.
    func versionParameter() throws -> Int {
        guard let value = Int(try pathParameter("version")), value >= 1 else {
            throw APIError(.badRequest, "invalid_parameter", "version must be a positive integer")
        }
        // Versions are stored as 32-bit integers: a larger number is a version no model has, not a database error.
        guard value <= Int32.max else {
            throw APIError(.notFound, "version_not_found", "model '\(try pathParameter("name"))' has no version \(value)")
        }
        return value
    }
}
