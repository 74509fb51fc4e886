import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser for route tests: signs in through the form, keeps the session cookie, and submits forms with the
/// page's CSRF token, as a person's browser would (without running any script: the UI needs none).
struct WebClient: Sendable {
    let api: API
    var session: String?
    var csrf: String?

    init(api: API) {
        self.api = api
    }

    /// Signs in with `token` through the sign-in form.
    static func signIn(_ api: API, token: String) async throws -> WebClient {
        var client = WebClient(api: api)
        let reply = try await client.signInAttempt(token: token)
        guard reply.status == .seeOther, let session = reply.cookie(named: "modelreg_session"), !session.isEmpty else {
            throw TestFailure("sign-in failed: \(reply.status) \(reply.text)")
        }
        client.session = session
        client.csrf = try await client.get("/").csrfToken
        return client
    }

    /// Fetches the sign-in form and posts `token` with its token and cookie; returns the answer.
    func signInAttempt(token: String, csrfOverride: String? = nil, next: String = "/") async throws -> API.Reply {
        let form = try await api.send(.get, "/sign-in", token: .some(nil))
        guard let cookie = form.cookie(named: "modelreg_signin"), let csrf = form.csrfToken else {
            throw TestFailure("the sign-in page has no form token: \(form.text)")
        }
        return try await api.send(
            .post, "/sign-in", token: .some(nil), raw: Array(Self.encode(["csrf": csrfOverride ?? csrf, "token": token, "next": next]).utf8),
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "modelreg_signin=\(cookie)"])
    }

    func get(_ path: String) async throws -> API.Reply {
        try await api.send(.get, path, token: .some(nil), headers: cookieHeader)
    }

    /// Posts a form; the session's CSRF token is added unless `fields` already has one.
    func post(_ path: String, _ fields: [String: String]) async throws -> API.Reply {
        var fields = fields
        if fields["csrf"] == nil { fields["csrf"] = csrf ?? "" }
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await api.send(.post, path, token: .some(nil), raw: Array(Self.encode(fields).utf8), headers: headers)
    }

    /// Posts a multipart form with one file.
    func upload(_ path: String, fields: [String: String], file: (name: String, filename: String, bytes: [UInt8])) async throws -> API.Reply {
        let boundary = "----modelreg-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        var all = fields
        if all["csrf"] == nil { all["csrf"] = csrf ?? "" }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await api.send(.post, path, token: .some(nil), raw: body, headers: headers)
    }

    private var cookieHeader: HTTPFields {
        guard let session else { return [:] }
        return [.cookie: "modelreg_session=\(session)"]
    }

    static func encode(_ fields: [String: String]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

extension API.Reply {
    /// The value a `Set-Cookie` header gives `name`.
    func cookie(named name: String) -> String? {
        for field in headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";").first.map(String.init) ?? ""
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// The full `Set-Cookie` header for `name`.
    func setCookie(named name: String) -> String? {
        headers.first { $0.name == .setCookie && $0.value.hasPrefix(name + "=") }?.value
    }

    var csrfToken: String? { firstMatch(#"name="csrf" value="([^"]*)""#) }

    /// The first capture of `pattern` in the body.
    func firstMatch(_ pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return nil }
        let text = self.text
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Every capture of `pattern` in the body.
    func allMatches(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let text = self.text
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The `<tr data-…="value">` rows' values, in order.
    func rows(_ attribute: String) -> [String] { allMatches("<tr data-\(attribute)=\"([^\"]*)\"") }

    /// The HTML of the table row with `data-attribute="value"`.
    func row(_ attribute: String, _ value: String) -> String? { firstMatch("(<tr data-\(attribute)=\"\(value)\".*?</tr>)") }

    /// Form controls (not hidden) whose id no `<label for>` names: every control must have a label.
    var unlabelledControls: [String] {
        let labels = Set(allMatches(#"<label for="([^"]+)""#))
        let controls = allMatches(#"(<(?:input|select|textarea)\b[^>]*>)"#).filter { !$0.contains("type=\"hidden\"") }
        return controls.filter { control in
            guard let id = control.range(of: #"id="([^"]+)""#, options: .regularExpression).map({ String(control[$0].dropFirst(4).dropLast()) })
            else {
                return true
            }
            return !labels.contains(id)
        }
    }
}
