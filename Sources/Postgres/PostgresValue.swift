/// One bind-parameter value as it travels to the server.
public enum PostgresValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A value in PostgreSQL's text input format; the server parses it for the target type.
    case text(String)
    /// Raw bytes sent in binary format; PostgreSQL reads them as `bytea`.
    case binary([UInt8])
}

extension PostgresValue: PostgresEncodable {
    /// The value itself, so prepared `PostgresValue`s can be interpolated like any other value.
    public var postgresValue: PostgresValue { self }
}
