import Postgres
import TestSupport
import Testing

@Suite("Transactions")
struct TransactionTests {
    private struct Abort: Error {}

    @Test("a committed transaction's rows are visible afterwards")
    func commit() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let returned = try await connection.withSession { session in
            try session.transaction { session in
                try session.execute("INSERT INTO items VALUES (\(1), \("one")), (\(2), \("two"))")
                return "done"
            }
        }
        let count = try await connection.withSession { try $0.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) }
        #expect(returned == "done")
        #expect(count == 2)
    }

    @Test("a throwing body rolls back and rethrows its own error")
    func rollbackOnThrow() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        await #expect(throws: Abort.self) {
            try await connection.withSession { session in
                try session.transaction { session in
                    try session.execute("INSERT INTO items VALUES (\(1), \("one"))")
                    throw Abort()
                }
            }
        }
        let count = try await connection.withSession { try $0.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) }
        #expect(count == 0)
    }

    @Test("a statement error swallowed inside the body still rolls back and throws 25P02")
    func swallowedErrorStillRollsBack() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in
                try session.transaction { session in
                    try session.execute("INSERT INTO items VALUES (\(1), \("one"))")
                    _ = try? session.execute("INSERT INTO items VALUES (\(1), \("duplicate"))")
                }
            }
        }
        #expect(error?.sqlState == "25P02")
        let count = try await connection.withSession { try $0.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) }
        #expect(count == 0)
    }

    @Test("a nested transaction is a savepoint: its rollback keeps the outer work")
    func nested() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let names = try await connection.withSession { session in
            try session.transaction { session in
                try session.execute("INSERT INTO items VALUES (\(1), \("outer"))")
                _ = try? session.transaction { session in
                    try session.execute("INSERT INTO items VALUES (\(2), \("inner"))")
                    throw Abort()
                }
                try session.transaction { session in
                    try session.execute("INSERT INTO items VALUES (\(3), \("kept"))")
                }
            }
            return try session.query("SELECT name FROM items ORDER BY id").map { try $0.decode(String.self, at: 0) }
        }
        #expect(names == ["outer", "kept"])
    }

    @Test("a transaction left open when the session ends is rolled back")
    func leftOpen() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        try await connection.withSession { session in
            try session.execute("BEGIN")
            try session.execute("INSERT INTO items VALUES (\(1), \("never committed"))")
        }
        #expect(!connection.isBroken)
        let count = try await connection.withSession { try $0.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) }
        #expect(count == 0)
    }

    @Test("the original error survives when the connection dies mid-transaction")
    func connectionLostInTransaction() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in
                try session.transaction { session in
                    try session.execute("INSERT INTO items VALUES (\(1), \("one"))")
                    try session.execute("SELECT pg_terminate_backend(pg_backend_pid())")
                }
            }
        }
        #expect(error?.isConnectionProblem == true)
        #expect(connection.isBroken)
    }
}
