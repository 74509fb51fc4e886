import Foundation
import HTTPTypes
import Testing

/// The web UI's pages through a real HTTP server: sign-in and sessions, every page's status and key content, what
/// each role sees and may do, `at` carried into every link, and forms that change nothing when refused.
@Suite("web UI routes")
struct WebUITests {
    /// y = 1 + 2x: the registry evaluates it, so the version page offers the prediction form.
    static let linear = linear(slope: 2)

    static func linear(slope: Int) -> [UInt8] {
        Array(#"{"family":"gaussian","formula":"y ~ x","link":"identity","params":{"Intercept":1,"x":\#(slope)}}"#.utf8)
    }

    /// A model `m` owned by alice with two linear versions, bob as approver, v1 approved and in production.
    static func seed(_ api: API) async throws -> (alice: String, bob: String, carol: String) {
        let alice = try await api.principal("alice")
        let bob = try await api.principal("bob")
        let carol = try await api.principal("carol")
        let created = try await api.send(
            .post, "/v1/models", token: alice, json: ["name": "m", "description": "Fuel use from weight", "tags": ["team": "econometrics"]])
        #expect(created.status == .created, "\(created.text)")
        for index in 1...2 {
            let sha = try await api.upload(linear(slope: index + 1), token: alice)
            let registered = try await api.send(
                .post, "/v1/models/m/versions", token: alice,
                json: [
                    "artifact_sha256": sha, "format": "linear", "card": ["purpose": "Weekly fuel statistics", "risk_tier": "medium"],
                    "metrics": ["r_squared": 0.7 + Double(index) / 10],
                ])
            #expect(registered.status == .created, "\(registered.text)")
        }
        let granted = try await api.send(.put, "/v1/models/m/grants/bob", token: alice, json: ["role": "approver"])
        #expect(granted.status == .created || granted.status == .ok, "\(granted.text)")
        let approved = try await api.send(
            .post, "/v1/models/m/versions/1/approvals", token: bob, json: ["alias": "production", "decision": "approved", "notes": "ok"])
        #expect(approved.status == .created, "\(approved.text)")
        let moved = try await api.send(.put, "/v1/models/m/aliases/production", token: bob, json: ["version": 1, "reason": "first release"])
        #expect(moved.status == .ok, "\(moved.text)")
        // A model alice cannot see.
        _ = try await api.send(.post, "/v1/models", json: ["name": "secret-model", "description": "admin only"])
        return (alice, bob, carol)
    }

    @Test("sign-in sets an HttpOnly SameSite=Strict session; a bad token or form token is refused; sign-out and revocation end it")
    func sessions() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let anonymous = try await api.send(.get, "/models/m?at=2025-01-01", token: .some(nil))
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/sign-in?next=%2Fmodels%2Fm%3Fat%3D2025-01-01")

            let client = WebClient(api: api)
            let wrong = try await client.signInAttempt(token: "mr_000000000000_nope")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("role=\"alert\"") && wrong.cookie(named: "modelreg_session") == nil)
            let forged = try await client.signInAttempt(token: api.adminToken, csrfOverride: "forged")
            #expect(forged.status == .forbidden && forged.cookie(named: "modelreg_session") == nil)
            let offSite = try await client.signInAttempt(token: api.adminToken, next: "//evil.example/")
            #expect(offSite.headers[.location] == "/")

            let signedIn = try await client.signInAttempt(token: api.adminToken, next: "/history")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/history")
            let cookie = try #require(signedIn.setCookie(named: "modelreg_session"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back")

            var browser = try await WebClient.signIn(api, token: api.adminToken)
            let home = try await browser.get("/")
            #expect(home.status == .ok && home.text.contains("id=\"signed-in-as\">admin<"))
            #expect(home.headers[HTTPField.Name("Server-Timing")!]?.hasPrefix("render;dur=") == true)
            #expect(home.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)

            // Sign-out needs the form token, then the session is gone.
            #expect(try await browser.post("/sign-out", ["csrf": "forged"]).status == .forbidden)
            #expect(try await browser.get("/").status == .ok)
            let out = try await browser.post("/sign-out", [:])
            #expect(out.status == .seeOther && out.headers[.location] == "/sign-in")
            #expect(try await browser.get("/").status == .seeOther)

            // Revoking the token signs every browser out.
            let dave = try await api.principal("dave")
            browser = try await WebClient.signIn(api, token: dave)
            #expect(try await browser.get("/").status == .ok)
            let tokenId = String(dave.split(separator: "_")[1])
            let revoked = try await api.send(.delete, "/v1/principals/dave/tokens/\(tokenId)", json: ["reason": "left"])
            #expect(revoked.status == .ok || revoked.status == .noContent, "\(revoked.text)")
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("the models list shows only visible models, with live version, aliases, risk tier and approval; search, filters, sort and pages work")
    func modelsList() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, _, carol) = try await Self.seed(api)
            let admin = try await WebClient.signIn(api, token: api.adminToken)
            let all = try await admin.get("/")
            #expect(all.rows("model") == ["m", "secret-model"])
            let row = try #require(all.row("model", "m"))
            #expect(row.contains("<strong>v1</strong>") && row.contains("medium") && row.contains("approved by bob") && row.contains("linear"))
            #expect(all.unlabelledControls.isEmpty, "\(all.unlabelledControls)")

            let asAlice = try await WebClient.signIn(api, token: alice)
            #expect(try await asAlice.get("/").rows("model") == ["m"])
            #expect(try await WebClient.signIn(api, token: carol).get("/").rows("model") == [])

            #expect(try await admin.get("/?q=weekly+FUEL").rows("model") == ["m"], "words of the card and the description, any case")
            #expect(try await admin.get("/?q=nothing-like-this").rows("model") == [])
            // The search document follows changes (schema/009 keeps it by trigger).
            let patched = try await api.send(.patch, "/v1/models/secret-model", json: ["description": "zebra crossings"])
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(try await admin.get("/?q=Zebra").rows("model") == ["secret-model"])
            #expect(try await admin.get("/?q=100%25").status == .ok, "LIKE wildcards are literal")
            #expect(try await admin.get("/?production=no").rows("model") == ["secret-model"])
            #expect(try await admin.get("/?owner=alice").rows("model") == ["m"])
            #expect(try await admin.get("/?tag=team%3Deconometrics").rows("model") == ["m"])
            #expect(try await admin.get("/?tag=team").rows("model") == ["m"])
            #expect(try await admin.get("/?format=linear").rows("model") == ["m"])
            #expect(try await admin.get("/?sort=-name").rows("model") == ["secret-model", "m"])
            #expect(try await admin.get("/?sort=-versions").rows("model") == ["m", "secret-model"])
            let bad = try await admin.get("/?sort=sideways")
            #expect(bad.status == .badRequest && bad.text.contains("role=\"alert\"") && !bad.text.hasPrefix("{"))

            for index in 0..<51 {
                _ = try await api.send(.post, "/v1/models", json: ["name": String(format: "bulk-%03d", index)])
            }
            let first = try await admin.get("/")
            #expect(first.rows("model").count == 50 && first.text.contains("53 models"))
            let nextHref = try #require(first.firstMatch(#"<a rel="next" href="([^"]+)""#))
            let second = try await admin.get(nextHref.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.rows("model") == ["bulk-050", "m", "secret-model"])
            #expect(Set(first.rows("model")).isDisjoint(with: second.rows("model")))
        }
    }

    @Test("a model page shows aliases, versions, timeline and metric chart; grants and forms only for those who may")
    func modelPage() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob, carol) = try await Self.seed(api)
            let owner = try await WebClient.signIn(api, token: alice)
            let page = try await owner.get("/models/m")
            #expect(page.status == .ok)
            #expect(page.row("alias", "production")?.contains(">v1<") == true)
            #expect(page.rows("version") == ["2", "1"])
            #expect(page.text.contains("<svg id=\"timeline\"") && page.text.contains("<svg id=\"metric-chart\""))
            #expect(page.text.contains("id=\"grants\"") && page.text.contains("id=\"set-alias\"") && page.text.contains("id=\"grant\""))
            #expect(page.text.contains("id=\"register-version\""))
            #expect(page.unlabelledControls.isEmpty, "\(page.unlabelledControls)")

            let approver = try await WebClient.signIn(api, token: bob)
            let seen = try await approver.get("/models/m")
            #expect(seen.status == .ok && !seen.text.contains("id=\"grants\"") && !seen.text.contains("id=\"grant\""))
            #expect(seen.text.contains("id=\"set-alias\""), "an approver may move production")

            let stranger = try await WebClient.signIn(api, token: carol)
            let hidden = try await stranger.get("/models/m")
            #expect(hidden.status == .notFound && hidden.text.contains("<h1>Not found</h1>"))
            #expect(try await stranger.get("/models/m/versions/1").status == .notFound)
            #expect(try await owner.get("/models/secret-model").status == .notFound)
        }
    }

    @Test("a version page renders the card, metrics, artifact and reviews; the prediction form predicts and links its enquiry")
    func versionPage() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob, _) = try await Self.seed(api)
            let owner = try await WebClient.signIn(api, token: alice)
            let page = try await owner.get("/models/m/versions/1")
            #expect(page.status == .ok)
            #expect(page.text.contains("<dt>Purpose</dt>\n<dd>Weekly fuel statistics</dd>"))
            #expect(page.firstMatch(#"<code id="artifact-sha256">([0-9a-f]{64})</code>"#) != nil)
            #expect(page.text.contains("id=\"artifact-download\""))
            #expect(page.text.contains("approved") && page.text.contains("id=\"predict\"") && page.text.contains("name=\"x.x\""))
            #expect(page.unlabelledControls.isEmpty, "\(page.unlabelledControls)")

            let predicted = try await owner.post("/models/m/versions/1/predict", ["x.x": "3"])
            #expect(predicted.status == .ok)
            #expect(predicted.firstMatch(#"id="prediction-result"[^>]*>Prediction: <strong>([^<]+)</strong>"#) == "7")
            let enquiry = try #require(predicted.firstMatch(#"<a id="enquiry-link" href="([^"]+)""#))
            let record = try await WebClient.signIn(api, token: api.adminToken).get(enquiry)
            #expect(record.status == .ok && record.text.contains("<article id=\"enquiry\">"))
            #expect(record.text.contains("id=\"enquiry-output\"><strong>7</strong>") && record.text.contains(">v1</a>"))
            #expect(try await owner.get("/models/m/versions/1").text.contains("id=\"prediction-count\">1<"))

            let download = try await owner.get("/models/m/versions/1/artifact")
            #expect(download.status == .ok && download.body == Self.linear(slope: 2))
            let downloads = try await api.send(.get, "/v1/models/m/history").items.filter { $0["type"] as? String == "ArtifactDownloaded" }
            #expect(downloads.count == 1 && downloads.first?["actor"] as? String == "alice", "the download is recorded as the browser's principal")
            let unknown = try await api.send(.get, "/no-such-page", token: .some(nil), headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(unknown.status == .notFound && unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await api.send(.get, "/v1/no-such-route", headers: [.accept: "text/html"]).errorCode == "not_found", "the API stays JSON")

            let refused = try await owner.post("/models/m/versions/1/predict", ["x.x": "three"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("role=\"alert\""))

            // The owner registered the versions: no review form for them would pass four-eyes, but the form is
            // offered by role; bob (approver) has it.
            #expect(try await WebClient.signIn(api, token: bob).get("/models/m/versions/2").text.contains("id=\"approve\""))
        }
    }

    @Test("time travel: the page shows the past with a banner, and every link and GET form carries at")
    func timeTravel() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (_, bob, _) = try await Self.seed(api)
            try await Task.sleep(for: .milliseconds(20))
            let before = Date()
            try await Task.sleep(for: .milliseconds(20))
            _ = try await api.send(
                .post, "/v1/models/m/versions/2/approvals", token: bob, json: ["alias": "production", "decision": "approved", "notes": "v2 ok"])
            _ = try await api.send(.put, "/v1/models/m/aliases/production", token: bob, json: ["version": 2, "reason": "second release"])
            let admin = try await WebClient.signIn(api, token: api.adminToken)
            #expect(try await admin.get("/models/m").row("alias", "production")?.contains(">v2<") == true)

            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let stamp = formatter.string(from: before)
            let then = try await admin.get("/models/m?at=\(stamp)")
            #expect(then.status == .ok)
            #expect(then.row("alias", "production")?.contains(">v1<") == true)
            #expect(then.text.contains("id=\"as-of-banner\"") && then.text.contains("As recorded on"))
            #expect(then.firstMatch(#"<a id="back-to-now" href="([^"]+)""#) == "/models/m")
            let links = then.allMatches(#"href="(/[^"]*)""#).filter { !$0.hasPrefix("/static") && !$0.hasPrefix("/v1") }
            let withoutAt = links.filter { !$0.contains("at=") && $0 != "/models/m" && !$0.hasPrefix("/exports") }
            #expect(withoutAt.isEmpty, "links that drop the time travel: \(withoutAt)")
            #expect(then.text.contains(#"<input type="hidden" name="at""#), "GET forms carry at")
            #expect(!then.text.contains("id=\"set-alias\""), "no forms that change the present on a page about the past")

            let list = try await admin.get("/?at=\(stamp)")
            #expect(list.row("model", "m")?.contains("<strong>v1</strong>") == true)
            // With a filter the past is folded for every model (another statement): the same answer.
            let filtered = try await admin.get("/?at=\(stamp)&production=yes&sort=-changed")
            #expect(filtered.rows("model") == ["m"] && filtered.row("model", "m")?.contains("<strong>v1</strong>") == true)
            let version = try await admin.get("/models/m/versions/2?at=\(stamp)")
            #expect(version.status == .ok && !version.text.contains("id=\"predict\""))
            #expect(try await admin.get("/models/m?at=1990-01-01").status == .notFound)
            let garbage = try await admin.get("/models/m?at=yesterday")
            #expect(garbage.status == .badRequest && garbage.text.contains("at must be a date and time"))
        }
    }

    @Test("the history page lists events with both times, position and hash, filters them, and links the state after each")
    func historyPage() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, _, _) = try await Self.seed(api)
            let admin = try await WebClient.signIn(api, token: api.adminToken)
            let page = try await admin.get("/history")
            #expect(page.status == .ok && page.text.contains("Chain verified"))
            let positions = page.rows("position").compactMap(Int.init)
            #expect(!positions.isEmpty && positions == positions.sorted(by: >))
            #expect(page.unlabelledControls.isEmpty, "\(page.unlabelledControls)")
            let aliasSet = try await admin.get("/history?type=AliasSet")
            #expect(aliasSet.rows("position").count == 1)
            let after = try #require(aliasSet.firstMatch(#"<a class="state-after" href="([^"]+)""#)).replacingOccurrences(of: "&amp;", with: "&")
            #expect(after.hasPrefix("/models/m?at=") && after.contains("known_at="))
            #expect(try await admin.get(after).row("alias", "production")?.contains(">v1<") == true)
            #expect(try await admin.get("/history?actor=bob").rows("position").count == 2)

            // alice sees her model's events only: none of the admin's model or of principals.
            let asAlice = try await WebClient.signIn(api, token: alice)
            let hers = try await asAlice.get("/history")
            #expect(hers.status == .ok && !hers.text.contains("secret-model") && !hers.text.contains("<td>PrincipalCreated"))
            #expect(try await asAlice.get("/history?model=secret-model").status == .notFound)
        }
    }

    @Test("forms act as the signed-in principal with their reason; a refused or forged form changes nothing")
    func actions() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, bob, _) = try await Self.seed(api)
            let owner = try await WebClient.signIn(api, token: alice)
            let approver = try await WebClient.signIn(api, token: bob)
            var head = try await registry.headPosition()

            let forged = try await owner.post("/models/m/aliases", ["csrf": "forged", "alias": "staging", "version": "2", "reason": "x"])
            #expect(forged.status == .forbidden && forged.text.contains("role=\"alert\""))
            // Four-eyes: alice registered v2 and nobody approved it for production.
            let refused = try await owner.post("/models/m/aliases", ["alias": "production", "version": "2", "reason": "mine"])
            #expect(refused.status == .forbidden || refused.status == .conflict || refused.status == .unprocessableContent)
            #expect(refused.text.contains("role=\"alert\"") && refused.text.contains("href=\"/models/m\""))
            #expect(try await registry.headPosition() == head, "refusals append nothing")

            let moved = try await owner.post("/models/m/aliases", ["alias": "staging", "version": "2", "reason": "try it"])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/models/m?done=alias")
            #expect(try await owner.get("/models/m?done=alias").text.contains("class=\"notice\""))
            let events = try await api.send(.get, "/v1/models/m/history").items
            let last = try #require(events.last)
            #expect(last["type"] as? String == "AliasSet" && last["actor"] as? String == "alice")
            head = try await registry.headPosition()

            let reviewed = try await approver.post(
                "/models/m/versions/2/approvals", ["alias": "production", "decision": "approved", "notes": "fine"])
            #expect(reviewed.status == .seeOther)
            let promoted = try await approver.post("/models/m/aliases", ["alias": "production", "version": "2", "reason": "approved"])
            #expect(promoted.status == .seeOther)
            #expect(try await registry.headPosition() == head + 2)

            let granted = try await owner.post("/models/m/grants", ["principal": "carol", "role": "viewer", "reason": "needs to read it"])
            #expect(granted.status == .seeOther)
            let badRole = try await owner.post("/models/m/grants", ["principal": "carol", "role": "emperor", "reason": "x"])
            #expect(badRole.status == .badRequest)

            let created = try await owner.post("/models", ["name": "from-the-form", "description": "made in a browser", "tags": "team=web"])
            #expect(created.status == .seeOther && created.headers[.location] == "/models/from-the-form?done=model")
            let duplicate = try await owner.post("/models", ["name": "from-the-form"])
            #expect(duplicate.status == .conflict && duplicate.text.contains("role=\"alert\""))

            let uploaded = try await owner.upload(
                "/models/from-the-form/versions", fields: ["format": "linear", "description": "uploaded"],
                file: ("artifact", "model.json", Self.linear))
            #expect(
                uploaded.status == .seeOther && uploaded.headers[.location] == "/models/from-the-form/versions/1?done=version", "\(uploaded.text)")
            let version = try await api.send(.get, "/v1/models/from-the-form/versions/1")
            #expect(version.json["registrant"] as? String == "alice" && version.json["format"] as? String == "linear")
            let noFile = try await owner.upload("/models/from-the-form/versions", fields: ["format": "linear"], file: ("artifact", "", []))
            #expect(noFile.status == .badRequest)
        }
    }

    @Test("reports and exports are for auditors and admins; the report has charts and the downloads work")
    func reports() async throws {
        let registry = try await TestRegistry.make()
        try await registry.run { api in
            let (alice, _, _) = try await Self.seed(api)
            let auditorToken = try await api.principal("audrey", roles: ["auditor"])
            let auditor = try await WebClient.signIn(api, token: auditorToken)
            let page = try await auditor.get("/reports")
            // The page counts in the database what the full report lists event by event: the same numbers.
            let full = try await api.send(.get, "/v1/reports", token: auditorToken).json
            for (label, key) in [
                ("Models registered", "models_registered"), ("Versions registered", "versions_registered"),
                ("Promotions", "promotions"), ("Reviews", "approvals"), ("Grants", "grants"),
            ] {
                let count = (full[key] as? [Any])?.count ?? -1
                #expect(page.text.contains("<strong>\(count)</strong>\(label)"), "\(label): \(count)")
            }
            #expect(page.status == .ok && page.text.contains("class=\"chart report-chart\""))
            #expect(page.text.contains("id=\"download-inventory\"") && page.text.contains("id=\"download-events\""))
            let csv = try await auditor.get("/exports/inventory.csv")
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.contains("\nm,"))
            let jsonl = try await auditor.get("/exports/events.jsonl")
            #expect(jsonl.status == .ok && jsonl.text.split(separator: "\n").count > 5)
            let enquiries = try await auditor.get("/enquiries")
            #expect(enquiries.status == .ok && enquiries.text.contains("id=\"enquiry-lookup\""))
            #expect(try await auditor.get("/enquiries?id=not-a-uuid").status == .badRequest)
            #expect(try await auditor.get("/enquiries/\(UUID().uuidString)").status == .notFound)

            let owner = try await WebClient.signIn(api, token: alice)
            let refused = try await owner.get("/reports")
            #expect(refused.status == .forbidden && refused.text.contains("role=\"alert\""))
            #expect(try await owner.get("/exports/inventory.csv").status == .forbidden)
        }
    }
}
