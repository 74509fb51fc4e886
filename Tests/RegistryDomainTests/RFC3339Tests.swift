import Foundation
import RegistryDomain
import Testing

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test(
        "accepted inputs parse to the expected UTC instant",
        arguments: [
            ("2025-03-31", "2025-03-31T00:00:00.000000Z"),
            ("2025-03-31T12:34:56Z", "2025-03-31T12:34:56.000000Z"),
            ("2025-03-31t12:34:56z", "2025-03-31T12:34:56.000000Z"),
            ("2025-03-31 12:34:56Z", "2025-03-31T12:34:56.000000Z"),
            ("2025-03-31T12:34:56+01:00", "2025-03-31T11:34:56.000000Z"),
            ("2025-03-31T12:34:56-05:30", "2025-03-31T18:04:56.000000Z"),
            ("2025-03-31T12:34:56+00:00", "2025-03-31T12:34:56.000000Z"),
            ("2025-03-31T12:34:56-00:00", "2025-03-31T12:34:56.000000Z"),
            ("2025-03-31T00:30:00+01:00", "2025-03-30T23:30:00.000000Z"),
            ("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00.000000Z"),
            ("2025-03-31T12:34:56.1Z", "2025-03-31T12:34:56.100000Z"),
            ("2025-03-31T12:34:56.12Z", "2025-03-31T12:34:56.120000Z"),
            ("2025-03-31T12:34:56.123Z", "2025-03-31T12:34:56.123000Z"),
            ("2025-03-31T12:34:56.1234Z", "2025-03-31T12:34:56.123400Z"),
            ("2025-03-31T12:34:56.12345Z", "2025-03-31T12:34:56.123450Z"),
            ("2025-03-31T12:34:56.123456Z", "2025-03-31T12:34:56.123456Z"),
            ("2025-03-31T12:34:56.1234567Z", "2025-03-31T12:34:56.123456Z"),
            ("2025-03-31T12:34:56.12345678Z", "2025-03-31T12:34:56.123456Z"),
            ("2025-03-31T12:34:56.123456789Z", "2025-03-31T12:34:56.123456Z"),
            ("2025-03-31T23:59:59.999999999Z", "2025-03-31T23:59:59.999999Z"),
            ("2025-03-31T12:34:56.000001+02:00", "2025-03-31T10:34:56.000001Z"),
            ("2024-02-29", "2024-02-29T00:00:00.000000Z"),
            ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000000Z"),
            ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000Z"),
            ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ])
    func parses(_ text: String, expected: String) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(RFC3339.format(date) == expected)
    }

    @Test(
        "malformed, impossible and ambiguous inputs are refused",
        arguments: [
            "", "garbage", "2023-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "0000-01-01",
            "2025-03-31T23:59:60Z", "2025-03-31T24:00:00Z", "2025-03-31T12:60:00Z", "2025-03-31T12:34:56", "2025-03-31T12:34:56.123",
            "2025-03-31T12:34:56.Z", "2025-03-31T12:34:56.1234567890Z", "2025-03-31T12:34Z", "2025-3-31", "25-03-31", "2025/03/31",
            "2025-03-31T12:34:56+0100", "2025-03-31T12:34:56+01", "2025-03-31T12:34:56+24:00", "2025-03-31T12:34:56+01:60", "2025-03-31Z",
            "2025-03-31T", "2025-03-31T12:34:56Z ", " 2025-03-31", "2025-03-31T12:34:56ZZ", "2025-03-31X12:34:56Z", "+2025-03-31", "-0001-01-01",
            "２０２５-03-31", "2025-03-31T12:34:56,5Z",
        ])
    func refuses(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(
        "formatting always gives YYYY-MM-DDTHH:MM:SS.ffffffZ",
        arguments: [0, 1, -1, 1_743_424_496.123_456, -14_182_939.876_544, -62_135_596_800, 253_402_300_799, 951_782_400])
    func formatShape(_ seconds: TimeInterval) {
        let text = RFC3339.format(Date(timeIntervalSince1970: seconds))
        #expect(text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/#) != nil, "\(text)")
    }

    @Test(
        "canonical timestamps survive parse then format unchanged",
        arguments: [
            "2025-03-31T12:34:56.123456Z", "2025-01-01T00:00:00.000001Z", "2025-12-31T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z",
            "2038-01-19T03:14:08.000001Z", "2099-12-31T23:59:59.999999Z", "2001-01-01T00:00:00.000001Z", "2000-12-31T23:59:59.999999Z",
            "1970-01-01T00:00:00.000000Z", "1970-01-01T00:00:00.000001Z", "1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999993Z",
            "1969-07-20T20:17:40.123456Z", "1960-01-01T00:00:00.000001Z", "1900-01-01T00:00:00.000000Z", "1900-01-01T00:00:00.000001Z",
            "2099-12-31T23:59:59.000000Z",
        ])
    func roundTrip(_ text: String) throws {
        #expect(RFC3339.format(try #require(RFC3339.parse(text))) == text)
    }

    @Test(
        "years outside 1900…2099, where a Date cannot keep microseconds, are refused rather than rounded",
        arguments: [
            "0001-01-01T00:00:00.000001Z", "0001-01-01", "1000-01-01T00:00:00.000001Z", "1899-12-31T23:59:59.999999Z", "2100-01-01",
            "9999-12-31T23:59:59.999999Z",
        ])
    func outOfRange(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(
        "every whole microsecond near 2025 and before the epoch comes back exactly",
        arguments: ["2025-01-01", "2025-06-30T23:59:59Z", "1970-01-01", "1969-12-31T23:59:00Z", "1960-01-01", "1950-06-15T12:00:00Z"])
    func microsecondExactness(_ start: String) throws {
        let base = RFC3339.microseconds(try #require(RFC3339.parse(start)))
        var misses: [Int] = []
        for step in -5_000..<5_000 {
            let micros = base + step * 7_919 + step % 7
            let date = RFC3339.date(fromMicroseconds: micros)
            if RFC3339.microseconds(date) != micros || RFC3339.parse(RFC3339.format(date)) != date { misses.append(micros) }
        }
        #expect(misses.isEmpty, "\(misses.count) misses, first \(misses.prefix(3).map { RFC3339.format(RFC3339.date(fromMicroseconds: $0)) })")
    }

    @Test(
        "known instants map to the expected microseconds since the epoch",
        arguments: [
            ("1970-01-01T00:00:00Z", 0), ("1970-01-01T00:00:00.000001Z", 1), ("1969-12-31T23:59:59.999999Z", -1),
            ("2025-03-31T12:34:56.123456Z", 1_743_424_496_123_456), ("1900-01-01", -2_208_988_800_000_000),
            ("1969-07-20T20:17:40.123456Z", -14_182_939_876_544),
        ])
    func knownMicroseconds(_ text: String, micros: Int) throws {
        #expect(RFC3339.microseconds(try #require(RFC3339.parse(text))) == micros)
        #expect(RFC3339.format(RFC3339.date(fromMicroseconds: micros)) == RFC3339.format(try #require(RFC3339.parse(text))))
    }

    @Test("a Date finer than a microsecond formats as its microsecond value and parses back to it")
    func subMicrosecondDates() throws {
        for seconds in [1_743_424_496.123_456_7, 1.000_000_9, -1.000_000_3] {
            let date = Date(timeIntervalSince1970: seconds)
            let truncated = RFC3339.truncated(date)
            #expect(RFC3339.format(date) == RFC3339.format(truncated))
            #expect(RFC3339.parse(RFC3339.format(date)) == truncated)
            #expect(abs(truncated.timeIntervalSince(date)) < 0.000_001)
        }
    }
}
