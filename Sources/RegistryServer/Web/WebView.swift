import Crypto
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import RegistryDomain
import RegistryService

/// What every page of one request shares: who is looking, at which pair of instants, the form token, and the
/// current address, so that every link and form can carry the time travel along.
struct WebView {
    var principal: Principal
    /// The CSRF token of the session: forms carry it, POSTs must present it.
    var csrf: String
    var time: TimeTravel
    var path: String
    /// The current query, first value per key.
    var query: [String: String]
    /// When the request arrived (uptime nanoseconds), for the Server-Timing header.
    var startedAt: UInt64

    var caller: Caller { Caller(name: principal.name, registryRoles: principal.roles) }
    var asOf: AsOf? { time.asOf }
    var isTimeTravelling: Bool { time.asOf != nil }
    var readsEverything: Bool { principal.roles.contains(.admin) || principal.roles.contains(.auditor) }

    /// An `at` or `known_at` that could not be read: the page answers with it (the header still works).
    var timeError: WebError?

    init(request: Request, context: RegistryRequestContext, principal: Principal, sessionSecret: String) {
        // Parsed as a form is (`+` is a space), as browsers submit a GET form.
        let query = WebForm.parse(request.uri.query ?? "")
        self.principal = principal
        self.csrf = Self.csrfToken(forSession: sessionSecret)
        do {
            self.time = try TimeTravel(query: query)
        } catch {
            self.time = .present
            self.timeError = error
        }
        self.path = request.uri.path
        self.query = query
        self.startedAt = context.receivedAt
    }

    /// A link inside the UI, carrying the time travel. `items` are the link's own query items.
    func href(_ path: String, _ items: [(String, String)] = []) -> String {
        Self.href(path, items + time.queryItems)
    }

    /// Hidden inputs that keep the time travel in a GET form.
    var timeFields: [Layout.Hidden] { time.queryItems.map { Layout.Hidden(name: $0.0, value: $0.1) } }

    /// The same link in the present.
    func hrefNow(_ path: String, _ items: [(String, String)] = []) -> String {
        Self.href(path, items)
    }

    /// The current query without the time travel and the one-off notice of an action (`done`), in name order: what a
    /// link to this page in another instant, or a form that resets the instant, carries along.
    var pageQuery: [(String, String)] {
        query.filter { !["at", "known_at", "done"].contains($0.key) }.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }

    /// The current page with some query items replaced (nil removes one), time travel kept.
    func hrefHere(replacing changes: [String: String?]) -> String {
        var items = pageQuery.filter { changes[$0.0] == nil }
        for (key, value) in changes { if let value { items.append((key, value)) } }
        return href(path, items.sorted { $0.0 < $1.0 })
    }

    static func href(_ path: String, _ items: [(String, String)]) -> String {
        let encoded = items.filter { !$0.1.isEmpty }.map { "\(escape($0.0))=\(escape($0.1))" }
        return encoded.isEmpty ? path : path + "?" + encoded.joined(separator: "&")
    }

    /// A path segment or query value, percent-encoded.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Derived from the session secret, which only the browser's HttpOnly cookie holds: a page of another site can
    /// neither read nor compute it.
    static func csrfToken(forSession secret: String) -> String {
        Array(SHA256.hash(data: Array("modelreg-csrf:\(secret)".utf8))).hexString
    }

    /// Milliseconds since the request arrived.
    var elapsedMilliseconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - startedAt) / 1_000_000
    }
}
