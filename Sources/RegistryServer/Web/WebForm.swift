import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// A submitted form (`application/x-www-form-urlencoded`), checked against the session's CSRF token before any
/// field is used.
struct WebForm {
    var fields: [String: String]

    subscript(_ name: String) -> String { fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    /// Reads and checks a form. A missing or wrong token is 403 and nothing happens.
    static func read(_ request: inout Request, context: RegistryRequestContext, csrf: String) async throws -> WebForm {
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let form = WebForm(fields: parse(String(buffer: buffer)))
        try form.requireToken(csrf)
        return form
    }

    func requireToken(_ csrf: String) throws(WebError) {
        guard Authenticator.constantTimeEqual(Array(self["csrf"].utf8), Array(csrf.utf8)) else {
            throw WebError(.forbidden, "This form has expired or did not come from this registry. Go back, reload the page and try again.")
        }
    }

    /// `a=1&b=two+words` → ["a": "1", "b": "two words"]; the first value of a repeated name wins.
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
