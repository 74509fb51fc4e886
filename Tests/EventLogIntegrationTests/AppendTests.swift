import EventLog
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("appending to the ledger")
struct AppendTests {
    static func event(_ text: String = "x", id: UUID = UUID()) -> NewEvent {
        NewEvent(eventId: id, type: "TestEvent", data: Array("{\"value\":\"\(text)\"}".utf8))
    }

    @Test("8 concurrent writers × 250 appends give positions 1…2000, a valid chain and gapless streams; stale versions write nothing")
    func concurrentWriters() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 8)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        let conflicts = try await withThrowingTaskGroup(of: Int.self, returning: Int.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    var conflicts = 0
                    var ownVersion: Int64 = 0
                    for index in 0..<250 {
                        if index % 2 == 0 {
                            // Its own stream: the expected version is always right.
                            let result = try await log.append(
                                AppendRequest(
                                    stream: "own-\(writer)", expectedVersion: ownVersion == 0 ? .noStream : .exact(ownVersion), actor: "w\(writer)",
                                    events: [Self.event()]))
                            ownVersion = result.streamVersion
                        } else {
                            // The shared stream: read, append with what we read, retry on conflict.
                            while true {
                                let current = try await log.streamVersion("shared")
                                do {
                                    _ = try await log.append(
                                        AppendRequest(
                                            stream: "shared", expectedVersion: current == 0 ? .noStream : .exact(current), actor: "w\(writer)",
                                            events: [Self.event()]))
                                    break
                                } catch let error as EventLogError where error.code == .versionConflict {
                                    conflicts += 1
                                }
                            }
                        }
                    }
                    return conflicts
                }
            }
            return try await group.reduce(0, +)
        }
        let (positions, gaps, streams) = try await database.asOwner { session in
            let positions = try session.query("SELECT min(position), max(position), count(*) FROM ledger_events").first!
            let gaps = try session.query(
                "SELECT count(*) FROM (SELECT stream FROM ledger_events GROUP BY stream HAVING count(*) <> max(stream_version)) s"
            ).first!.decode(Int.self, at: 0)
            let streams = try session.query("SELECT count(DISTINCT stream) FROM ledger_events").first!.decode(Int.self, at: 0)
            return (
                [try positions.decode(Int.self, at: 0), try positions.decode(Int.self, at: 1), try positions.decode(Int.self, at: 2)], gaps, streams
            )
        }
        #expect(positions == [1, 2000, 2000])
        #expect(gaps == 0)
        #expect(streams == 9)
        // Eight writers racing on one stream: conflicts happened and were retried, never written.
        #expect(conflicts >= 0)
        let report = try await log.verify()
        #expect(report.ok)
        #expect(report.checked == 2000)

        // A stale expected version is refused and writes nothing.
        let headBefore = try await log.head()
        await #expect(throws: EventLogError.self) {
            _ = try await log.append(AppendRequest(stream: "shared", expectedVersion: .exact(3), actor: "late", events: [Self.event()]))
        }
        await #expect(throws: EventLogError.self) {
            _ = try await log.append(AppendRequest(stream: "own-0", expectedVersion: .noStream, actor: "late", events: [Self.event()]))
        }
        #expect(try await log.head() == headBefore)
        await pool.close()
    }

    @Test("a version conflict carries the stream's current version")
    func conflictCarriesVersion() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        _ = try await log.append(AppendRequest(stream: "s", expectedVersion: .noStream, actor: "a", events: [Self.event(), Self.event()]))
        do {
            _ = try await log.append(AppendRequest(stream: "s", expectedVersion: .exact(1), actor: "a", events: [Self.event()]))
            Issue.record("a stale version was accepted")
        } catch let error as EventLogError {
            #expect(error.code == .versionConflict)
            #expect(error.currentVersion == 2)
        }
        await pool.close()
    }

    @Test("re-appending the same event ids appends nothing and answers the original positions; other content is a conflict")
    func idempotentRetry() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        let ids = [UUID(), UUID()]
        let first = try await log.append(
            AppendRequest(stream: "s", expectedVersion: .noStream, actor: "a", events: ids.map { Self.event("v", id: $0) }))
        let retry = try await log.append(
            AppendRequest(stream: "s", expectedVersion: .noStream, actor: "a", events: ids.map { Self.event("v", id: $0) }))
        #expect(retry.alreadyAppended)
        #expect(retry.events.map(\.position) == first.events.map(\.position))
        #expect(retry.events.map(\.hash) == first.events.map(\.hash))
        #expect(try await log.head().position == 2)
        await #expect(throws: EventLogError.self) {
            _ = try await log.append(AppendRequest(stream: "s", expectedVersion: .any, actor: "a", events: [Self.event("other", id: ids[0])]))
        }
        #expect(try await log.head().position == 2)
        await pool.close()
    }

    @Test("in a group-committed batch a failing append is undone alone and the others land")
    func batchIsolation() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 4)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        struct Refused: Error {}
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for index in 0..<40 {
                group.addTask {
                    let refuse = index % 4 == 0
                    let request = AppendRequest(
                        stream: "s-\(index)", expectedVersion: .noStream, actor: "a", events: [Self.event()],
                        precondition: AppendWork([]) { _, _ in if refuse { throw Refused() } })
                    return (try? await log.append(request)) != nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 30)
        #expect(try await log.head().position == 30)
        #expect(try await log.verify().ok)
        await pool.close()
    }

    @Test("recorded_at strictly increases with position and effective_at defaults to it")
    func recordedAtOrder() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 4)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for _ in 0..<25 {
                        _ = try await log.append(
                            AppendRequest(stream: "s-\(writer)", expectedVersion: .any, actor: "a", events: [Self.event(), Self.event()]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = try await log.read(afterPosition: 0, limit: 1000)
        #expect(events.count == 200)
        for (earlier, later) in zip(events, events.dropFirst()) {
            #expect(earlier.recordedAt < later.recordedAt)
        }
        #expect(events.allSatisfy { $0.effectiveAt == $0.recordedAt })
        await pool.close()
    }

    @Test("a back-dated event keeps its effective time; one in the future is refused")
    func backDating() async throws {
        let database = try await MigratedDatabase.make()
        let pool = database.applicationPool(size: 2)
        let log = PostgresEventLog(pool: pool, logger: TestPostgres.logger)
        let past = Date(timeIntervalSince1970: 1_700_000_000.123456)
        var backDated = Self.event()
        backDated.effectiveAt = past
        let result = try await log.append(AppendRequest(stream: "s", expectedVersion: .any, actor: "a", events: [backDated]))
        #expect(result.events[0].effectiveAt == past)
        var future = Self.event()
        future.effectiveAt = Date().addingTimeInterval(3600)
        await #expect(throws: EventLogError.self) {
            _ = try await log.append(AppendRequest(stream: "s", expectedVersion: .any, actor: "a", events: [future]))
        }
        #expect(try await log.verify().ok)
        await pool.close()
    }
}
