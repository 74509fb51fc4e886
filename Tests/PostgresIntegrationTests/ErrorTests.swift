import Postgres
import TestSupport
import Testing

@Suite("Errors")
struct ErrorTests {
    @Test("a unique violation carries SQLSTATE 23505, the constraint and the server message; the session stays usable")
    func uniqueViolation() async throws {
        let (error, after) = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("CREATE TEMP TABLE uniques (id int CONSTRAINT uniques_pk PRIMARY KEY) ON COMMIT DROP")
                try session.execute("INSERT INTO uniques VALUES (\(1))")
                try session.execute("SAVEPOINT before_duplicate")
                var caught: PostgresError?
                do {
                    try session.execute("INSERT INTO uniques VALUES (\(1))")
                } catch let error as PostgresError {
                    caught = error
                }
                try session.execute("ROLLBACK TO SAVEPOINT before_duplicate")
                return (caught, try session.query("SELECT count(*) FROM uniques")[0].decode(Int.self, at: 0))
            }
        }
        let unique = try #require(error)
        #expect(unique.code == .server)
        #expect(unique.sqlState == "23505")
        #expect(unique.isUniqueViolation)
        #expect(!unique.isConnectionProblem)
        #expect(unique.constraint == "uniques_pk")
        #expect(unique.tableName == "uniques")
        #expect(unique.message.contains("duplicate key value violates unique constraint"))
        #expect(unique.query == "INSERT INTO uniques VALUES ($1)")
        // The key value is in the detail, which only the debug description shows.
        #expect(unique.detail?.contains("(id)=(1)") == true)
        #expect(!unique.description.contains("(id)=(1)"))
        #expect(unique.debugDescription.contains("(id)=(1)"))
        #expect(unique.description.contains("23505"))
        #expect(after == 1)
    }

    @Test("a syntax error carries SQLSTATE 42601 and the connection stays usable for the next session")
    func syntaxError() async throws {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(connectionString: try await SharedTestDatabase.shared.databaseConnectionString()),
            logger: TestPostgres.logger
        )
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in try session.execute("SELEC 1") }
        }
        #expect(error?.sqlState == "42601")
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.query == "SELEC 1")
        #expect(!connection.isBroken)
        let one = try await connection.withSession { session in try session.query("SELECT 1")[0].decode(Int.self, at: 0) }
        #expect(one == 1)
    }

    @Test("errors inside a script report the failing statement's SQLSTATE")
    func scriptError() async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await SharedTestDatabase.session { session in
                try session.executeScript("SELECT 1; SELECT 1/0; SELECT 2")
            }
        }
        #expect(error?.sqlState == "22012")
    }

    @Test("connecting to a port where nothing listens fails with connectionFailed")
    func connectionRefused() async throws {
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                PostgresConfiguration(connectionString: "host=127.0.0.1 port=1 user=nobody dbname=none"),
                logger: TestPostgres.logger
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isConnectionProblem == true)
    }

    @Test("a wrong password fails with connectionFailed and the password appears nowhere in the error")
    func wrongPassword() async throws {
        let secret = "not-the-password-\(Int.random(in: 1000...9999))"
        var parameters = try PostgresConfiguration(connectionString: try await TestPostgres.cluster()).connectionParameters()
        parameters["password"] = secret
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                PostgresConfiguration(connectionString: PostgresConfiguration.connectionString(parameters: parameters)),
                logger: TestPostgres.logger
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("password authentication failed") == true)
        #expect(error.map { !$0.debugDescription.contains(secret) } == true)
    }

    @Test("a role that does not exist fails the connection at setup with the server's SQLSTATE")
    func badRole() async throws {
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                PostgresConfiguration(
                    connectionString: try await SharedTestDatabase.shared.databaseConnectionString(),
                    role: "no_such_role"
                ),
                logger: TestPostgres.logger
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.sqlState == "22023")
    }

    @Test("the statement timeout from the configuration applies to every session")
    func statementTimeout() async throws {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(
                connectionString: try await SharedTestDatabase.shared.databaseConnectionString(),
                statementTimeout: .milliseconds(100)
            ),
            logger: TestPostgres.logger
        )
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withSession { session in try session.execute("SELECT pg_sleep(5)") }
        }
        #expect(error?.sqlState == "57014")
    }
}
