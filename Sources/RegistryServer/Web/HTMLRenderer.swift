import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import RegistryDomain
import RegistryService

/// Renders the UI's Mustache templates (`WebTemplates`) into responses: a page's own template, then the layout
/// around it, with the page's server time in `Server-Timing`.
struct HTMLRenderer: Sendable {
    let library: MustacheLibrary

    /// The templates parse once per process.
    static let shared = HTMLRenderer()

    init() {
        var library = MustacheLibrary()
        for (name, text) in WebTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                // The templates are compiled into the binary and covered by the route tests: a parse error is a bug.
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// A signed-in page: `template` rendered with `object`, inside the layout with the header, navigation, time
    /// travel control and, when in the past, the banner.
    func page(
        _ template: String, _ object: Any, title: String, view: WebView, section: NavSection, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let body = library.render(TemplateData.wrap(object), withTemplate: template) ?? ""
        let layout = Layout(title: title, body: body, view: view, section: section, notice: notice)
        return respond(library.render(TemplateData.wrap(layout), withTemplate: "layout") ?? "", status: status, startedAt: view.startedAt)
    }

    /// A page without the signed-in header (sign-in, and errors before a session exists).
    func bare(_ template: String, _ object: Any, title: String, startedAt: UInt64, status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(TemplateData.wrap(object), withTemplate: template) ?? ""
        let layout = Layout(title: title, body: body)
        return respond(library.render(TemplateData.wrap(layout), withTemplate: "layout") ?? "", status: status, startedAt: startedAt)
    }

    private func respond(_ html: String, status: HTTPResponse.Status, startedAt: UInt64) -> Response {
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - startedAt) / 1_000_000
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .init("Server-Timing")!: "render;dur=\(String(format: "%.2f", milliseconds))",
        ]
        headers.append(contentsOf: Self.securityHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// No scripts at all, no framing, no sniffing: the pages need none of it.
    static let securityHeaders: HTTPFields = [
        .init("Content-Security-Policy")!:
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("Referrer-Policy")!: "same-origin",
    ]
}

/// The parts of the UI the navigation names.
enum NavSection: String {
    case models, history, reports, enquiries, none
}

/// What the layout template shows around a page.
struct Layout {
    struct NavLink {
        var href: String
        var label: String
        var current: Bool
    }

    struct Hidden {
        var name: String
        var value: String
    }

    var title: String
    var body: String
    var home = "/"
    var signedIn = false
    var principal = ""
    var roles: String?
    var csrf = ""
    var nav: [NavLink] = []
    var banner: String?
    var backToNow = ""
    var action = ""
    var atValue = ""
    var knownAtValue = ""
    var hidden: [Hidden] = []
    var notice: String?

    init(title: String, body: String) {
        self.title = title
        self.body = body
    }

    init(title: String, body: String, view: WebView, section: NavSection, notice: String?) {
        self.title = title
        self.body = body
        signedIn = true
        home = view.href("/")
        principal = view.principal.name
        roles = view.principal.roles.isEmpty ? nil : view.principal.roles.map(\.rawValue).sorted().joined(separator: ", ")
        csrf = view.csrf
        nav = [
            NavLink(href: view.href("/"), label: "Models", current: section == .models),
            NavLink(href: view.href("/history"), label: "History", current: section == .history),
            NavLink(href: view.href("/reports"), label: "Reports", current: section == .reports),
            NavLink(href: view.href("/enquiries"), label: "Enquiries", current: section == .enquiries),
        ]
        banner = view.time.banner
        backToNow = view.hrefNow(view.path, view.pageQuery)
        action = view.path
        atValue = TimeTravel.inputValue(view.time.asOf?.at)
        knownAtValue = view.time.knownAtGiven ? TimeTravel.inputValue(view.time.asOf?.knownAt) : ""
        // A new instant starts the list again from its first page.
        hidden = view.pageQuery.filter { $0.0 != "page" && $0.0 != "before" }.map { Hidden(name: $0.0, value: $0.1) }
        self.notice = notice ?? view.query["done"].flatMap { Self.notices[$0] }
    }

    /// What an action's redirect (`?done=…`) tells the person who submitted the form.
    static let notices = [
        "model": "The model is registered.", "alias": "The alias is set; the move is in the model's history.",
        "grant": "Access granted; the grant is in the model's history.", "version": "The version is registered.",
        "review": "Your review is recorded.",
    ]
}
