import Postgres
import TestSupport
import Testing

@Suite("Pipelines")
struct PipelineTests {
    private func names(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.withSession { session in
            try session.query("SELECT name FROM items ORDER BY id").map { try $0.decode(String.self, at: 0) }
        }
    }

    @Test("statements run in order, each seeing what the ones before it wrote, and answer in order")
    func answersInOrder() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let answers = try await connection.withSession { session in
            try session.pipeline([
                "INSERT INTO items VALUES (\(1), \("one"))",
                "SELECT count(*) FROM items",
                "UPDATE items SET name = \("uno") WHERE id = \(1) RETURNING name",
                "SELECT \(42)::int, \("text")::text",
            ])
        }
        #expect(answers.count == 4)
        #expect(answers[0].affectedRows == 1 && answers[0].isEmpty)
        #expect(try answers[1][0].decode(Int.self, at: 0) == 1)
        #expect(try answers[2][0].decode(String.self, at: 0) == "uno")
        #expect(try answers[3][0].decode(Int.self, at: 0) == 42)
        #expect(try answers[3][0].decode(String.self, at: 1) == "text")
        #expect(try await names(connection) == ["uno"])
    }

    @Test("more statements than one round trip takes are answered in order, all of them")
    func longerThanTheLimit() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let count = PostgresSession.pipelineLimit * 2 + 3
        let answers = try await connection.withSession { session in
            try session.transaction { session in
                try session.pipeline((0..<count).map { "INSERT INTO items VALUES (\($0), \("item \($0)")) RETURNING id" })
            }
        }
        #expect(try answers.map { try $0[0].decode(Int.self, at: 0) } == Array(0..<count))
        #expect(try await names(connection).count == count)
    }

    @Test("the first failure is thrown, the statements after it do not run, and the session stays usable")
    func failureStopsThePipeline() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        try await connection.withSession { session in
            try session.execute("INSERT INTO items VALUES (\(1), \("one"))")
        }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in
                try session.pipeline([
                    "INSERT INTO items VALUES (\(2), \("two"))",
                    "INSERT INTO items VALUES (\(1), \("duplicate"))",
                    "INSERT INTO items VALUES (\(3), \("three"))",
                ])
            }
        }
        #expect(error?.isUniqueViolation == true)
        // Outside a transaction the pipeline was one implicit transaction: the row before the failure is gone too.
        #expect(try await names(connection) == ["one"])
        let after = try await connection.withSession { session in try session.pipeline(["SELECT 1", "SELECT 2"]) }
        #expect(try after.map { try $0[0].decode(Int.self, at: 0) } == [1, 2])
    }

    @Test("a failure inside a transaction leaves it aborted, to be rolled back")
    func failureInsideATransaction() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let aborted = try await connection.withSession { session in
            try session.executeScript("BEGIN")
            _ = try? session.pipeline(["INSERT INTO items VALUES (\(1), \("one"))", "SELECT 1 / \(0)", "INSERT INTO items VALUES (\(2), \("two"))"])
            let aborted = session.isTransactionAborted
            try session.executeScript("ROLLBACK")
            return aborted
        }
        #expect(aborted)
        #expect(try await names(connection).isEmpty)
    }

    @Test("a connection lost in the middle of a pipeline fails it as a connection problem, without hanging")
    func connectionLostMidway() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in
                try session.pipeline([
                    "INSERT INTO items VALUES (\(1), \("one"))", "SELECT pg_terminate_backend(pg_backend_pid())",
                    "INSERT INTO items VALUES (\(2), \("two"))",
                ])
            }
        }
        #expect(error?.isConnectionProblem == true)
        #expect(connection.isBroken)
    }

    @Test("no statements and one statement need no pipeline")
    func shortPipelines() async throws {
        let connection = try await connectionWithItemsTable()
        defer { connection.close() }
        let answers = try await connection.withSession { session in
            (try session.pipeline([]), try session.pipeline(["SELECT \("only")::text"]))
        }
        #expect(answers.0.isEmpty)
        #expect(try answers.1.map { try $0[0].decode(String.self, at: 0) } == ["only"])
    }
}
