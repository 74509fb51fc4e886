import Foundation
import RegistryDomain
import Testing

/// The message of the invalid_argument refusal `body` must throw.
private func message(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> String {
    let error = #expect(throws: DomainError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == .invalidArgument, sourceLocation: sourceLocation)
    return error?.message ?? ""
}

private func accepts(_ body: () throws -> Void) -> Bool {
    (try? body()) != nil
}

@Suite("Validation rules")
struct ValidationTests {
    @Test(
        "model names: letters, digits, '.', '_', '-', starting with a letter or digit, at most 128",
        arguments: [
            ("model", true), ("M0del.v2_final-x", true), ("0", true), (String(repeating: "m", count: 128), true),
            ("", false), (".m", false), ("-m", false), ("_m", false), ("m/n", false), ("m n", false), ("m@n", false),
            ("m\u{0}", false), ("mö", false), (String(repeating: "m", count: 129), false),
        ])
    func modelNames(_ name: String, valid: Bool) {
        #expect(accepts { try Validation.validateModelName(name) } == valid)
    }

    @Test(
        "principal names also allow '@'",
        arguments: [("jane.doe@example.com", true), ("svc@ci", true), ("@jane", false), ("jane doe", false), ("jane+x@example.com", false)])
    func principalNames(_ name: String, valid: Bool) {
        #expect(accepts { try Validation.validatePrincipalName(name) } == valid)
    }

    @Test(
        "aliases: lowercase first, then a-z 0-9 '_' '-', at most 64, neither latest nor v<digits>",
        arguments: [
            ("production", true), ("v", true), ("vx", true), ("v1x", true), ("version2", true), ("a-b_c9", true),
            (String(repeating: "a", count: 64), true),
            ("latest", false), ("v1", false), ("v0", false), ("v123456", false), ("Prod", false), ("1x", false), ("", false),
            ("-a", false), ("a.b", false), ("a b", false), ("é", false), ("Latest", false), (String(repeating: "a", count: 65), false),
        ])
    func aliases(_ alias: String, valid: Bool) {
        #expect(accepts { try Validation.validateAlias(alias) } == valid)
    }

    @Test(
        "reasons are optional and at most 2,000 characters",
        arguments: [(String?.none, true), ("", true), (String(repeating: "r", count: 2_000), true), (String(repeating: "r", count: 2_001), false)])
    func reasons(_ reason: String?, valid: Bool) {
        #expect(accepts { try Validation.validateReason(reason) } == valid)
    }

    @Test("limits are counted in characters, not bytes")
    func countsCharacters() throws {
        try Validation.validateDescription(String(repeating: "é", count: 10_000))
        try Validation.validateReason(String(repeating: "👍🏽", count: 2_000))
        try Validation.validateTags(["ключ": String(repeating: "я", count: 5_000)])
    }

    @Test("echoed input is cut at 80 characters with an ellipsis")
    func echoIsBounded() {
        let text = message { try Validation.validateModelName("/" + String(repeating: "x", count: 500)) }
        #expect(text.contains("'/" + String(repeating: "x", count: 79) + "…'"))
        #expect(!text.contains(String(repeating: "x", count: 80)))
    }

    @Test("echoed input of 80 characters or fewer is kept whole")
    func shortEchoIsWhole() {
        let name = "/" + String(repeating: "x", count: 79)
        let text = message { try Validation.validateModelName(name) }
        #expect(text.contains("'\(name)'"))
        #expect(!text.contains("…"))
    }

    @Test(
        "control characters in echoed input are replaced",
        arguments: [
            ("bad\u{0}name", "bad?name"), ("\u{1B}[31mred", "?[31mred"), ("line\nbreak\r", "line?break?"), ("tab\there", "tab?here"),
            ("del\u{7F}", "del?"),
        ])
    func controlCharacters(_ input: String, echoed: String) {
        for text in [message { try Validation.validateModelName(input) }, message { try Validation.validateFormat(input) }] {
            #expect(text.contains("'\(echoed)'"), "\(text)")
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        }
    }

    @Test("tag keys with control characters are refused and echoed without them")
    func tagKeyEcho() {
        let text = message { try Validation.validateTags(["k\u{7}\u{1B}": "v"]) }
        #expect(text.contains("'k??'"))
    }

    @Test(
        "C1 control characters in echoed input are replaced too"
    )
    func c1Controls() {
        let text = message { try Validation.validateModelName("x\u{9B}2J\u{85}") }
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
    }
}
