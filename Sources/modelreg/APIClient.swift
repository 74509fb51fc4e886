import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client for the registry's JSON API, used by the CLI's client commands.
struct APIClient {
    let base: URL
    let token: String

    struct Failure: Error, CustomStringConvertible {
        var status: Int
        var code: String
        var message: String
        var description: String { "HTTP \(status) \(code): \(message)" }
    }

    /// Sends a request and returns the body of a 2xx answer; anything else throws with the server's message.
    func send(_ method: String, _ path: String, query: [String: String] = [:], json body: [String: Any]? = nil, rawBody: Data? = nil)
        async throws -> Data
    {
        guard var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw ValidationError("bad path \(path)")
        }
        if !query.isEmpty { components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        guard let url = components.url else { throw ValidationError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let rawBody {
            request.httpBody = rawBody
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let error = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? [String: Any]
            throw Failure(
                status: status, code: error?["code"] as? String ?? "http_error",
                message: error?["message"] as? String ?? String(decoding: data.prefix(500), as: UTF8.self))
        }
        return data
    }

    /// Sends and parses a JSON object.
    func object(_ method: String, _ path: String, query: [String: String] = [:], json body: [String: Any]? = nil, rawBody: Data? = nil)
        async throws -> (Data, [String: Any])
    {
        let data = try await send(method, path, query: query, json: body, rawBody: rawBody)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (data, object)
    }
}

/// Path segments are percent-encoded so names with reserved characters cannot change the route.
func segment(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
}

/// A JSON field as display text.
func text(_ value: Any?) -> String {
    switch value {
    case nil, is NSNull: return ""
    case let string as String: return string
    case let number as NSNumber: return number.stringValue
    default: return "\(value!)"
    }
}
