import Foundation
import RegistryDomain
import RegistryService
import Testing

/// The leaf a prediction's Merkle hash covers is written field by field for speed; it must be byte for byte the
/// canonical JSON of the same object, which is what the documentation tells a verifier to expect.
@Suite("prediction leaves")
struct PredictionLeafTests {
    @Test("the fast leaf equals the canonical encoding for every combination of optional fields and awkward strings")
    func fastLeafIsCanonical() {
        var random = SeededRandom(seed: 7)
        let awkward = ["plain", "quote \" and backslash \\", "line\nbreak\ttab", "control \u{01}\u{1F}", "é ü 漢字 🙂", "/slash", ""]
        for index in 0..<500 {
            func text() -> String { awkward[random.below(awkward.count)] + String(index) }
            let inputs: JSONValue = .object([
                "x": .number(Double(random.below(1000)) / 7), "cyl": .string(text()), "flag": .bool(random.below(2) == 0),
                "nested": .object(["list": .array([.number(1), .null, .string(text())])]),
            ])
            let record = PredictionRecord(
                kind: [.served, .reconstructed, .reported][random.below(3)], modelId: UUID(), model: text(), version: 1 + random.below(40),
                alias: random.below(2) == 0 ? text() : nil,
                asOf: random.below(2) == 0 ? AsOf(at: Date(timeIntervalSince1970: 1.7e9), knownAt: Date(timeIntervalSince1970: 1.75e9)) : nil,
                madeAt: Date(timeIntervalSince1970: 1.6e9 + Double(random.below(1_000_000)) / 1000), caller: text(), requestId: text(),
                inputs: inputs, output: random.below(2) == 0 ? .number(Double(random.below(100)) / 3) : .string(text()),
                caseReference: random.below(2) == 0 ? text() : nil)
            #expect(record.leaf == record.canonicalLeaf, "\(String(decoding: record.leaf, as: UTF8.self))")
        }
    }
}
