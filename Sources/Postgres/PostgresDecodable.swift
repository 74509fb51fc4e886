import Foundation

/// A Swift value that can be read from a column of a text-format result.
public protocol PostgresDecodable {
    /// Parses the column's text as PostgreSQL prints it.
    static func decode(from text: String) throws -> Self

    /// The value SQL NULL decodes to, or `nil` when NULL is an error for this type (the default).
    /// `Optional` returns `.some(nil)`, which is how `decode(String?.self, …)` accepts NULL.
    static func decodeNull() -> Self?
}

extension PostgresDecodable {
    /// NULL is a decoding error unless a type says otherwise.
    public static func decodeNull() -> Self? { nil }
}

extension String: PostgresDecodable {
    /// The text itself.
    public static func decode(from text: String) throws -> String { text }
}

extension Int: PostgresDecodable {
    /// Decimal text.
    public static func decode(from text: String) throws -> Int {
        guard let value = Int(text) else { throw PostgresError.decoding("not an integer", text: text) }
        return value
    }
}

extension Int64: PostgresDecodable {
    /// Decimal text.
    public static func decode(from text: String) throws -> Int64 {
        guard let value = Int64(text) else { throw PostgresError.decoding("not an integer", text: text) }
        return value
    }
}

extension Int32: PostgresDecodable {
    /// Decimal text.
    public static func decode(from text: String) throws -> Int32 {
        guard let value = Int32(text) else { throw PostgresError.decoding("not a 32-bit integer", text: text) }
        return value
    }
}

extension Bool: PostgresDecodable {
    /// `t`/`f` as PostgreSQL prints booleans (`true`/`false` also accepted).
    public static func decode(from text: String) throws -> Bool {
        switch text {
        case "t", "true": return true
        case "f", "false": return false
        default: throw PostgresError.decoding("not a boolean", text: text)
        }
    }
}

extension Double: PostgresDecodable {
    /// Decimal text, or `NaN`, `Infinity`, `-Infinity`.
    public static func decode(from text: String) throws -> Double {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw PostgresError.decoding("not a number", text: text) }
            return value
        }
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` text as printed with `DateStyle=ISO`, exact to the microsecond; `infinity` and
    /// `-infinity` map to `distantFuture` and `distantPast`.
    public static func decode(from text: String) throws -> Date {
        try PostgresTimestamp.parse(text)
    }
}

extension UUID: PostgresDecodable {
    /// Canonical UUID text.
    public static func decode(from text: String) throws -> UUID {
        guard let value = UUID(uuidString: text) else { throw PostgresError.decoding("not a UUID", text: text) }
        return value
    }
}

extension Data: PostgresDecodable {
    /// `bytea` text (`\x…` hex, or the legacy escape format).
    public static func decode(from text: String) throws -> Data {
        Data(try PostgresBytea.decode(text))
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// Decodes the wrapped type; NULL is `nil` (see `decodeNull`).
    public static func decode(from text: String) throws -> Wrapped? {
        try Wrapped.decode(from: text)
    }

    /// NULL decodes to `nil`.
    public static func decodeNull() -> Wrapped?? { .some(nil) }
}
