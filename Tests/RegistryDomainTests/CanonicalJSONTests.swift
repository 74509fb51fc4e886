import Foundation
import RegistryDomain
import Testing

@Suite("canonical JSON written directly")
struct CanonicalJSONTests {
    @Test("the direct writer gives exactly Foundation's canonical bytes, for every kind of value")
    func sameAsEncoder() throws {
        let values: [JSONValue] = [
            .null, .bool(true), .bool(false), .number(0), .number(-3), .number(21.608512809960473), .number(1e-7), .number(0.1), .number(-2.5e20),
            .number(123_456_789_012), .string(""), .string("plain"), .string("quote \" backslash \\ slash / tab \t newline \n cr \r"),
            .string("control \u{01}\u{1F} bell \u{07}"), .string("unicode é ✓ 𝔸 \u{2028}"),
            .array([]), .array([.number(1), .string("two"), .null]), .object([:]),
            .object([
                "b": .number(1), "a": .object(["z": .bool(false), "y": .array([.number(2.75)])]), "é": .string("x"), "A": .null, "_": .number(-0.5),
            ]),
        ]
        let encoder = RegistryEvent.makeEncoder()
        for value in values {
            let expected = Array(try encoder.encode(value))
            #expect(
                value.canonicalBytes == expected,
                "\(String(decoding: value.canonicalBytes, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))")
        }
    }
}
