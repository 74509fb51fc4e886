import Foundation
import RegistryDomain
import Testing

/// Folds principal events one minute apart, starting at `Fixture.start`.
private func principal(_ events: RegistryEvent...) -> PrincipalState? {
    events.enumerated().reduce(nil) { state, entry in
        PrincipalState.apply(state, entry.element, Given.context(entry.offset, actor: "root"))
    }
}

private let created = RegistryEvent.principalCreated(PrincipalCreated(name: "jane", kind: .user, displayName: "Jane Doe", roles: [.auditor]))
private let issued = RegistryEvent.tokenIssued(TokenIssued(tokenId: "tok_1", label: "laptop", expiresAt: nil))
private let revoked = RegistryEvent.tokenRevoked(TokenRevoked(tokenId: "tok_1", reason: "lost"))
/// Later than any event folded here.
private let now = Given.time(10)

@Suite("Principal commands")
struct PrincipalCommandTests {
    @Test(
        "creating a principal records its roles once each, in a stable order",
        arguments: [
            ([RegistryRole](), [RegistryRole]()), ([.admin], [.admin]), ([.auditor, .admin, .admin], [.admin, .auditor]),
        ])
    func create(_ roles: [RegistryRole], expected: [RegistryRole]) throws {
        for kind in PrincipalKind.allCases {
            let events = try PrincipalCommand.create(name: "ci-bot", kind: kind, displayName: "CI", roles: roles).decide(state: nil, now: now)
            #expect(events == [.principalCreated(PrincipalCreated(name: "ci-bot", kind: kind, displayName: "CI", roles: expected))])
        }
    }

    @Test("a principal that exists cannot be created again")
    func duplicate() {
        expectRefusal(.principalAlreadyExists) {
            try PrincipalCommand.create(name: "jane", kind: .user, displayName: "", roles: []).decide(state: principal(created), now: now)
        }
    }

    @Test(
        "a malformed principal name is refused before the existence check, without echoing control characters")
    func duplicateEchoIsPrintable() {
        let name = "x\u{1B}[2J" + String(repeating: "y", count: 500)
        let error = #expect(throws: DomainError.self) {
            try PrincipalCommand.create(name: name, kind: .user, displayName: "", roles: []).decide(state: principal(created), now: now)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.unicodeScalars.contains { $0.value < 0x20 } == false)
        #expect((error?.message.count ?? .max) < 200)
    }

    @Test("e-mail-like principal names are accepted", arguments: ["jane.doe@example.com", "svc_scoring-1", "J", String(repeating: "p", count: 128)])
    func validName(_ name: String) throws {
        #expect(try PrincipalCommand.create(name: name, kind: .user, displayName: "", roles: []).decide(state: nil, now: now).count == 1)
    }

    @Test(
        "invalid principal names and over-long display names are refused",
        arguments: [
            ("", "x"), ("@jane", "x"), ("jane doe", "x"), ("jane/doe", "x"), ("jäne", "x"), (String(repeating: "p", count: 129), "x"),
            ("jane", String(repeating: "d", count: 129)),
        ])
    func invalidCreate(_ name: String, displayName: String) {
        expectRefusal(.invalidArgument) {
            try PrincipalCommand.create(name: name, kind: .user, displayName: displayName, roles: []).decide(state: nil, now: now)
        }
    }

    @Test("issuing a token records its id, label and expiry")
    func issue() throws {
        let expiry = now.addingTimeInterval(86_400)
        for expiresAt in [nil, expiry] {
            let events = try PrincipalCommand.issueToken(tokenId: "tok_2", label: "ci", expiresAt: expiresAt).decide(
                state: principal(created), now: now)
            #expect(events == [.tokenIssued(TokenIssued(tokenId: "tok_2", label: "ci", expiresAt: expiresAt))])
        }
    }

    @Test(
        "tokens for a missing principal, already expired or with an over-long label are refused",
        arguments: [
            (PrincipalCommand.issueToken(tokenId: "t", label: "ci", expiresAt: nil), false, DomainError.Code.principalNotFound),
            (.revokeToken(tokenId: "tok_1", reason: nil), false, .principalNotFound),
            (.issueToken(tokenId: "t", label: "ci", expiresAt: now), true, .invalidArgument),
            (.issueToken(tokenId: "t", label: "ci", expiresAt: now.addingTimeInterval(-1)), true, .invalidArgument),
            (.issueToken(tokenId: "t", label: String(repeating: "l", count: 129), expiresAt: nil), true, .invalidArgument),
            (.revokeToken(tokenId: "tok_9", reason: nil), true, .tokenNotFound),
            (.revokeToken(tokenId: "tok_1", reason: String(repeating: "r", count: 2_001)), true, .invalidArgument),
        ])
    func refusals(_ command: PrincipalCommand, exists: Bool, code: DomainError.Code) {
        let state = exists ? principal(created, issued) : nil
        expectRefusal(code) { try command.decide(state: state, now: now) }
    }

    @Test("revoking a token records it once; revoking it again records nothing")
    func revokeTwice() throws {
        let command = PrincipalCommand.revokeToken(tokenId: "tok_1", reason: "lost")
        #expect(try command.decide(state: principal(created, issued), now: now) == [revoked])
        #expect(try command.decide(state: principal(created, issued, revoked), now: now).isEmpty)
    }

    @Test(
        "a token id already issued cannot be issued again")
    func reissue() {
        #expect(throws: DomainError.self) {
            try PrincipalCommand.issueToken(tokenId: "tok_1", label: "again", expiresAt: nil).decide(
                state: principal(created, issued, revoked), now: now)
        }
    }
}

@Suite("Folding a principal's events")
struct PrincipalFoldTests {
    @Test("creation sets who the principal is")
    func creation() throws {
        let state = try #require(principal(created))
        #expect(state.name == "jane")
        #expect(state.kind == .user)
        #expect(state.displayName == "Jane Doe")
        #expect(state.roles == [.auditor])
        #expect(state.createdAt == Given.time(0))
        #expect(state.tokens.isEmpty)
    }

    @Test("events before creation fold to no principal", arguments: [issued, revoked, Fixture.modelRegistered])
    func beforeCreation(_ event: RegistryEvent) {
        #expect(principal(event) == nil)
    }

    @Test("a second creation and model events leave the principal unchanged")
    func ignored() {
        let other = RegistryEvent.principalCreated(PrincipalCreated(name: "jane", kind: .service, displayName: "X", roles: [.admin]))
        #expect(principal(created, issued, other) == principal(created, issued))
        #expect(principal(created, Fixture.modelRegistered) == principal(created))
    }

    @Test("tokens are issued and revoked with their times; revoking an unknown token changes nothing")
    func tokens() throws {
        let expiry = Given.time(100)
        let state = try #require(
            principal(
                created, .tokenIssued(TokenIssued(tokenId: "tok_1", label: "laptop", expiresAt: expiry)), revoked,
                .tokenRevoked(TokenRevoked(tokenId: "tok_9", reason: nil))))
        let token = try #require(state.tokens["tok_1"])
        #expect(token.label == "laptop")
        #expect(token.issuedAt == Given.time(1))
        #expect(token.expiresAt == expiry)
        #expect(token.revokedAt == Given.time(2))
        #expect(state.tokens.count == 1)
    }
}
