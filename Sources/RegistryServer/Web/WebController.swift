import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryDomain
import RegistryService

/// The web UI: server-rendered pages over the same services as `/v1`, signed in with a session cookie, usable
/// without JavaScript. Every page takes `at` / `known_at` and shows the registry as it stood then.
struct WebController: Sendable {
    let services: RegistryServices
    let sessions: WebSessions
    let catalogue: ModelCatalogue
    let auditTrail: AuditTrail
    let chain: ChainWatch
    let renderer = HTMLRenderer.shared
    /// The largest artifact the upload form takes (the API and CLI stream bigger ones).
    let maxFormUpload: Int

    static let sessionCookie = "modelreg_session"
    static let signInCookie = "modelreg_signin"

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("static/app.css") { _, _ in
            var headers: HTTPFields = [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"]
            headers.append(contentsOf: HTMLRenderer.securityHeaders)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: WebStyles.css)))
        }
        router.get("sign-in") { request, context in signInPage(request, context) }
        router.post("sign-in") { request, context in try await signIn(request, context) }
        router.post("sign-out") { request, context in try await signOut(request, context) }
        addModelRoutes(to: router)
        addAuditRoutes(to: router)
        addActionRoutes(to: router)
    }

    // MARK: - Pages behind the session

    typealias PageHandler = @Sendable (inout Request, RegistryRequestContext, WebView) async throws -> Response

    /// Runs a page for a signed-in viewer: no session sends the browser to sign in (and back here after); any
    /// error becomes a page with a sentence for a person.
    func page(_ section: NavSection, _ handler: @escaping PageHandler) -> @Sendable (Request, RegistryRequestContext) async throws -> Response {
        { request, context in
            var request = request
            let secret = request.cookies[Self.sessionCookie]?.value
            var principal: Principal?
            if let secret {
                do {
                    principal = try await sessions.principal(session: secret)
                } catch {
                    return errorPage(error, context: context, view: nil, section: section)
                }
            }
            guard let secret, let principal else {
                if request.method == .get {
                    return Self.redirect(WebView.href("/sign-in", [("next", request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))]))
                }
                return errorPage(
                    WebError(.unauthorized, "Your session has ended. Sign in again; nothing was changed."), context: context, view: nil,
                    section: section)
            }
            var view: WebView?
            var context = context
            context.principal = principal
            context.webSession = secret
            do {
                let current = WebView(request: request, context: context, principal: principal, sessionSecret: secret)
                view = current
                if let problem = current.timeError { throw problem }
                return try await handler(&request, context, current)
            } catch {
                return errorPage(error, context: context, view: view, section: section)
            }
        }
    }

    /// The page for an error: the status the API would answer, the message a person can act on.
    func errorPage(_ error: any Error, context: RegistryRequestContext, view: WebView?, section: NavSection) -> Response {
        let problem: WebError
        switch error {
        case let error as WebError: problem = error
        case let error as RegistryError: problem = WebError(APIError(error).status, error.message)
        case let error as APIError: problem = WebError(error.status, error.message)
        case let error as any HTTPResponseError: problem = WebError(error.status, "The request could not be handled (\(error.status.code)).")
        default:
            // As the API maps it (ErrorMiddleware): domain refusals keep their status, a database that is down or too
            // slow is 503, anything else is a bug and is logged.
            let mapped = RegistryError.from(error)
            let status = APIError(mapped).status
            if mapped.code == "internal_error" || mapped.code == "database_error" {
                context.logger.error("web page failed", metadata: ["request.id": "\(context.requestId)", "error": "\(String(reflecting: error))"])
            }
            problem =
                switch status.code {
                case 503: WebError(status, "The registry is busy or its database is unavailable; nothing was changed. Try again shortly.")
                case 500...: WebError(status, "Something went wrong on our side; nothing was changed. The request id is \(context.requestId).")
                default: WebError(status, mapped.message)
                }
        }
        let heading =
            switch problem.status.code {
            case 404: "Not found"
            case 403: "Not allowed"
            case 401: "Signed out"
            case 409: "Conflict"
            case 503: "Temporarily unavailable"
            case 500...: "Something went wrong"
            default: "That did not work"
            }
        let back: (String, String) =
            if let target = problem.back { (target, "Back") } else if let view { (view.href("/"), "Back to the models") } else {
                ("/sign-in", "Sign in")
            }
        let object = ErrorPage(heading: heading, message: problem.message, back: back.0, backLabel: back.1)
        if let view {
            return renderer.page("error", object, title: heading, view: view, section: section, status: problem.status)
        }
        return renderer.bare("error", object, title: heading, startedAt: context.receivedAt, status: problem.status)
    }

    struct ErrorPage {
        var heading: String
        var message: String
        var back: String
        var backLabel: String
    }

    /// Whether a request that matched no route came from a browser asking for a page (not the API, MLflow or probes).
    static func isPage(_ request: Request) -> Bool {
        let path = request.uri.path
        guard !path.hasPrefix("/v1/"), !path.hasPrefix("/api/"), path != "/health", path != "/metrics" else { return false }
        return request.headers[.accept]?.contains("text/html") == true
    }

    static func notFoundPage(context: RegistryRequestContext) -> Response {
        HTMLRenderer.shared.bare(
            "error", ErrorPage(heading: "Not found", message: "There is no page at this address.", back: "/", backLabel: "Back to the models"),
            title: "Not found", startedAt: context.receivedAt, status: .notFound)
    }

    // MARK: - Sign in and out

    struct SignInPage {
        var csrf: String
        var next: String
        var error: String?
    }

    private func signInPage(_ request: Request, _ context: RegistryRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        // Login CSRF: the form's token must match a cookie this page set (double submit; SameSite=Strict as well).
        let token = request.cookies[Self.signInCookie]?.value ?? Self.randomToken()
        let next = WebForm.parse(request.uri.query ?? "")["next"] ?? "/"
        var response = renderer.bare(
            "sign-in", SignInPage(csrf: token, next: Self.safeNext(next), error: error), title: "Sign in", startedAt: context.receivedAt,
            status: status)
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.signInCookie, token, request: request, maxAge: 3600)))
        return response
    }

    private func signIn(_ request: Request, _ context: RegistryRequestContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let form = WebForm(fields: WebForm.parse(String(buffer: buffer)))
        guard let expected = request.cookies[Self.signInCookie]?.value, !expected.isEmpty,
            Authenticator.constantTimeEqual(Array(form["csrf"].utf8), Array(expected.utf8))
        else {
            return signInPage(request, context, error: "The sign-in form had expired. Please try again.", status: .forbidden)
        }
        guard let (secret, principal) = try await sessions.start(token: form["token"]) else {
            context.logger.info("web sign-in refused", metadata: ["request.id": "\(context.requestId)"])
            return signInPage(request, context, error: "That token is not valid: it is unknown, expired or revoked.", status: .unauthorized)
        }
        context.logger.info("web sign-in", metadata: ["request.id": "\(context.requestId)", "principal": "\(principal.name)"])
        var response = Self.redirect(Self.safeNext(form["next"]))
        response.headers.append(
            HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, secret, request: request, maxAge: Int(sessions.lifetime))))
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.signInCookie, "", request: request, maxAge: 0)))
        return response
    }

    private func signOut(_ request: Request, _ context: RegistryRequestContext) async throws -> Response {
        var request = request
        if let secret = request.cookies[Self.sessionCookie]?.value {
            do {
                _ = try await WebForm.read(&request, context: context, csrf: WebView.csrfToken(forSession: secret))
                try await sessions.end(session: secret)
            } catch {
                return errorPage(error, context: context, view: nil, section: .none)
            }
        }
        var response = Self.redirect("/sign-in")
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, "", request: request, maxAge: 0)))
        return response
    }

    // MARK: - Helpers

    /// A model's page.
    static func modelPath(_ name: String) -> String { "/models/" + WebView.escape(name) }

    /// A same-site path only: `next` must never send a signed-in browser to another site.
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), !next.contains("\r"), !next.contains("\n") else { return "/" }
        return next
    }

    /// HttpOnly, SameSite=Strict, and Secure when the browser reached us over TLS (directly or through a proxy).
    static func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> String {
        let tls = request.uri.scheme == .https || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }
}
