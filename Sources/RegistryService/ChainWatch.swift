import EventLog
import Postgres

/// The chain-verification badge: the ledger's hash chain walked once, then only what was appended since, so a page
/// can show "verified" without re-reading the whole ledger. A full walk (with checkpoints) is `modelreg verify`
/// and `GET /v1/verify`.
public actor ChainWatch {
    let pool: PostgresConnectionPool
    private var verifier = ChainVerifier()
    private var refresh: Task<VerificationReport, any Error>?

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// The chain's state up to the current head; one walk at a time (concurrent callers share it).
    public func status() async throws -> VerificationReport {
        if let refresh { return try await refresh.value }
        let task = Task { try await self.advance() }
        refresh = task
        defer { refresh = nil }
        return try await task.value
    }

    private func advance() async throws -> VerificationReport {
        while verifier.report.ok {
            let after = verifier.report.lastPosition
            let page = try await pool.withSession { session in try PostgresEventLog.read(afterPosition: after, limit: 10_000, in: session) }
            for event in page where !verifier.check(event) { break }
            if page.count < 10_000 { break }
        }
        return verifier.report
    }
}
