import Foundation

/// A Swift value that can be sent as a bind parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in the form sent to the server.
    var postgresValue: PostgresValue { get }
}

extension String: PostgresEncodable {
    /// The string as text.
    public var postgresValue: PostgresValue { .text(self) }
}

extension Substring: PostgresEncodable {
    /// The substring as text.
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int: PostgresEncodable {
    /// Decimal text.
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int64: PostgresEncodable {
    /// Decimal text.
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int32: PostgresEncodable {
    /// Decimal text.
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Bool: PostgresEncodable {
    /// `t` or `f`, PostgreSQL's own spelling.
    public var postgresValue: PostgresValue { .text(self ? "t" : "f") }
}

extension Double: PostgresEncodable {
    /// Shortest text that round-trips exactly; non-finite values use PostgreSQL's spellings.
    public var postgresValue: PostgresValue {
        if isNaN { return .text("NaN") }
        if isInfinite { return .text(self < 0 ? "-Infinity" : "Infinity") }
        return .text(description)
    }
}

extension Date: PostgresEncodable {
    /// UTC RFC 3339 with exactly six fractional digits (rounded to the microsecond, PostgreSQL's
    /// resolution), e.g. `2025-03-31T12:00:00.000000Z`.
    public var postgresValue: PostgresValue { .text(PostgresTimestamp.format(self)) }
}

extension UUID: PostgresEncodable {
    /// Lowercase canonical form; pair with `$n::uuid` in SQL.
    public var postgresValue: PostgresValue { .text(uuidString.lowercased()) }
}

extension Data: PostgresEncodable {
    /// The bytes as binary `bytea`.
    public var postgresValue: PostgresValue { .binary([UInt8](self)) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// `nil` becomes SQL NULL.
    public var postgresValue: PostgresValue {
        switch self {
        case .none: .null
        case .some(let value): value.postgresValue
        }
    }
}
