import Foundation
import Postgres
import Testing

@Suite("Parameter binding")
struct ParameterBindingTests {
    static let strings = [
        "", "plain", "it's", "''", "\"double\"", "back\\slash", "\\x00", "trailing\\",
        "tab\there", "new\nline", "carriage\rreturn", "unicode ✓ 日本語 🎉 é", "e\u{301}",
        "$1", "$$", "'; DROP TABLE victims; --", " padded ", "NULL", "{a,b}",
        String(repeating: "long ", count: 20_000),
    ]

    @Test("strings round-trip through text parameters unchanged", arguments: strings)
    func stringRoundTrip(value: String) async throws {
        #expect(try await RoundTrip.select(value, cast: "text", as: String.self) == value)
    }

    @Test("substrings bind as their text")
    func substringRoundTrip() async throws {
        let text = "prefix:value"
        let value = text[text.index(after: text.firstIndex(of: ":")!)...]
        #expect(try await RoundTrip.select(value, cast: "text", as: String.self) == "value")
    }

    @Test("64-bit integers round-trip", arguments: [Int64.min, -1, 0, 1, 42, Int64.max])
    func int64RoundTrip(value: Int64) async throws {
        #expect(try await RoundTrip.select(value, cast: "int8", as: Int64.self) == value)
    }

    @Test("32-bit integers round-trip", arguments: [Int32.min, -1, 0, Int32.max])
    func int32RoundTrip(value: Int32) async throws {
        #expect(try await RoundTrip.select(value, cast: "int4", as: Int32.self) == value)
    }

    @Test("Int round-trips as int8", arguments: [Int.min, 0, Int.max])
    func intRoundTrip(value: Int) async throws {
        #expect(try await RoundTrip.select(value, cast: "int8", as: Int.self) == value)
    }

    @Test("booleans round-trip", arguments: [true, false])
    func boolRoundTrip(value: Bool) async throws {
        #expect(try await RoundTrip.select(value, cast: "bool", as: Bool.self) == value)
    }

    @Test(
        "doubles round-trip bit for bit",
        arguments: [
            0.0, -1.5, .pi, 0.1, 1e-300, 1e300, .greatestFiniteMagnitude, .leastNormalMagnitude,
            .leastNonzeroMagnitude, .infinity, -.infinity,
        ]
    )
    func doubleRoundTrip(value: Double) async throws {
        let back = try await RoundTrip.select(value, cast: "float8", as: Double.self)
        #expect(back.bitPattern == value.bitPattern)
    }

    @Test("NaN round-trips")
    func nanRoundTrip() async throws {
        #expect(try await RoundTrip.select(Double.nan, cast: "float8", as: Double.self).isNaN)
    }

    @Test(
        "UUIDs round-trip",
        arguments: [
            UUID(), UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
            UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!,
        ]
    )
    func uuidRoundTrip(value: UUID) async throws {
        #expect(try await RoundTrip.select(value, cast: "uuid", as: UUID.self) == value)
        #expect(try await RoundTrip.select(value, cast: "uuid::text", as: String.self) == value.uuidString.lowercased())
    }

    @Test("Data round-trips as bytea")
    func dataRoundTrip() async throws {
        let value = Data("bytes\u{0}with NUL".utf8)
        #expect(try await RoundTrip.select(value, cast: "bytea", as: Data.self) == value)
    }

    @Test("nil binds as SQL NULL and decodes back to nil")
    func nullRoundTrip() async throws {
        let missing: String? = nil
        let present: Int64? = 7
        let (isNull, decoded, presentBack) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT \(missing)::text IS NULL, \(missing)::text, \(present)::int8")[0]
            return (try row.decode(Bool.self, at: 0), try row.decode(String?.self, at: 1), try row.decode(Int64?.self, at: 2))
        }
        #expect(isNull)
        #expect(decoded == nil)
        #expect(presentBack == 7)
    }

    @Test("an SQL injection attempt passed as a value is stored as that value")
    func injectionStaysAValue() async throws {
        let evil = "x'); DROP TABLE victims; --"
        let (stored, tableStillThere) = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("CREATE TEMP TABLE victims (name text) ON COMMIT DROP")
                try session.execute("INSERT INTO victims (name) VALUES (\(evil))")
                let stored = try session.query("SELECT name FROM victims WHERE name = \(evil)")
                    .map { try $0.decode(String.self, at: 0) }
                let count = try session.query("SELECT count(*) FROM victims")[0].decode(Int.self, at: 0)
                return (stored, count == 1)
            }
        }
        #expect(stored == [evil])
        #expect(tableStillThere)
    }

    @Test("text containing NUL is rejected before it reaches the server, and the session stays usable")
    func nulRejected() async throws {
        let (code, after) = try await SharedTestDatabase.session { session in
            var code: PostgresError.Code?
            do {
                _ = try session.query("SELECT \("a\u{0}b")::text")
            } catch let error as PostgresError {
                code = error.code
            }
            return (code, try session.query("SELECT 1")[0].decode(Int.self, at: 0))
        }
        #expect(code == .invalidParameter)
        #expect(after == 1)
    }

    @Test("columns decode by name; NULL is nil for optionals and an error otherwise")
    func namedAndNullDecoding() async throws {
        try await SharedTestDatabase.session { session in
            let rows = try session.query("SELECT 1 AS one, NULL::text AS nothing, 'x' AS letter")
            let row = try #require(rows.first)
            #expect(rows.columnNames == ["one", "nothing", "letter"])
            #expect(try row.decode(Int.self, named: "one") == 1)
            #expect(try row.decodeIfPresent(String.self, named: "nothing") == nil)
            #expect(try row.decodeIfPresent(String.self, named: "letter") == "x")
            #expect(try row.decode(String?.self, named: "nothing") == nil)
            #expect(row[1] == nil)
            #expect(row.isNull(1))
            let nullError = #expect(throws: PostgresError.self) { try row.decode(String.self, named: "nothing") }
            #expect(nullError?.code == .decoding)
            #expect(throws: PostgresError.self) { try row.decode(Int.self, named: "missing") }
            #expect(throws: PostgresError.self) { try row.decode(Int.self, named: "letter") }
        }
    }

    @Test("affected row counts come from the command tag")
    func affectedRows() async throws {
        let (inserted, updated, selected) = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("CREATE TEMP TABLE counted (n int) ON COMMIT DROP")
                let inserted = try session.execute("INSERT INTO counted SELECT generate_series(1, 5)")
                let updated = try session.execute("UPDATE counted SET n = n + 1 WHERE n > \(2)")
                let selected = try session.query("SELECT n FROM counted").affectedRows
                return (inserted, updated, selected)
            }
        }
        #expect(inserted == 5)
        #expect(updated == 3)
        #expect(selected == 5)
    }
}
