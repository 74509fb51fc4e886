import Postgres
import TestSupport
import Testing

@Suite("COPY")
struct CopyTests {
    static let awkward = ["tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "\\N", "\\.", "ünïcødé 🎉", "", " ", "'\"", "a,b"]

    @Test("COPY of 10,000 rows with special characters reads back exactly")
    func copyTenThousand() async throws {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(connectionString: try await TestPostgres.freshDatabase()),
            logger: TestPostgres.logger
        )
        defer { connection.close() }
        let rows: [[String?]] = (0..<10_000).map { index in
            let text = Self.awkward[index % Self.awkward.count] + " #\(index)"
            return [String(index), text, index % 7 == 0 ? nil : Self.awkward[index % Self.awkward.count]]
        }
        let (copied, readBack) = try await connection.withSession { session in
            try session.executeScript("CREATE TABLE copied (id int PRIMARY KEY, label text NOT NULL, extra text)")
            let copied = try session.copyIn(table: "COPY copied (id, label, extra) FROM STDIN", rows: rows)
            let readBack = try session.query("SELECT id::text, label, extra FROM copied ORDER BY copied.id").map { row in
                [row[0], row[1], row[2]]
            }
            return (copied, readBack)
        }
        #expect(copied == 10_000)
        #expect(readBack.count == rows.count)
        #expect(readBack == rows)
    }

    @Test("rows bigger than a chunk in total stream in several pieces")
    func largeCopy() async throws {
        let connection = try await PostgresConnection.connect(
            PostgresConfiguration(connectionString: try await SharedTestDatabase.shared.databaseConnectionString()),
            logger: TestPostgres.logger
        )
        defer { connection.close() }
        let payload = String(repeating: "x\t", count: 50_000)  // ~150 KB escaped per row
        let (copied, total) = try await connection.withSession { session in
            try session.transaction { session in
                try session.execute("CREATE TEMP TABLE big (body text) ON COMMIT DROP")
                let copied = try session.copyIn(table: "COPY big (body) FROM STDIN", rows: (0..<20).lazy.map { _ in [payload] })
                let total = try session.query("SELECT sum(length(body)) FROM big")[0].decode(Int.self, at: 0)
                return (copied, total)
            }
        }
        #expect(copied == 20)
        #expect(total == 20 * payload.count)
    }

    @Test("bad COPY data fails with the server's SQLSTATE and the session stays usable")
    func badData() async throws {
        let (error, after) = try await SharedTestDatabase.session { session in
            try session.execute("CREATE TEMP TABLE IF NOT EXISTS numbers (n int)")
            var caught: PostgresError?
            do {
                _ = try session.copyIn(table: "COPY numbers (n) FROM STDIN", rows: [["1"], ["not a number"]])
            } catch let error as PostgresError {
                caught = error
            }
            let after = try session.query("SELECT count(*) FROM numbers")[0].decode(Int.self, at: 0)
            try session.execute("DROP TABLE numbers")
            return (caught, after)
        }
        #expect(error?.sqlState == "22P02")
        #expect(after == 0)
    }

    @Test("COPY FROM STDIN through query() is refused without wedging the connection")
    func copyThroughQuery() async throws {
        let (code, after) = try await SharedTestDatabase.session { session in
            try session.execute("CREATE TEMP TABLE IF NOT EXISTS sink (n int)")
            var code: PostgresError.Code?
            do {
                try session.execute("COPY sink FROM STDIN")
            } catch let error as PostgresError {
                code = error.code
            }
            let after = try session.query("SELECT 1")[0].decode(Int.self, at: 0)
            try session.execute("DROP TABLE sink")
            return (code, after)
        }
        #expect(code == .protocolViolation)
        #expect(after == 1)
    }
}
