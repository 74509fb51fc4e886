import EventLog
import Foundation
import Postgres
import TestSupport
import Testing

/// The `modelreg` executable itself, run against a test database: what an operator would type.
@Suite("modelreg verify and replay --check on the command line")
struct VerifyCommandTests {
    static var executable: String { ModelregExecutable.path }

    /// Runs `modelreg` with `arguments` and returns its exit status and standard output.
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        let result = try await ModelregExecutable.run(arguments)
        return (result.status, result.output)
    }

    @Test("verify reports ok, then the exact position of a payload altered behind the triggers' back")
    func verifyFindsTampering() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the executable first (swift build)")
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        for index in 0..<12 {
            _ = try await log.append(AppendRequest(stream: "s", expectedVersion: .any, actor: "a", events: [AppendTests.event("e\(index)")]))
        }
        await pool.close()
        let url = database.ownerConfiguration.connectionString

        let (okStatus, okOutput) = try await Self.run(["verify", "--database-url", url, "--json"])
        #expect(okStatus == 0)
        let ok = try #require(try JSONSerialization.jsonObject(with: Data(okOutput.utf8)) as? [String: Any])
        #expect(ok["ok"] as? Bool == true)
        #expect((ok["ledger"] as? [String: Any])?["last_position"] as? Int == 12)

        try await database.asOwner { session in
            try session.execute("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only")
            try session.execute(#"UPDATE ledger_events SET data = '{"value":"e8, quietly edited"}' WHERE position = 9"#)
            try session.execute("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only")
        }
        let (badStatus, badOutput) = try await Self.run(["verify", "--database-url", url, "--json"])
        #expect(badStatus != 0)
        let bad = try #require(try JSONSerialization.jsonObject(with: Data(badOutput.utf8)) as? [String: Any])
        #expect(bad["ok"] as? Bool == false)
        let ledger = try #require(bad["ledger"] as? [String: Any])
        #expect(ledger["bad_position"] as? Int == 9)
        #expect(ledger["problem"] as? String == "altered_event")

        let (checkStatus, checkOutput) = try await Self.run(["replay", "--check", "--database-url", url, "--json"])
        #expect(checkStatus == 0)
        #expect(checkOutput.contains("\"differences\":[]"))
    }
}
