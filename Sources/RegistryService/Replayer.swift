import EventLog
import Foundation
import Logging
import Postgres

/// Rebuilds the projections from the ledger, or checks them against a rebuild.
public struct Replayer: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger

    public init(pool: PostgresConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// A difference between the live projection and a rebuild: the table and how many rows differ each way.
    public struct Difference: Sendable, Codable, Equatable {
        public var table: String
        public var onlyLive: Int
        public var onlyRebuilt: Int

        enum CodingKeys: String, CodingKey {
            case table, onlyLive = "only_live", onlyRebuilt = "only_rebuilt"
        }
    }

    public struct Report: Sendable, Codable, Equatable {
        public var events: Int64
        public var seconds: Double
        public var differences: [Difference]

        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    /// Empties the projections and folds the whole ledger into them again, in one transaction: readers wait for it
    /// and then see the rebuilt tables. Appends wait too (the ledger head is locked first), so no event can slip
    /// between the rebuild and the live path.
    public func replay(progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> Report {
        try await run(check: false, progress: progress)
    }

    /// Rebuilds into temporary tables that shadow the live ones, compares, and discards the rebuild.
    public func check(progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> Report {
        try await run(check: true, progress: progress)
    }

    private func run(check: Bool, progress: (@Sendable (Int64, Int64) -> Void)?) async throws -> Report {
        let started = ContinuousClock.now
        // A connection of its own: the check shadows the projection tables with temporary ones, which statements
        // already prepared on a pooled connection would not see (and the pool must never see them either).
        let connection = try await PostgresConnection.connect(pool.configuration, logger: logger)
        defer { connection.close() }
        let (events, differences) = try await connection.withSession { session in
            try session.transaction { session -> (Int64, [Difference]) in
                // Holding the head lock keeps the ledger still while we read it and compare.
                let total = try session.query("SELECT ledger_lock_head()").first?.decode(Int64.self, at: 0) ?? 0
                if check {
                    for table in Projector.tables {
                        try session.execute(
                            "CREATE TEMPORARY TABLE \(identifier: table) (LIKE public.\(identifier: table) INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) ON COMMIT DROP"
                        )
                    }
                } else {
                    try session.execute("TRUNCATE \(literalSQL: Projector.tables.map { "public.\"\($0)\"" }.joined(separator: ", "))")
                }
                var after: Int64 = 0
                while after < total {
                    let page = try PostgresEventLog.read(afterPosition: after, limit: 5_000, in: session)
                    guard let last = page.last else { break }
                    try Projector.apply(page, in: session)
                    after = last.position
                    progress?(after, total)
                }
                var differences: [Difference] = []
                if check {
                    for table in Projector.tables {
                        let counts = try session.query(
                            """
                            SELECT (SELECT count(*) FROM (SELECT * FROM public.\(identifier: table) EXCEPT ALL SELECT * FROM pg_temp.\(identifier: table)) a),
                                   (SELECT count(*) FROM (SELECT * FROM pg_temp.\(identifier: table) EXCEPT ALL SELECT * FROM public.\(identifier: table)) b)
                            """)
                        let onlyLive = try counts.first?.decode(Int.self, at: 0) ?? 0
                        let onlyRebuilt = try counts.first?.decode(Int.self, at: 1) ?? 0
                        if onlyLive != 0 || onlyRebuilt != 0 {
                            differences.append(Difference(table: table, onlyLive: onlyLive, onlyRebuilt: onlyRebuilt))
                        }
                    }
                }
                return (after, differences)
            }
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        logger.info("replay finished", metadata: ["replay.events": "\(events)", "replay.check": "\(check)"])
        return Report(events: events, seconds: seconds, differences: differences)
    }
}
