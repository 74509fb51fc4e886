import Foundation
import Logging
import Postgres

/// Writes a batch of appends with one commit.
///
/// Appends that need nothing else in their transaction go to `ledger_append_batch` as one autocommit statement: one
/// round trip and one commit for the whole batch, with a refused append (stale expected version, …) answered alone
/// while the others land. Appends with work of their own (an authorisation check before, projections after) share one
/// transaction (see `writeInTransaction`).
struct BatchWriter: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger

    func write(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>] {
        guard requests.allSatisfy({ $0.precondition == nil && $0.afterAppend == nil }) else {
            return await writeInTransaction(requests, savepointsFromTheStart: false)
        }
        if let results = await writeInOneStatement(requests) { return results }
        // An append of the batch fails however it is written: only savepoints can leave it out alone.
        return await writeInTransaction(requests, savepointsFromTheStart: true)
    }

    /// The batch as one statement, or nil when the statement failed as a whole and wrote nothing (a payload that is
    /// not JSON, one event id twice in the batch): the transaction path with savepoints then finds the append that
    /// caused it.
    private func writeInOneStatement(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>]? {
        do {
            return try await pool.withSession(priority: .batch) { session in try Self.appendBatch(requests, in: session) }
        } catch let error as PostgresError where error.code == .server && !error.isTimeout && !error.isConnectionProblem {
            logger.debug("append batch refused as a whole; appending one by one", metadata: ["batch.size": "\(requests.count)", "error": "\(error)"])
            return nil
        } catch {
            return Self.failAll(requests, error, logger: logger)
        }
    }

    /// Appends with work of their own, one after the other in one transaction. A refusal — of the append (stale
    /// version, …) or by its precondition — writes nothing, so the batch goes on without it. Only a statement that
    /// fails (aborting the transaction) or work after an append that fails (the append must be undone) needs more:
    /// the batch is then written again from the start with each append inside its own savepoint, undone alone. The
    /// savepoints cost a round trip per append while the batch holds the head lock, so they are taken only then —
    /// or at once, `savepointsFromTheStart`, when a failing append is already known to be in the batch.
    private func writeInTransaction(_ requests: [AppendRequest], savepointsFromTheStart: Bool) async -> [Result<AppendResult, any Error>] {
        do {
            if !savepointsFromTheStart {
                let firstTry = try await pool.withSession(priority: .batch) { session in
                    Self.canWriteInPhases(requests)
                        ? try Self.writeInPhases(requests, in: session)
                        : try Self.writeInOneTransaction(requests, in: session, savepoints: false)
                }
                if let results = firstTry { return results }
                logger.debug("an append of the batch failed; writing the batch again with savepoints", metadata: ["batch.size": "\(requests.count)"])
            }
            return try await pool.withSession(priority: .batch) { session in
                try Self.writeInOneTransaction(requests, in: session, savepoints: true) ?? []
            }
        } catch {
            return Self.failAll(requests, error, logger: logger)
        }
    }

    /// The batch in one transaction, or nil (rolled back, nothing written) when an append failed in a way only a
    /// savepoint could undo and `savepoints` is false. A batch of one needs no savepoint: its failure is its own.
    private static func writeInOneTransaction(_ requests: [AppendRequest], in session: PostgresSession, savepoints: Bool) throws
        -> [Result<AppendResult, any Error>]?
    {
        // The head lock is taken once, for the whole batch, before the first savepoint: taken inside each append's
        // savepoint, a lock held elsewhere made every append of the batch wait out its own statement timeout in
        // turn, and a rolled-back savepoint gave the lock up mid-batch. Savepoint commands share a round trip with
        // their neighbours: every round trip here is made while the batch holds the lock.
        try session.executeScript(savepoints ? "BEGIN; SELECT ledger_lock_head(); SAVEPOINT append" : "BEGIN; SELECT ledger_lock_head()")
        var results: [Result<AppendResult, any Error>] = []
        results.reserveCapacity(requests.count)
        do {
            for (index, request) in requests.enumerated() {
                if savepoints && index > 0 { try session.executeScript("RELEASE SAVEPOINT append; SAVEPOINT append") }
                switch write(request, in: session) {
                case .done(let result):
                    results.append(result)
                case .failedInTransaction(let error):
                    if savepoints {
                        try session.executeScript("ROLLBACK TO SAVEPOINT append")
                        results.append(.failure(error))
                    } else {
                        try session.executeScript("ROLLBACK")
                        return requests.count > 1 ? nil : [.failure(error)]
                    }
                }
            }
            try session.commit()
        } catch {
            // The commit (or a savepoint command) failed: nothing in this batch is durable.
            if !session.isBroken { _ = try? session.execute("ROLLBACK") }
            throw error
        }
        return results
    }

    /// Whether every precondition of the batch may be checked before any append's work: no append but the last can
    /// change what a later precondition decides. A batch of one always can.
    private static func canWriteInPhases(_ requests: [AppendRequest]) -> Bool {
        !requests.dropLast().contains(where: \.mayChangePreconditions)
    }

    /// The batch in one transaction and in three phases: every precondition, then the accepted appends in one
    /// `ledger_append_batch` statement, then each written append's work. Every round trip here is made while the
    /// batch holds the head lock, so each phase is one: BEGIN, the lock and every precondition's statements are sent
    /// together (the checks run after the lock was granted), and so are the statements of every append's work. Nil
    /// (rolled back, nothing written) when a statement failed or an append's work did: the batch is then written
    /// again with savepoints, which finds the culprit. A batch of one needs no second try: the failure is its own.
    private static func writeInPhases(_ requests: [AppendRequest], in session: PostgresSession) throws -> [Result<AppendResult, any Error>]? {
        // Each append's answer: a refusal after the checks, the append's own answer after the statement.
        var results = [Result<AppendResult, any Error>?](repeating: nil, count: requests.count)
        let checks = requests.map { $0.precondition ?? AppendWork([]) }
        let lockAndChecks: [SQLQuery] = ["BEGIN", "SELECT ledger_lock_head()"]
        let answers: ArraySlice<PostgresRows>
        do {
            answers = try session.pipeline(lockAndChecks + checks.flatMap(\.statements))[lockAndChecks.count...]
        } catch let error as PostgresError where error.isTimeout || session.isBroken {
            // Kept waiting a whole statement timeout, for the head lock or by a check's statement (or the connection
            // went): written again, the batch would only wait again. It fails as it is (see GroupCommitter).
            if !session.isBroken { _ = try? session.execute("ROLLBACK") }
            throw error
        } catch {
            try session.execute("ROLLBACK")
            return failedAlone(requests, error)
        }
        do {
            for (index, (check, own)) in zip(checks, AppendWork.split(answers, among: checks)).enumerated() {
                do {
                    try check.answered?(own, session)
                } catch let error as PostgresError {
                    throw error
                } catch {
                    // Refused with nothing written, unless the refusing code had caught a statement error of its own.
                    if session.isTransactionAborted { throw error }
                    results[index] = .failure(error)
                }
            }
            let accepted = requests.indices.filter { results[$0] == nil }
            var works: [AppendWork] = []
            if !accepted.isEmpty {
                for (index, result) in zip(accepted, try appendBatch(accepted.map { requests[$0] }, in: session)) {
                    results[index] = result
                    if case .success(let written) = result, !written.alreadyAppended, let work = try requests[index].afterAppend?(written) {
                        works.append(work)
                    }
                }
            }
            let workAnswers = try session.pipeline(works.flatMap(\.statements))
            for (work, own) in zip(works, AppendWork.split(workAnswers, among: works)) { try work.answered?(own, session) }
        } catch {
            // A statement failed (the transaction is aborted) or an append's work did (its append must be undone).
            if session.isBroken { throw error }
            try session.execute("ROLLBACK")
            return failedAlone(requests, error)
        }
        do {
            try session.commit()
        } catch {
            if !session.isBroken { _ = try? session.execute("ROLLBACK") }
            throw error
        }
        return results.enumerated().map { index, result in
            result ?? .failure(EventLogError(.corruptEvent, "append \(index + 1) of the batch went unanswered"))
        }
    }

    /// A batch of one's answer to its failure; nil for a larger batch, which is written again with savepoints to find
    /// the append that failed.
    private static func failedAlone(_ requests: [AppendRequest], _ error: any Error) -> [Result<AppendResult, any Error>]? {
        requests.count == 1 ? [.failure((error as? PostgresError).flatMap(EventLogError.from) ?? error)] : nil
    }

    private enum Outcome {
        /// Written, or refused with nothing written.
        case done(Result<AppendResult, any Error>)
        /// Failed after writing or with the transaction aborted: only a rollback undoes it.
        case failedInTransaction(any Error)
    }

    private static func write(_ request: AppendRequest, in session: PostgresSession) -> Outcome {
        var appended = false
        do {
            try request.precondition?.perform(in: session)
            let result = try appendEvents(request, in: session)
            appended = true
            if !result.alreadyAppended { try request.afterAppend?(result).perform(in: session) }
            return .done(.success(result))
        } catch let error as PostgresError {
            return .failedInTransaction(EventLogError.from(error) ?? error)
        } catch {
            // A refusal before anything was written leaves the transaction as it was — unless the refusing code had
            // caught a statement error of its own, which aborted the transaction all the same.
            return appended || session.isTransactionAborted ? .failedInTransaction(error) : .done(.failure(error))
        }
    }

    private static func failAll(_ requests: [AppendRequest], _ error: any Error, logger: Logger) -> [Result<AppendResult, any Error>] {
        logger.warning("append batch failed", metadata: ["batch.size": "\(requests.count)", "error": "\(error)"])
        let failure = (error as? PostgresError).flatMap(EventLogError.from) as (any Error)? ?? error
        return requests.map { _ in .failure(failure) }
    }

    /// One append, in the caller's transaction; a refusal is thrown.
    static func appendEvents(_ request: AppendRequest, in session: PostgresSession) throws -> AppendResult {
        try appendBatch([request], in: session)[0].get()
    }

    /// Appends in one `ledger_append_batch` call; each append gets its events as written or its refusal.
    static func appendBatch(_ requests: [AppendRequest], in session: PostgresSession) throws -> [Result<AppendResult, any Error>] {
        let events = requests.flatMap(\.events)
        let effective = events.map { $0.effectiveAt.map(Self.timestampText) ?? "" }
        let data = events.map { String(decoding: $0.data, as: UTF8.self) }
        let metadata = events.map { String(decoding: $0.metadata, as: UTF8.self) }
        let rows = try session.query(
            """
            SELECT out_append, out_error, out_message, out_detail, out_position, out_stream_version, out_recorded_at,
                   out_effective_at, out_prev_hash, out_hash, out_already_appended
            FROM ledger_append_batch(\(requests.map(\.stream))::text[], \(requests.map(\.expectedVersion.sqlValue))::bigint[],
                                     \(requests.map(\.actor))::text[], \(requests.map { Int32($0.events.count) })::int[],
                                     \(events.map(\.eventId))::uuid[], \(events.map(\.type))::text[],
                                     array_replace(\(effective)::text[], '', NULL)::timestamptz[], \(data)::text[], \(metadata)::text[])
            """)
        var written = Array(repeating: [RecordedEvent](), count: requests.count)
        var refusals: [Int: EventLogError] = [:]
        var replayedPositions: [Int: [Int64]] = [:]
        for row in rows {
            let index = Int(try row.decode(Int32.self, at: 0)) - 1
            guard requests.indices.contains(index) else {
                throw EventLogError(.corruptEvent, "ledger_append_batch answered for append \(index + 1) of \(requests.count)")
            }
            if let code = try row.decode(String?.self, at: 1) {
                refusals[index] =
                    EventLogError.refusal(code: code, message: try row.decode(String.self, at: 2), detail: try row.decode(String?.self, at: 3))
                    ?? EventLogError(.corruptEvent, "ledger_append_batch answered with an unknown refusal \(code)")
                continue
            }
            let position = try row.decode(Int64.self, at: 4)
            if try row.decode(Bool.self, at: 10) {
                replayedPositions[index, default: []].append(position)
                continue
            }
            let request = requests[index]
            guard written[index].count < request.events.count else {
                throw EventLogError(.corruptEvent, "ledger_append_batch answered with more events than append \(index + 1) has")
            }
            let event = request.events[written[index].count]
            written[index].append(
                RecordedEvent(
                    position: position, eventId: event.eventId, stream: request.stream, streamVersion: try row.decode(Int64.self, at: 5),
                    type: event.type, recordedAt: try row.decode(Date.self, at: 6), effectiveAt: try row.decode(Date.self, at: 7),
                    actor: request.actor, data: event.data, metadata: event.metadata, prevHash: try row.decode([UInt8].self, at: 8),
                    hash: try row.decode([UInt8].self, at: 9)))
        }
        // Idempotent retries are answered with the rows as first written (their metadata may differ from the retry's).
        var replayed: [Int64: RecordedEvent] = [:]
        if !replayedPositions.isEmpty {
            let positions = replayedPositions.values.flatMap { $0 }
            for event in try session.query("\(literalSQL: LedgerRow.selectColumns) WHERE position = ANY(\(positions)::bigint[])").map(
                LedgerRow.decode)
            {
                replayed[event.position] = event
            }
        }
        return try requests.indices.map { index in
            if let refusal = refusals[index] { return .failure(refusal) }
            if let positions = replayedPositions[index] {
                return .success(
                    AppendResult(
                        events: try positions.map { position in
                            guard let event = replayed[position] else {
                                throw EventLogError(.corruptEvent, "event \(position) could not be read back")
                            }
                            return event
                        }, alreadyAppended: true))
            }
            guard written[index].count == requests[index].events.count else {
                throw EventLogError(
                    .corruptEvent,
                    "ledger_append_batch wrote \(written[index].count) events for \(requests[index].events.count) of append \(index + 1)")
            }
            return .success(AppendResult(events: written[index], alreadyAppended: false))
        }
    }

    private static func timestampText(_ date: Date) -> String {
        if case .text(let text) = date.postgresValue { return text }
        preconditionFailure("dates always encode as text")
    }
}
