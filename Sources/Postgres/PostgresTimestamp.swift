import Foundation

/// Hand-written conversion between `Date` and PostgreSQL timestamp text.
///
/// `DateFormatter` is slow, allocates, and cannot represent microseconds exactly; event logs read
/// thousands of timestamps per page, and the ledger hashes them, so both speed and exactness matter.
/// All arithmetic is on integer microseconds.
public enum PostgresTimestamp {
    static let microsecondsPerSecond: Int64 = 1_000_000
    static let microsecondsPerDay: Int64 = 86_400 * microsecondsPerSecond
    /// Seconds from 1970-01-01 to 2001-01-01, `Date`'s reference date.
    static let referenceDateOffset: Int64 = 978_307_200
    /// Beyond this (about ±285,000 years) microseconds would overflow `Int64`; PostgreSQL's own
    /// range ends well before, at year 294,276.
    private static let maximumSeconds: Double = 9e12

    /// Microseconds since 1970-01-01 00:00:00 UTC, rounded to the nearest microsecond.
    static func microsecondsSince1970(_ date: Date) -> Int64 {
        // Start from the reference date, Date's own storage, so only one rounding happens.
        let micros = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        return Int64(micros) + referenceDateOffset * microsecondsPerSecond
    }

    /// The `Date` for microseconds since 1970-01-01 00:00:00 UTC.
    static func date(microsecondsSince1970 micros: Int64) -> Date {
        let sinceReference = micros - referenceDateOffset * microsecondsPerSecond
        return Date(timeIntervalSinceReferenceDate: Double(sinceReference) / 1_000_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, with ` BC` appended for years before 1.
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSinceReferenceDate
        if interval.isNaN { return "NaN" }  // PostgreSQL rejects it, which beats storing a guess
        if interval > maximumSeconds { return "infinity" }
        if interval < -maximumSeconds { return "-infinity" }

        let micros = microsecondsSince1970(date)
        let days = floorDivide(micros, microsecondsPerDay)
        var timeOfDay = micros - days * microsecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let fraction = timeOfDay % microsecondsPerSecond
        timeOfDay /= microsecondsPerSecond
        let second = timeOfDay % 60
        let minute = (timeOfDay / 60) % 60
        let hour = timeOfDay / 3600

        var output: [UInt8] = []
        output.reserveCapacity(32)
        let isBC = year <= 0
        // Year 0 is 1 BC in PostgreSQL's (and the proleptic Gregorian) numbering.
        appendDigits(isBC ? 1 - year : year, width: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &output)
        output.append(UInt8(ascii: "T"))
        appendDigits(hour, width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(minute, width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(second, width: 2, to: &output)
        output.append(UInt8(ascii: "."))
        appendDigits(fraction, width: 6, to: &output)
        output.append(UInt8(ascii: "Z"))
        if isBC { output.append(contentsOf: Array(" BC".utf8)) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses `timestamptz` (or `timestamp`, read as UTC; or `date`, read as midnight UTC) text:
    /// `2025-03-31 12:00:00.123456+00`, `…+05:30`, `…Z`, `… BC`, `infinity`, `-infinity`.
    static func parse(_ text: String) throws -> Date {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var copy = text
        let micros = copy.withUTF8 { parseMicroseconds($0) }
        guard let micros else { throw PostgresError.decoding("not a timestamp", text: text) }
        return date(microsecondsSince1970: micros)
    }

    private static func parseMicroseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = bytes.count

        func digits(min: Int, max: Int) -> Int64? {
            var value: Int64 = 0
            let start = index
            while index < count, index - start < max, bytes[index] &- UInt8(ascii: "0") < 10 {
                value = value * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
                index += 1
            }
            return index - start >= min ? value : nil
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        guard let year = digits(min: 4, max: 7), expect(UInt8(ascii: "-")),
            let month = digits(min: 2, max: 2), (1...12).contains(month), expect(UInt8(ascii: "-")),
            let day = digits(min: 2, max: 2), (1...31).contains(day)
        else { return nil }

        var timeOfDay: Int64 = 0
        var offsetSeconds: Int64 = 0
        if index < count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "T") {
            index += 1
            guard let hour = digits(min: 2, max: 2), hour <= 24, expect(UInt8(ascii: ":")),
                let minute = digits(min: 2, max: 2), minute < 60, expect(UInt8(ascii: ":")),
                let second = digits(min: 2, max: 2), second <= 60
            else { return nil }
            var fraction: Int64 = 0
            if expect(UInt8(ascii: ".")) {
                let start = index
                guard var value = digits(min: 1, max: 6) else { return nil }
                for _ in (index - start)..<6 { value *= 10 }
                fraction = value
                // More than six digits never comes from PostgreSQL; round on the seventh, ignore the rest.
                if index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    if bytes[index] >= UInt8(ascii: "5") { fraction += 1 }
                    while index < count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
                }
            }
            timeOfDay = ((hour * 60 + minute) * 60 + second) * microsecondsPerSecond + fraction

            if expect(UInt8(ascii: "Z")) {
                offsetSeconds = 0
            } else if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let offsetHours = digits(min: 2, max: 2) else { return nil }
                var offset = offsetHours * 3600
                if expect(UInt8(ascii: ":")) {
                    guard let offsetMinutes = digits(min: 2, max: 2) else { return nil }
                    offset += offsetMinutes * 60
                    if expect(UInt8(ascii: ":")) {
                        guard let offsetSecs = digits(min: 2, max: 2) else { return nil }
                        offset += offsetSecs
                    }
                }
                offsetSeconds = sign * offset
            }
        }

        var astronomicalYear = year
        if index < count {
            guard count - index == 3, bytes[index] == UInt8(ascii: " "),
                bytes[index + 1] == UInt8(ascii: "B"), bytes[index + 2] == UInt8(ascii: "C")
            else { return nil }
            astronomicalYear = 1 - year
            index = count
        }

        let days = daysFromCivil(year: astronomicalYear, month: month, day: day)
        return days * microsecondsPerDay + timeOfDay - offsetSeconds * microsecondsPerSecond
    }

    /// Appends `value` in decimal, zero-padded to `width`, without intermediate allocations.
    private static func appendDigits(_ value: Int64, width: Int, to output: inout [UInt8]) {
        var digitCount = 1
        var scan = value
        while scan >= 10 {
            scan /= 10
            digitCount += 1
        }
        let padding = max(0, width - digitCount)
        let start = output.count + padding
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: padding + digitCount))
        var remaining = value
        var position = start + digitCount - 1
        while position >= start {
            output[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date for days since 1970-01-01 (inverse of `daysFromCivil`).
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
