import EventLog
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("the ledger cannot be changed, and changes made anyway are found")
struct ImmutabilityTests {
    static func seeded(_ count: Int) async throws -> (MigratedDatabase, PostgresConnectionPool, PostgresEventLog) {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        for index in 0..<count {
            _ = try await log.append(
                AppendRequest(stream: "s-\(index % 3)", expectedVersion: .any, actor: "a", events: [AppendTests.event("event \(index)")]))
        }
        return (database, pool, log)
    }

    static let statements: [String] = [
        "UPDATE ledger_events SET actor = 'mallory' WHERE position = 2",
        "DELETE FROM ledger_events WHERE position = 2",
        "TRUNCATE ledger_events",
    ]

    @Test("UPDATE, DELETE and TRUNCATE are refused even for the superuser", arguments: statements)
    func refusedForSuperuser(_ statement: String) async throws {
        let (database, pool, log) = try await Self.seeded(3)
        let error = await #expect(throws: PostgresError.self) {
            try await database.asOwner { session in try session.execute(SQLQuery(unsafeSQL: statement)) }
        }
        #expect(error?.sqlState == "MR010")
        #expect(try await log.verify().checked == 3)
        await pool.close()
    }

    @Test(
        "the application role may not UPDATE, DELETE, TRUNCATE or INSERT directly",
        arguments: statements + [
            "INSERT INTO ledger_events SELECT * FROM ledger_events WHERE position = 1"
        ])
    func refusedForApplication(_ statement: String) async throws {
        let (_, pool, log) = try await Self.seeded(3)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withSession { session in try session.execute(SQLQuery(unsafeSQL: statement)) }
        }
        #expect(error?.sqlState == "42501")
        #expect(try await log.verify().checked == 3)
        await pool.close()
    }

    @Test("a payload altered by a superuser with the trigger disabled is reported at its exact position")
    func alteredPayload() async throws {
        let (database, pool, log) = try await Self.seeded(10)
        try await database.asOwner { session in
            try session.execute("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only")
            try session.execute(#"UPDATE ledger_events SET data = '{"value":"event 6 (edited)"}' WHERE position = 7"#)
            try session.execute("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only")
        }
        let report = try await log.verify()
        #expect(!report.ok)
        #expect(report.badPosition == 7)
        #expect(report.problem == .alteredEvent)
        #expect(report.lastPosition == 6)
        await pool.close()
    }

    @Test("a deleted event is reported as a missing position")
    func deletedEvent() async throws {
        let (database, pool, log) = try await Self.seeded(10)
        try await database.asOwner { session in
            try session.execute("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only")
            try session.execute("DELETE FROM ledger_events WHERE position = 4")
            try session.execute("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only")
        }
        let report = try await log.verify()
        #expect(report.badPosition == 4)
        #expect(report.problem == .missingPosition)
        await pool.close()
    }

    @Test("a chain rewritten from an edit onwards still breaks against the recorded head")
    func rewrittenTail() async throws {
        let (database, pool, log) = try await Self.seeded(5)
        // Recompute the last event's hash consistently after editing it: the link holds, the head does not.
        try await database.asOwner { session in
            try session.execute("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only")
            try session.execute(
                """
                UPDATE ledger_events SET actor = 'mallory',
                    hash = ledger_event_hash(prev_hash, position, event_id, stream, stream_version, type, recorded_at, effective_at,
                                             'mallory', data::text, metadata::text)
                WHERE position = 5
                """)
            try session.execute("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only")
        }
        let report = try await log.verify()
        #expect(report.problem == .headMismatch)
        await pool.close()
    }

    @Test("the Swift hash equals the database's ledger_event_hash for every event")
    func hashLayoutAgrees() async throws {
        let (_, pool, log) = try await Self.seeded(12)
        let events = try await log.read(afterPosition: 0, limit: 100)
        var previous = EventHash.genesis
        for event in events {
            #expect(event.prevHash == previous)
            #expect(EventHash.compute(prevHash: previous, event: event) == event.hash)
            previous = event.hash
        }
        await pool.close()
    }
}
