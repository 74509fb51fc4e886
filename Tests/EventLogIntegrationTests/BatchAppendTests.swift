import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

@testable import EventLog

/// Group commit's one-statement path: many appends in one `ledger_append_batch` call, each answered alone.
@Suite("appending a batch in one statement")
struct BatchAppendTests {
    static func event(_ text: String = "x", id: UUID = UUID(), effectiveAt: Date? = nil) -> NewEvent {
        NewEvent(eventId: id, type: "TestEvent", data: Array("{\"value\":\"\(text)\"}".utf8), effectiveAt: effectiveAt)
    }

    @Test("each append of one call is written, refused or replayed on its own, versions counting earlier appends of the call")
    func answersEachAppend() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 1)
        let first = [Self.event("a"), Self.event("b")]
        let other = Self.event("c")
        let results = try await pool.withSession { session in
            try BatchWriter.appendBatch(
                [
                    AppendRequest(stream: "s1", expectedVersion: .noStream, actor: "a", events: first),
                    AppendRequest(stream: "s2", expectedVersion: .any, actor: "a", events: [other]),
                    AppendRequest(stream: "s1", expectedVersion: .exact(1), actor: "a", events: [Self.event()]),
                    AppendRequest(stream: "s1", expectedVersion: .exact(2), actor: "a", events: [Self.event("d")]),
                    AppendRequest(
                        stream: "s3", expectedVersion: .any, actor: "a", events: [Self.event(effectiveAt: Date().addingTimeInterval(3600))]),
                ], in: session)
        }
        let written = try results[0].get().events
        #expect(written.map(\.position) == [1, 2])
        #expect(written.map(\.streamVersion) == [1, 2])
        #expect(written.map(\.eventId) == first.map(\.eventId))
        #expect(try results[1].get().events.map(\.position) == [3])
        #expect((results[2].failure as? EventLogError)?.code == .versionConflict)
        #expect((results[2].failure as? EventLogError)?.currentVersion == 2)
        #expect(try results[3].get().events.map { [$0.position, $0.streamVersion] } == [[4, 3]])
        #expect((results[4].failure as? EventLogError)?.code == .effectiveInFuture)

        // Again: the first append is a retry (answered with what was written), the second reuses an id for other content.
        let again = try await pool.withSession { session in
            try BatchWriter.appendBatch(
                [
                    AppendRequest(stream: "s1", expectedVersion: .noStream, actor: "a", events: first),
                    AppendRequest(stream: "s2", expectedVersion: .any, actor: "a", events: [Self.event("other content", id: other.eventId)]),
                    AppendRequest(stream: "s4", expectedVersion: .noStream, actor: "a", events: [Self.event()]),
                ], in: session)
        }
        let replay = try again[0].get()
        #expect(replay.alreadyAppended)
        #expect(replay.events == written)
        #expect((again[1].failure as? EventLogError)?.code == .idempotencyConflict)
        #expect(try again[2].get().events.map(\.position) == [5])

        try await expectLedger(pool, head: 5)
        await pool.close()
    }

    @Test("a batch the statement refuses as a whole is appended one by one: only the bad append fails, a retry within the batch replays")
    func fallsBackOneByOne() async throws {
        try await withBatchWriter { writer, pool in
            let good = Self.event("good")
            let results = await writer.write([
                AppendRequest(stream: "s1", expectedVersion: .noStream, actor: "a", events: [good]),
                AppendRequest(
                    stream: "s2", expectedVersion: .noStream, actor: "a", events: [NewEvent(type: "TestEvent", data: Array("{not json".utf8))]),
                AppendRequest(stream: "s3", expectedVersion: .noStream, actor: "a", events: [Self.event("also good")]),
                // The same append again (a client's retry arriving in the same batch): one event id twice in the statement.
                AppendRequest(stream: "s1", expectedVersion: .noStream, actor: "a", events: [good]),
            ])
            #expect(try results[0].get().events.map(\.position) == [1])
            #expect((results[1].failure as? PostgresError)?.sqlState == "22P02")
            #expect(try results[2].get().events.map(\.position) == [2])
            #expect(try results[3].get().alreadyAppended)
            #expect(try results[3].get().events.map(\.position) == [1])
            try await expectLedger(pool, head: 2)
        }
    }
}

/// Group commit's transaction path: appends with work of their own (checks before, projections after).
@Suite("appending a batch with work of its own")
struct TransactionBatchTests {
    struct Refused: Error {}

    /// Records the calls of an append's check before it and its work after it, in order.
    final class Calls: Sendable {
        private let entries = Mutex([String]())
        func record(_ entry: String) { entries.withLock { $0.append(entry) } }
        var log: [String] { entries.withLock { $0 } }
        /// How many times an append's work ran.
        var value: Int { log.count { $0.hasPrefix("work") } }
    }

    /// `independent`: the append's work cannot change another append's check (the batch may check them all first).
    static func request(
        _ stream: String, expected: ExpectedVersion = .noStream, refuse: Bool = false, failCheck: String? = nil, failAfter: String? = nil,
        calls: Calls? = nil, independent: Bool = false
    ) -> AppendRequest {
        AppendRequest(
            stream: stream, expectedVersion: expected, actor: "a", events: [BatchAppendTests.event(stream)],
            precondition: AppendWork(["SELECT \(literalSQL: failCheck ?? "1")"]) { _, _ in
                calls?.record("check \(stream)")
                if refuse { throw Refused() }
            },
            afterAppend: { _ in
                AppendWork(failAfter.map { ["SELECT \(literalSQL: $0)"] } ?? []) { _, _ in calls?.record("work \(stream)") }
            }, mayChangePreconditions: !independent)
    }

    @Test(
        "refusals before anything is written leave the batch's transaction going: no savepoints, each append's work runs once",
        arguments: [false, true])
    func refusalsNeedNoSavepoints(independent: Bool) async throws {
        try await withBatchWriter { writer, pool in
            let calls = Calls()
            let results = await writer.write([
                Self.request("s1", calls: calls, independent: independent),
                Self.request("s2", refuse: true, calls: calls, independent: independent),
                Self.request("s3", expected: .exact(5), calls: calls, independent: independent),
                Self.request("s4", calls: calls, independent: independent),
            ])
            #expect(try results[0].get().events.map(\.position) == [1])
            #expect(results[1].failure is Refused)
            #expect((results[2].failure as? EventLogError)?.code == .versionConflict)
            #expect(try results[3].get().events.map(\.position) == [2])
            #expect(calls.value == 2)
            try await expectLedger(pool, head: 2)
        }
    }

    @Test("work after an append that fails undoes that append alone: the batch is written again with savepoints", arguments: [false, true])
    func failureAfterAppendIsUndoneAlone(independent: Bool) async throws {
        try await withBatchWriter { writer, pool in
            let calls = Calls()
            let results = await writer.write([
                Self.request("s1", calls: calls, independent: independent),
                Self.request("s2", failAfter: "1/0", independent: independent),
                Self.request("s3", refuse: true, independent: independent),
                Self.request("s4", calls: calls, independent: independent),
            ])
            #expect(try results[0].get().events.map(\.position) == [1])
            #expect((results[1].failure as? PostgresError)?.sqlState == "22012")
            #expect(results[2].failure is Refused)
            #expect(try results[3].get().events.map(\.position) == [2])
            // One after the other, s1's work ran before s2's failed, and again with savepoints, with s4's. In phases,
            // every work's statements run before any is answered: s2's failure came first.
            #expect(calls.value == (independent ? 2 : 3))
            try await expectLedger(pool, head: 2)
            #expect(
                try await PostgresEventLog(pool: pool, logger: TestPostgres.logger).read(afterPosition: 0, limit: 10).map(\.stream) == ["s1", "s4"])
        }
    }

    @Test("independent appends are all checked first, then written in one statement, then each one's work runs in order")
    func independentAppendsAreWrittenInPhases() async throws {
        try await withBatchWriter { writer, pool in
            let calls = Calls()
            let results = await writer.write(["s1", "s2", "s3"].map { Self.request($0, calls: calls, independent: true) })
            #expect(try results.map { try $0.get().events.map(\.position) } == [[1], [2], [3]])
            #expect(calls.log == ["check s1", "check s2", "check s3", "work s1", "work s2", "work s3"])
            try await expectLedger(pool, head: 3)
        }
    }

    @Test("in phases, the statements of every append's work run before any of their answers is handled")
    func workStatementsGoTogether() async throws {
        try await withBatchWriter { writer, pool in
            let seen = Calls()
            let requests = ["s1", "s2", "s3"].map { stream in
                AppendRequest(
                    stream: stream, expectedVersion: .noStream, actor: "a", events: [BatchAppendTests.event(stream)],
                    precondition: AppendWork(["CREATE TEMPORARY TABLE IF NOT EXISTS seen (stream text) ON COMMIT DROP"]),
                    afterAppend: { _ in
                        AppendWork(["INSERT INTO seen VALUES (\(stream))"]) { _, session in
                            seen.record("\(stream) sees \(try session.query("SELECT count(*) FROM seen")[0].decode(Int.self, at: 0))")
                        }
                    }, mayChangePreconditions: false)
            }
            let results = await writer.write(requests)
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(seen.log == ["s1 sees 3", "s2 sees 3", "s3 sees 3"])
            try await expectLedger(pool, head: 3)
        }
    }

    @Test("a check whose statement fails fails its append alone, in phases or not", arguments: [false, true])
    func failedCheckFailsItsAppendAlone(independent: Bool) async throws {
        try await withBatchWriter { writer, pool in
            let results = await writer.write([
                Self.request("s1", independent: independent), Self.request("s2", failCheck: "1/0", independent: independent),
                Self.request("s3", independent: independent),
            ])
            #expect(try results[0].get().events.map(\.position) == [1])
            #expect((results[1].failure as? PostgresError)?.sqlState == "22012")
            #expect(try results[2].get().events.map(\.position) == [2])
            try await expectLedger(pool, head: 2)
        }
    }

    @Test("an append whose work can change a later check (a principal's, say) is followed by that check, not preceded")
    func workThatChangesChecksRunsBeforeLaterChecks() async throws {
        try await withBatchWriter { writer, pool in
            let calls = Calls()
            _ = await writer.write([
                Self.request("s1", calls: calls, independent: true),
                Self.request("s2", calls: calls, independent: false),
                Self.request("s3", calls: calls, independent: true),
            ])
            #expect(calls.log == ["check s1", "work s1", "check s2", "work s2", "check s3", "work s3"])
            // Last in its batch, such an append changes no check that follows: the batch is written in phases.
            let last = Calls()
            _ = await writer.write([
                Self.request("t1", calls: last, independent: true), Self.request("t2", calls: last, independent: false),
            ])
            #expect(last.log == ["check t1", "check t2", "work t1", "work t2"])
            try await expectLedger(pool, head: 5)
        }
    }

    @Test("a batch of one that fails after its append is rolled back, not committed")
    func singleFailureRollsBack() async throws {
        try await withBatchWriter { writer, pool in
            let results = await writer.write([Self.request("s1", failAfter: "1/0")])
            #expect((results[0].failure as? PostgresError)?.sqlState == "22012")
            let head = try await PostgresEventLog(pool: pool, logger: TestPostgres.logger).head()
            #expect(head.position == 0)
        }
    }
}

/// A batch writer on a fresh database, with the pool it writes through (closed afterwards).
func withBatchWriter(_ body: (BatchWriter, PostgresConnectionPool) async throws -> Void) async throws {
    let database = try await MigratedDatabase.make()
    let pool = database.applicationPool(size: 2)
    do {
        try await body(BatchWriter(pool: pool, logger: TestPostgres.logger), pool)
    } catch {
        await pool.close()
        throw error
    }
    await pool.close()
}

/// The ledger after a test's batches: where its head is, and that its chain verifies.
func expectLedger(_ pool: PostgresConnectionPool, head: Int64) async throws {
    let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
    #expect(try await log.head().position == head)
    #expect(try await log.verify().ok)
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
