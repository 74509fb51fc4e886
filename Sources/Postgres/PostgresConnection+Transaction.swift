/// A transaction that spans several hops to the connection's thread, with async work in between (streaming an
/// upload into the database chunk by chunk, for example).
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection

    /// Runs `body` on the connection's thread inside the transaction; the transaction stays open afterwards.
    @discardableResult
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        switch try await connection.runSession(verifyingLiveness: false, keepingTransactionOpen: true, body) {
        case .completed(let value): return value
        case .connectionWasDead: throw PostgresError(code: .connectionLost, message: "the database connection was lost")
        }
    }
}

extension PostgresConnection {
    /// BEGIN, then `body` (which may run several sessions with awaits between them), then COMMIT — or ROLLBACK when
    /// `body` throws. Use it on a connection you hold (`pool.withConnection`), never shared.
    @discardableResult
    public func withTransaction<T: Sendable>(_ body: (PostgresTransaction) async throws -> T) async throws -> T {
        let transaction = PostgresTransaction(connection: self)
        try await transaction.run { try $0.execute("BEGIN") }
        do {
            let value = try await body(transaction)
            try await withSession { try $0.execute("COMMIT") }
            return value
        } catch {
            if !isBroken { _ = try? await withSession { try $0.execute("ROLLBACK") } }
            throw error
        }
    }
}
