import Foundation
import Postgres
import Testing

/// Encoding and decoding without a server: the exact text forms the server will see or send.
@Suite("Value coding")
struct ValueCodingTests {
    @Test(
        "doubles encode as shortest round-trip text with PostgreSQL's non-finite spellings",
        arguments: [
            (1.5, "1.5"), (-0.25, "-0.25"), (1e300, "1e+300"),
            (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"), (Double.nan, "NaN"),
        ]
    )
    func doubleEncoding(value: Double, expected: String) {
        #expect(value.postgresValue == .text(expected))
    }

    @Test("booleans, UUIDs and byte arrays encode in PostgreSQL's forms")
    func scalarEncoding() throws {
        #expect(true.postgresValue == .text("t"))
        #expect(false.postgresValue == .text("f"))
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(uuid.postgresValue == .text("e621e1f8-c36c-495a-93fc-0c247a3e6e5f"))
        #expect([UInt8]([0, 1, 255]).postgresValue == .binary([0, 1, 255]))
        #expect(Data([7]).postgresValue == .binary([7]))
    }

    @Test(
        "dates encode as UTC RFC 3339 with exactly six fractional digits",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000000Z"),
            (Int64(-1), "1969-12-31T23:59:59.999999Z"),
            (Int64(1_743_422_400_123_456), "2025-03-31T12:00:00.123456Z"),
            (Int64(-62_135_596_800_000_000), "0001-01-01T00:00:00.000000Z"),
            (Int64(-62_135_596_801_000_000), "0001-12-31T23:59:59.000000Z BC"),
            (Int64(253_402_300_799_000_000), "9999-12-31T23:59:59.000000Z"),
            (Int64(4_102_444_799_999_999), "2099-12-31T23:59:59.999999Z"),
        ]
    )
    func dateEncoding(microseconds: Int64, expected: String) {
        #expect(date(microseconds).postgresValue == .text(expected))
    }

    @Test("dates round to the nearest microsecond when encoded")
    func dateRounding() {
        let date = Date(timeIntervalSince1970: 1.000_000_6)
        #expect(date.postgresValue == .text("1970-01-01T00:00:01.000001Z"))
    }

    @Test(
        "timestamptz text decodes exactly to the microsecond",
        arguments: [
            ("2025-03-31 12:00:00+00", Int64(1_743_422_400_000_000)),
            ("2025-03-31 12:00:00.123456+00", Int64(1_743_422_400_123_456)),
            ("2025-03-31 12:00:00.5+00", Int64(1_743_422_400_500_000)),
            ("2025-03-31 14:00:00+02", Int64(1_743_422_400_000_000)),
            ("2025-03-31 06:30:00-05:30", Int64(1_743_422_400_000_000)),
            ("2025-03-31T12:00:00Z", Int64(1_743_422_400_000_000)),
            ("1969-12-31 23:59:59.999999+00", Int64(-1)),
            ("0001-01-01 00:00:00+00", Int64(-62_135_596_800_000_000)),
            ("0001-12-31 23:59:59+00 BC", Int64(-62_135_596_801_000_000)),
            ("9999-12-31 23:59:59+00", Int64(253_402_300_799_000_000)),
            ("2025-03-31", Int64(1_743_379_200_000_000)),
        ]
    )
    func timestampDecoding(text: String, microseconds: Int64) throws {
        let decoded = try Date.decode(from: text)
        #expect(micros(decoded) == microseconds)
    }

    @Test("infinite timestamps decode to the distant past and future")
    func infiniteTimestamps() throws {
        #expect(try Date.decode(from: "infinity") == .distantFuture)
        #expect(try Date.decode(from: "-infinity") == .distantPast)
    }

    @Test("malformed timestamps are decoding errors", arguments: ["", "2025", "2025-13-01 00:00:00+00", "2025-03-31 12:00", "yesterday"])
    func malformedTimestamps(text: String) {
        let error = #expect(throws: PostgresError.self) { try Date.decode(from: text) }
        #expect(error?.code == .decoding)
    }

    @Test(
        "array literals decode with quoting, escapes and NULLs",
        arguments: [
            ("{}", [String?]()),
            ("{a,b}", ["a", "b"]),
            (#"{a,"b c",NULL}"#, ["a", "b c", nil]),
            (#"{"NULL",null}"#, ["NULL", nil]),
            (#"{"a,b","{x}","q\"q","back\\slash",""}"#, ["a,b", "{x}", "q\"q", "back\\slash", ""]),
            ("[0:1]={x,y}", ["x", "y"]),
            ("{ spaced , out }", ["spaced", "out"]),
        ]
    )
    func arrayLiteralDecoding(text: String, expected: [String?]) throws {
        #expect(try [String?].decode(from: text) == expected)
    }

    @Test("a NULL array element is an error for a non-optional element type")
    func nullElementRejected() {
        #expect(throws: PostgresError.self) { try [String].decode(from: "{a,NULL}") }
    }

    @Test("array literals encode every element quoted and escaped")
    func arrayLiteralEncoding() {
        #expect(["a", "b c", "q\"", "b\\s", "", "NULL"].postgresValue == .text(#"{"a","b c","q\"","b\\s","","NULL"}"#))
        #expect([Int64]().postgresValue == .text("{}"))
        #expect([1, -2].postgresValue == .text(#"{"1","-2"}"#))
    }

    @Test("bytea decodes from hex and from the legacy escape format")
    func byteaDecoding() throws {
        #expect(try [UInt8].decode(from: "\\x00ff10") == [0, 255, 16])
        #expect(try [UInt8].decode(from: "\\x") == [])
        #expect(try [UInt8].decode(from: #"a\000\\\377"#) == [97, 0, 92, 255])
        #expect(throws: PostgresError.self) { try [UInt8].decode(from: "\\x0g") }
    }

    private func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(microseconds - 978_307_200_000_000) / 1_000_000)
    }

    private func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + 978_307_200_000_000
    }
}
