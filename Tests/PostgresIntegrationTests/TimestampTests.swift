import Foundation
import Postgres
import Testing

@Suite("Timestamps")
struct TimestampTests {
    /// `Date` is a `Double` of seconds since 2001, exact to the microsecond only within about
    /// ±285 years of 2001; further out, only coarser instants are representable and tested.
    static let instants: [Int64] = [
        0, 1, -1, 999_999, 1_743_422_400_000_000, 1_743_422_400_123_456, 1_743_422_400_000_001,
        -1_000_000_000_000_001,  // 1938: before the epoch, with microseconds
        -62_135_596_800_000_000,  // 0001-01-01 00:00:00
        -62_135_596_799_000_000,  // 0001-01-01 00:00:01
        -62_135_596_801_000_000,  // 0001-12-31 23:59:59 BC
        253_402_300_799_000_000,  // 9999-12-31 23:59:59
        -2_208_988_800_500_000,  // 1899-12-31 23:59:59.5
    ]

    @Test("timestamptz values round-trip exactly to the microsecond", arguments: instants)
    func roundTrip(microseconds: Int64) async throws {
        let date = RoundTrip.date(microseconds: microseconds)
        let (decoded, serverMicroseconds) = try await SharedTestDatabase.session { session in
            let row = try session.query(
                """
                SELECT \(date)::timestamptz, (extract(epoch FROM \(date)::timestamptz) * 1000000)::int8
                """)[0]
            return (try row.decode(Date.self, at: 0), try row.decode(Int64.self, at: 1))
        }
        #expect(serverMicroseconds == microseconds, "the server read the same instant")
        #expect(RoundTrip.microseconds(decoded) == microseconds)
        #expect(decoded == date)
    }

    @Test(
        "timestamps decode exactly whatever offset the session prints them with",
        arguments: [
            ("UTC", Int64(1_743_422_400_654_321)),
            ("Asia/Kathmandu", Int64(1_743_422_400_654_321)),  // +05:45
            ("America/St_Johns", Int64(-1)),  // -03:30
            ("Europe/Amsterdam", Int64(-2_208_988_800_000_000)),  // 1900: local mean time, +00:19:32
        ]
    )
    func sessionTimeZones(zone: String, microseconds: Int64) async throws {
        let date = RoundTrip.date(microseconds: microseconds)
        let decoded = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("SELECT set_config('TimeZone', \(zone), true)")
                try session.execute("CREATE TEMP TABLE stamps (at timestamptz) ON COMMIT DROP")
                try session.execute("INSERT INTO stamps VALUES (\(date))")
                return try session.query("SELECT at FROM stamps")[0].decode(Date.self, at: 0)
            }
        }
        #expect(decoded == date)
    }

    @Test("infinite timestamps decode to the distant past and future")
    func infinities() async throws {
        let (future, past) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT 'infinity'::timestamptz, '-infinity'::timestamptz")[0]
            return (try row.decode(Date.self, at: 0), try row.decode(Date.self, at: 1))
        }
        #expect(future == .distantFuture)
        #expect(past == .distantPast)
    }

    @Test("now() decodes and lies near the client clock")
    func now() async throws {
        let serverNow = try await SharedTestDatabase.session { session in
            try session.query("SELECT now()")[0].decode(Date.self, at: 0)
        }
        #expect(abs(serverNow.timeIntervalSinceNow) < 60)
    }
}
