import CLibPQ

/// The statements a connection has prepared, by SQL text. Parsing and planning a statement costs about as much as
/// running it for the registry's short statements, and the same few statements run thousands of times, so each is
/// prepared on first use and then executed by name.
///
/// Only touched on the owning connection's queue. Prepared plans are bound to the objects their SQL named when they
/// were prepared; code that shadows tables (temporary tables of the same name) must use a fresh connection.
final class PreparedStatementCache {
    /// Beyond this many distinct statements, new ones run unprepared (protects against unbounded dynamic SQL).
    static let capacity = 512

    private var names: [String: String] = [:]

    /// The statement's name, preparing it first if needed; nil when the cache is full.
    func name(for sql: String, parameterCount: Int32, on handle: OpaquePointer) throws -> String? {
        if let name = names[sql] { return name }
        guard names.count < Self.capacity else { return nil }
        let name = "modelreg_\(names.count + 1)"
        guard let result = PQprepare(handle, name, sql, parameterCount, nil) else {
            throw LibPQ.missingResultError(connection: handle, query: sql)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw LibPQ.error(from: result, connection: handle, query: sql) }
        names[sql] = name
        return name
    }
}
