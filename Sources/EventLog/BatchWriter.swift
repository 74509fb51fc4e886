import Foundation
import Logging
import Postgres

/// Writes a batch of appends in one transaction. Each append runs inside its own savepoint, so one that fails
/// (stale expected version, refused precondition) is undone alone while the others commit.
struct BatchWriter: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger

    func write(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>] {
        do {
            return try await pool.withSession(priority: .batch) { session in
                // The head lock is taken once, for the whole batch, before the first savepoint: taken inside each
                // append's savepoint, a lock held elsewhere made every append of the batch wait out its own statement
                // timeout in turn, and a rolled-back savepoint gave the lock up mid-batch. Savepoint commands share a
                // round trip with their neighbours: every round trip here is made while the batch holds the lock.
                let isolated = requests.count > 1
                try session.executeScript(isolated ? "BEGIN; SELECT ledger_lock_head(); SAVEPOINT append" : "BEGIN; SELECT ledger_lock_head()")
                var results: [Result<AppendResult, any Error>] = []
                results.reserveCapacity(requests.count)
                do {
                    for (index, request) in requests.enumerated() {
                        if index > 0 { try session.executeScript("RELEASE SAVEPOINT append; SAVEPOINT append") }
                        results.append(Self.writeIsolated(request, in: session, isolated: isolated))
                    }
                    try session.commit()
                } catch {
                    // The commit (or a savepoint command) failed: nothing in this batch is durable.
                    if !session.isBroken { _ = try? session.execute("ROLLBACK") }
                    throw error
                }
                return results
            }
        } catch {
            logger.warning("append batch failed", metadata: ["batch.size": "\(requests.count)", "error": "\(error)"])
            let failure = (error as? PostgresError).flatMap(EventLogError.from) as (any Error)? ?? error
            return requests.map { _ in .failure(failure) }
        }
    }

    /// One append, inside the savepoint the batch opened for it when `isolated`. A batch of one needs no savepoint:
    /// its failure fails the transaction anyway.
    private static func writeIsolated(_ request: AppendRequest, in session: PostgresSession, isolated: Bool) -> Result<AppendResult, any Error> {
        do {
            do {
                try request.precondition?(session)
                let result = try appendEvents(request, in: session)
                if !result.alreadyAppended { try request.afterAppend?(session, result) }
                return .success(result)
            } catch {
                if isolated { try session.executeScript("ROLLBACK TO SAVEPOINT append") }
                if let postgresError = error as? PostgresError, let logError = EventLogError.from(postgresError) {
                    return .failure(logError)
                }
                return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }

    static func appendEvents(_ request: AppendRequest, in session: PostgresSession) throws -> AppendResult {
        let events = request.events
        let ids = events.map(\.eventId)
        let types = events.map(\.type)
        let effective = events.map { $0.effectiveAt.map(Self.timestampText) ?? "" }
        let data = events.map { String(decoding: $0.data, as: UTF8.self) }
        let metadata = events.map { String(decoding: $0.metadata, as: UTF8.self) }
        let rows = try session.query(
            """
            SELECT out_position, out_stream_version, out_recorded_at, out_effective_at, out_prev_hash, out_hash, out_already_appended
            FROM ledger_append(\(request.stream), \(request.expectedVersion.sqlValue), \(request.actor),
                               \(ids)::uuid[], \(types)::text[], array_replace(\(effective)::text[], '', NULL)::timestamptz[],
                               \(data)::text[], \(metadata)::text[])
            """)
        guard rows.count == events.count else {
            throw EventLogError(.corruptEvent, "ledger_append returned \(rows.count) rows for \(events.count) events")
        }
        var recorded: [RecordedEvent] = []
        var already = false
        for (index, row) in rows.enumerated() {
            let event = events[index]
            already = try row.decode(Bool.self, at: 6)
            recorded.append(
                RecordedEvent(
                    position: try row.decode(Int64.self, at: 0), eventId: event.eventId, stream: request.stream,
                    streamVersion: try row.decode(Int64.self, at: 1), type: event.type, recordedAt: try row.decode(Date.self, at: 2),
                    effectiveAt: try row.decode(Date.self, at: 3), actor: request.actor, data: event.data, metadata: event.metadata,
                    prevHash: try row.decode([UInt8].self, at: 4), hash: try row.decode([UInt8].self, at: 5)))
        }
        if already {
            // An idempotent retry: answer with the rows as first written (their metadata may differ from the retry's).
            let positions = recorded.map(\.position)
            recorded = try session.query("\(literalSQL: LedgerRow.selectColumns) WHERE position = ANY(\(positions)::bigint[]) ORDER BY position")
                .map(LedgerRow.decode)
        }
        return AppendResult(events: recorded, alreadyAppended: already)
    }

    private static func timestampText(_ date: Date) -> String {
        if case .text(let text) = date.postgresValue { return text }
        preconditionFailure("dates always encode as text")
    }
}
