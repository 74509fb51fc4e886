import Foundation
import Postgres
import Testing

@Suite("Arrays")
struct ArrayTests {
    static let awkward = [
        "plain", "with,comma", "\"quoted\"", "{braces}", "back\\slash", "", "NULL", "null",
        " spaced ", "tab\tand\nnewline", "ünïcødé 🎉", "'single'", "\\\"both\\\"",
    ]

    @Test("text arrays with commas, quotes, braces and backslashes round-trip element for element")
    func textArrayRoundTrip() async throws {
        let (decoded, count, second, allNonNull) = try await SharedTestDatabase.session { session in
            let row = try session.query(
                """
                SELECT \(Self.awkward)::text[], cardinality(\(Self.awkward)::text[]),
                       (\(Self.awkward)::text[])[2], array_position(\(Self.awkward)::text[], NULL) IS NULL
                """)[0]
            return (
                try row.decode([String].self, at: 0), try row.decode(Int.self, at: 1),
                try row.decode(String.self, at: 2), try row.decode(Bool.self, at: 3)
            )
        }
        #expect(decoded == Self.awkward)
        #expect(count == Self.awkward.count)
        #expect(second == "with,comma")
        #expect(allNonNull)
    }

    @Test("integer and UUID arrays round-trip")
    func numericArrays() async throws {
        let longs: [Int64] = [Int64.min, -1, 0, Int64.max]
        let ints = [1, 2, 3]
        let uuids = [UUID(), UUID()]
        let (longsBack, intsBack, uuidsBack, sum) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT \(longs)::int8[], \(ints)::int8[], \(uuids)::uuid[], (SELECT sum(x) FROM unnest(\(ints)::int8[]) x)")[
                0]
            return (
                try row.decode([Int64].self, at: 0), try row.decode([Int].self, at: 1),
                try row.decode([UUID].self, at: 2), try row.decode(Int.self, at: 3)
            )
        }
        #expect(longsBack == longs)
        #expect(intsBack == ints)
        #expect(uuidsBack == uuids)
        #expect(sum == 6)
    }

    @Test("empty arrays round-trip")
    func emptyArrays() async throws {
        let (strings, count) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT \([String]())::text[], cardinality(\([String]())::text[])")[0]
            return (try row.decode([String].self, at: 0), try row.decode(Int.self, at: 1))
        }
        #expect(strings.isEmpty)
        #expect(count == 0)
    }

    @Test("server-built arrays with NULL elements decode as optionals")
    func nullElements() async throws {
        let (optionals, strictFails) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT ARRAY['x', NULL, 'NULL', 'a b']::text[]")[0]
            let strict = (try? row.decode([String].self, at: 0)) == nil
            return (try row.decode([String?].self, at: 0), strict)
        }
        #expect(optionals == ["x", nil, "NULL", "a b"])
        #expect(strictFails)
    }
}
