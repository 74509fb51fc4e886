import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// The UI's Mustache templates, compiled into the binary so a deployment is one file. `{{x}}` is HTML-escaped;
/// `{{{x}}}` only ever holds markup the server built itself (a rendered page body, an SVG chart).
enum WebTemplates {
    static var all: [(String, String)] {
        [
            ("layout", layout), ("sign-in", signIn), ("error", error), ("models", ModelTemplates.models), ("model", ModelTemplates.model),
            ("version", VersionTemplates.version), ("history", AuditTemplates.history), ("enquiries", AuditTemplates.enquiries),
            ("enquiry", AuditTemplates.enquiry), ("reports", AuditTemplates.reports),
            // GET forms carry the time travel along.
            ("time-fields", #"{{#timeFields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/timeFields}}"#),
        ]
    }

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ModelRegistry</title>
        <link rel="stylesheet" href="/static/app.css">
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="brand"><a href="{{home}}">ModelRegistry</a></div>
          {{#signedIn}}
          <nav id="main-nav" aria-label="Main">
            <ul>{{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul>
          </nav>
          <div class="who">
            <span id="signed-in-as">{{principal}}</span>{{#roles}} <span class="muted">({{roles}})</span>{{/roles}}
            <form id="sign-out" method="post" action="/sign-out">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <button type="submit" class="link-button">Sign out</button>
            </form>
          </div>
          <form id="time-travel" method="get" action="{{action}}" class="time-travel">
            {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
            <label for="at">View as at (UTC)</label>
            <input id="at" name="at" type="datetime-local" step="1" value="{{atValue}}">
            <label for="known-at">as recorded on (UTC, optional)</label>
            <input id="known-at" name="known_at" type="datetime-local" step="1" value="{{knownAtValue}}">
            <button type="submit">Go</button>
          </form>
          {{/signedIn}}
        </header>
        {{#banner}}
        <div id="as-of-banner" class="as-of-banner" role="status">
          <strong>{{banner}}</strong>. This page shows the registry as it stood then, not as it is now.
          <a id="back-to-now" href="{{backToNow}}">Back to now</a>
        </div>
        {{/banner}}
        <main id="main" tabindex="-1">
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{{body}}}
        </main>
        <footer class="site-footer"><p>Every change is an event in an append-only, hash-chained log.
        <a href="/v1/openapi.json">API</a></p></footer>
        </body>
        </html>
        """

    static let signIn = """
        <section class="narrow">
        <h1>Sign in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <p>Paste an access token issued to you (an administrator issues them with <code>modelreg</code> or the API).
        The token stays in this browser only as a session, which ends when you sign out, after 12 hours, or when the token is revoked.</p>
        <form id="sign-in" method="post" action="/sign-in">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <input type="hidden" name="next" value="{{next}}">
          <p><label for="token">Access token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required spellcheck="false"></p>
          <p><button type="submit">Sign in</button></p>
        </form>
        </section>
        """

    static let error = """
        <section class="narrow">
        <h1>{{heading}}</h1>
        <p class="error" role="alert">{{message}}</p>
        <p><a href="{{back}}">{{backLabel}}</a></p>
        </section>
        """
}
