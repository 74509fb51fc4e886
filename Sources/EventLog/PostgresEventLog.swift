import Foundation
import Logging
import Postgres

/// The ledger on PostgreSQL: appends go through the group committer; reads are plain indexed queries.
public final class PostgresEventLog: Sendable {
    public let pool: PostgresConnectionPool
    private let committer: GroupCommitter<AppendRequest, AppendResult>
    private let logger: Logger

    public init(pool: PostgresConnectionPool, logger: Logger, maxBatch: Int = 256) {
        self.pool = pool
        self.logger = logger
        let writer = BatchWriter(pool: pool, logger: logger)
        self.committer = GroupCommitter(maxBatch: maxBatch) { requests in await writer.write(requests) }
    }

    /// Appends events to one stream. Returns once they are durably committed; concurrent calls share a commit.
    /// Throws `EventLogError` (`versionConflict`, `idempotencyConflict` …), `PostgresError`, or whatever the
    /// request's own precondition or after-append work threw.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        guard !request.events.isEmpty else { return AppendResult(events: [], alreadyAppended: false) }
        return try await committer.submit(request)
    }

    /// Appends without group commit, in a transaction the caller already holds (bootstrap, import).
    public static func append(_ request: AppendRequest, in session: PostgresSession) throws -> AppendResult {
        if let precondition = request.precondition {
            _ = try session.query("SELECT ledger_lock_head()")  // what a precondition may count on (see AppendRequest)
            try precondition.perform(in: session)
        }
        let result = try BatchWriter.appendEvents(request, in: session)
        if !result.alreadyAppended { try request.afterAppend?(result).perform(in: session) }
        return result
    }

    /// A stream's events after `version`, in order.
    public func readStream(_ stream: String, afterVersion version: Int64 = 0) async throws -> [RecordedEvent] {
        try await pool.withSession { session in
            try Self.readStream(stream, afterVersion: version, in: session)
        }
    }

    public static func readStream(
        _ stream: String, afterVersion version: Int64 = 0, limit: Int = Int(Int32.max), in session: PostgresSession
    ) throws -> [RecordedEvent] {
        try events(from: session.query(readStreamQuery(stream, afterVersion: version, limit: limit)))
    }

    /// The statement `readStream` runs, to send along with others (`PostgresSession.pipeline`); `events(from:)`
    /// reads its answer.
    public static func readStreamQuery(_ stream: String, afterVersion version: Int64 = 0, limit: Int = Int(Int32.max)) -> SQLQuery {
        "\(literalSQL: LedgerRow.selectColumns) WHERE stream = \(stream) AND stream_version > \(version) ORDER BY stream_version LIMIT \(limit)"
    }

    /// The events in the answer to `readStreamQuery`.
    public static func events(from rows: PostgresRows) throws -> [RecordedEvent] {
        try rows.map(LedgerRow.decode)
    }

    /// The version of a stream's last event (0 when the stream does not exist).
    public func streamVersion(_ stream: String) async throws -> Int64 {
        try await pool.withSession { session in
            // The newest index entry: max(stream_version) would read every entry of the stream.
            try session.query("SELECT stream_version FROM ledger_events WHERE stream = \(stream) ORDER BY stream_version DESC LIMIT 1").first?
                .decode(Int64.self, at: 0) ?? 0
        }
    }

    /// A stream's events recorded up to `knownAt`, leaving out the given types, in stream order: what a time-travel
    /// fold needs (usage events such as downloads do not change state and can be numerous).
    public static func readStream(
        _ stream: String, recordedUpTo knownAt: Date, excludingTypes excluded: [String], in session: PostgresSession
    ) throws -> [RecordedEvent] {
        try readStreams([stream], recordedUpTo: knownAt, excludingTypes: excluded, in: session)
    }

    /// Several streams' events recorded up to `knownAt`, leaving out the given types, ordered by stream and version.
    public static func readStreams(
        _ streams: [String], recordedUpTo knownAt: Date, excludingTypes excluded: [String], in session: PostgresSession
    ) throws -> [RecordedEvent] {
        try session.query(
            """
            \(literalSQL: LedgerRow.selectColumns)
            WHERE stream = ANY(\(streams)::text[]) AND recorded_at <= \(knownAt) AND NOT (type = ANY(\(excluded)::text[]))
            ORDER BY stream, stream_version
            """
        ).map(LedgerRow.decode)
    }

    /// Up to `limit` events after `position`, in position order.
    public func read(afterPosition position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await pool.withSession { session in
            try Self.read(afterPosition: position, limit: limit, in: session)
        }
    }

    public static func read(afterPosition position: Int64, limit: Int, in session: PostgresSession) throws -> [RecordedEvent] {
        try session.query("\(literalSQL: LedgerRow.selectColumns) WHERE position > \(position) ORDER BY position LIMIT \(limit)")
            .map(LedgerRow.decode)
    }

    /// Up to `limit` events before `position` that meet `condition` (over `ledger_events`' columns), newest first:
    /// a page of a filtered audit view.
    public static func read(matching condition: SQLQuery, beforePosition position: Int64, limit: Int, in session: PostgresSession) throws
        -> [RecordedEvent]
    {
        var query: SQLQuery = "\(literalSQL: LedgerRow.selectColumns) WHERE position < \(position) AND "
        query.append(condition)
        query.append(" ORDER BY position DESC LIMIT \(limit)")
        return try session.query(query).map(LedgerRow.decode)
    }

    /// Up to `limit` events recorded in `[from, to)`, in position order.
    public func read(recordedFrom from: Date, to: Date, limit: Int) async throws -> [RecordedEvent] {
        try await pool.withSession { session in
            try session.query(
                "\(literalSQL: LedgerRow.selectColumns) WHERE recorded_at >= \(from) AND recorded_at < \(to) ORDER BY position LIMIT \(limit)"
            ).map(LedgerRow.decode)
        }
    }

    /// The last position and its hash (position 0 and the genesis hash for an empty ledger).
    public func head() async throws -> LedgerHead {
        try await pool.withSession { session in
            let row = try session.query("SELECT position, hash FROM ledger_head WHERE singleton")
            guard let first = row.first else { throw EventLogError(.corruptEvent, "ledger_head is empty") }
            return LedgerHead(position: try first.decode(Int64.self, at: 0), hash: try first.decode([UInt8].self, at: 1))
        }
    }
}

/// Where the ledger ends.
public struct LedgerHead: Sendable, Equatable {
    public var position: Int64
    public var hash: [UInt8]
}
