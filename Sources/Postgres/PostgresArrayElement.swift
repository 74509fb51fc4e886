import Foundation

/// A type whose Swift arrays can be sent as a parameter. Arrays of scalars become PostgreSQL array
/// literals (`{"a","b"}`); `[UInt8]` is the exception and becomes `bytea`.
///
/// Swift allows only one conditional conformance of `Array` to `PostgresEncodable`, so the
/// element type decides how the whole array is encoded.
public protocol PostgresArrayElementEncodable: Sendable {
    /// Encodes an array of this element type.
    static func postgresArrayValue(_ elements: [Self]) -> PostgresValue
}

extension PostgresArrayElementEncodable where Self: PostgresEncodable {
    /// An array literal of the elements' text forms; every element is quoted, so NULL never
    /// appears and commas, quotes, braces and backslashes stay data.
    public static func postgresArrayValue(_ elements: [Self]) -> PostgresValue {
        .text(
            PostgresArrayLiteral.encode(
                elements.lazy.map { element in
                    switch element.postgresValue {
                    case .text(let text): text
                    case .binary(let bytes): String(decoding: bytes, as: UTF8.self)
                    case .null: ""
                    }
                }))
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElementEncodable {
    /// See `PostgresArrayElementEncodable`.
    public var postgresValue: PostgresValue { Element.postgresArrayValue(self) }
}

extension UInt8: PostgresArrayElementEncodable {
    /// `[UInt8]` is `bytea`, sent in binary format.
    public static func postgresArrayValue(_ elements: [UInt8]) -> PostgresValue { .binary(elements) }
}

extension String: PostgresArrayElementEncodable {}
extension Int: PostgresArrayElementEncodable {}
extension Int64: PostgresArrayElementEncodable {}
extension Int32: PostgresArrayElementEncodable {}
extension Bool: PostgresArrayElementEncodable {}
extension Double: PostgresArrayElementEncodable {}
extension UUID: PostgresArrayElementEncodable {}

/// A type whose Swift arrays can be decoded from a text-format result.
public protocol PostgresArrayElementDecodable {
    /// Decodes an array of this element type from the column text.
    static func postgresArrayDecode(from text: String) throws -> [Self]
}

extension PostgresArrayElementDecodable where Self: PostgresDecodable {
    /// Parses a one-dimensional array literal; a NULL element is an error unless the element type
    /// is optional (e.g. `[String?]`).
    public static func postgresArrayDecode(from text: String) throws -> [Self] {
        try PostgresArrayLiteral.parse(text).map { element in
            guard let element else {
                if let null = Self.decodeNull() { return null }
                throw PostgresError.decoding("array element is NULL, which \(Self.self) cannot hold")
            }
            return try Self.decode(from: element)
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElementDecodable {
    /// See `PostgresArrayElementDecodable`.
    public static func decode(from text: String) throws -> [Element] {
        try Element.postgresArrayDecode(from: text)
    }
}

extension UInt8: PostgresArrayElementDecodable {
    /// `[UInt8]` is `bytea` text (`\x…`).
    public static func postgresArrayDecode(from text: String) throws -> [UInt8] {
        try PostgresBytea.decode(text)
    }
}

extension Optional: PostgresArrayElementDecodable where Wrapped: PostgresDecodable {}
extension String: PostgresArrayElementDecodable {}
extension Int: PostgresArrayElementDecodable {}
extension Int64: PostgresArrayElementDecodable {}
extension Int32: PostgresArrayElementDecodable {}
extension Bool: PostgresArrayElementDecodable {}
extension Double: PostgresArrayElementDecodable {}
extension UUID: PostgresArrayElementDecodable {}
