import Foundation
import Postgres
import RegistryDomain

/// What happened in a period, as the registry recorded it (transaction time in [from, to)): registrations,
/// promotions, approvals, grants and revocations, and predictions and downloads per model, version and caller.
/// The routine report a model-risk function files, produced without anyone compiling it by hand.
public struct PeriodReport: Sendable, Codable, Equatable {
    public struct Change: Sendable, Codable, Equatable {
        public var model: String
        public var version: Int?
        public var alias: String?
        public var decision: String?
        public var principal: String?
        public var role: String?
        public var at: Date
        public var actor: String
    }

    public struct Usage: Sendable, Codable, Equatable {
        public var model: String
        public var version: Int
        public var caller: String
        public var count: Int64
    }

    public var from: Date
    public var to: Date
    public var modelsRegistered: [Change]
    public var versionsRegistered: [Change]
    public var promotions: [Change]
    public var approvals: [Change]
    public var grants: [Change]
    public var revocations: [Change]
    public var predictions: [Usage]
    public var downloads: [Usage]

    enum CodingKeys: String, CodingKey {
        case from, to, modelsRegistered = "models_registered", versionsRegistered = "versions_registered", promotions, approvals, grants,
            revocations, predictions, downloads
    }
}

public struct PeriodReports: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// The report for [from, to): by default the 30 days up to now. Auditors and admins.
    public func report(from: Date?, to: Date?, caller: Caller) async throws -> PeriodReport {
        try Checkpoints.requireAuditor(caller)
        let (from, to) = try Self.period(from, to)
        return try await pool.withSession { session in
            let (first, last) = try Self.positions(recordedFrom: from, to: to, in: session)
            func changes(_ type: String) throws -> [PeriodReport.Change] {
                try session.query(
                    """
                    SELECT m.name, (e.data::jsonb ->> 'version')::integer, e.data::jsonb ->> 'alias', e.data::jsonb ->> 'decision',
                           e.data::jsonb ->> 'principal', e.data::jsonb ->> 'role', e.effective_at, e.actor
                    FROM ledger_events e JOIN models m ON e.stream = 'model-' || m.model_id::text
                    WHERE e.type = \(type) AND e.position BETWEEN \(first) AND \(last)
                    ORDER BY e.position
                    """
                ).map { row in
                    PeriodReport.Change(
                        model: try row.decode(String.self, at: 0), version: try row.decodeIfPresent(Int.self, at: 1),
                        alias: try row.decodeIfPresent(String.self, at: 2), decision: try row.decodeIfPresent(String.self, at: 3),
                        principal: try row.decodeIfPresent(String.self, at: 4), role: try row.decodeIfPresent(String.self, at: 5),
                        at: try row.decode(Date.self, at: 6), actor: try row.decode(String.self, at: 7))
                }
            }
            func usage(_ query: SQLQuery) throws -> [PeriodReport.Usage] {
                try session.query(query).map { row in
                    PeriodReport.Usage(
                        model: try row.decode(String.self, at: 0), version: try row.decode(Int.self, at: 1),
                        caller: try row.decode(String.self, at: 2),
                        count: try row.decode(Int64.self, at: 3))
                }
            }
            return PeriodReport(
                from: from, to: to, modelsRegistered: try changes("ModelRegistered"), versionsRegistered: try changes("VersionRegistered"),
                promotions: try changes("AliasSet"), approvals: try changes("VersionApproved"), grants: try changes("AccessGranted"),
                revocations: try changes("AccessRevoked"),
                predictions: try usage(
                    """
                    SELECT m.name, p.version, p.caller, count(*) FROM predictions p JOIN models m USING (model_id)
                    WHERE p.recorded_at >= \(from) AND p.recorded_at < \(to) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """),
                downloads: try usage(
                    """
                    SELECT m.name, (e.data::jsonb ->> 'version')::integer, e.actor, count(*)
                    FROM ledger_events e JOIN models m ON e.stream = 'model-' || m.model_id::text
                    WHERE e.type = 'ArtifactDownloaded' AND e.position BETWEEN \(first) AND \(last) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """))
        }
    }
}

/// What the web UI's report page shows: how many of each change, the newest promotions, and predictions per model,
/// counted in the database rather than read event by event (the full `PeriodReport` decodes every event of the
/// period, which at tens of thousands of events takes a second).
public struct PeriodSummary: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// By event type, for events of models that exist now (as `PeriodReport` counts them).
    public var counts: [String: Int]
    /// The newest hundred `AliasSet`s, newest first.
    public var latestPromotions: [PeriodReport.Change]
    public var predictionsByModel: [String: Int64]
    public var downloads: Int64
}

extension PeriodReports {
    /// [from, to), by default the 30 days up to now.
    static func period(_ from: Date?, _ to: Date?) throws -> (Date, Date) {
        let to = to ?? Date()
        let from = from ?? to.addingTimeInterval(-30 * 86_400)
        guard from < to else { throw RegistryError(.invalid, "invalid_range", "from must be before to") }
        return (from, to)
    }

    /// The period as a range of positions (recorded_at is indexed and follows position order), so each kind of event
    /// is then read through the (type, position) index.
    static func positions(recordedFrom from: Date, to: Date, in session: PostgresSession) throws -> (Int64, Int64) {
        let range = try session.query(
            "SELECT coalesce(min(position), 1), coalesce(max(position), 0) FROM ledger_events WHERE recorded_at >= \(from) AND recorded_at < \(to)"
        ).first
        return (try range?.decode(Int64.self, at: 0) ?? 1, try range?.decode(Int64.self, at: 1) ?? 0)
    }

    public func summary(from: Date?, to: Date?, caller: Caller) async throws -> PeriodSummary {
        try Checkpoints.requireAuditor(caller)
        let (from, to) = try Self.period(from, to)
        return try await pool.withSession { session in
            let (first, last) = try Self.positions(recordedFrom: from, to: to, in: session)
            // Events of models that exist now, as the full report lists them: every model stream but the deleted
            // models' (few), so no join over every model.
            let deleted = "(SELECT 'model-' || model_id::text FROM deleted_models)"
            var counts: [String: Int] = [:]
            for row in try session.query(
                """
                SELECT type, count(*) FROM ledger_events
                WHERE position BETWEEN \(first) AND \(last) AND stream LIKE 'model-%' AND stream NOT IN \(literalSQL: deleted)
                  AND type IN ('ModelRegistered', 'VersionRegistered', 'AliasSet', 'VersionApproved', 'AccessGranted', 'AccessRevoked',
                               'ArtifactDownloaded')
                GROUP BY 1
                """)
            {
                counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            let promotions = try session.query(
                """
                SELECT m.name, (e.data::jsonb ->> 'version')::integer, e.data::jsonb ->> 'alias', e.effective_at, e.actor
                FROM (SELECT stream, data, effective_at, actor, position FROM ledger_events
                      WHERE type = 'AliasSet' AND position BETWEEN \(first) AND \(last) AND stream NOT IN \(literalSQL: deleted)
                      ORDER BY position DESC LIMIT 100) e
                JOIN models m ON e.stream = 'model-' || m.model_id::text
                ORDER BY e.position DESC
                """
            ).map { row in
                PeriodReport.Change(
                    model: try row.decode(String.self, at: 0), version: try row.decodeIfPresent(Int.self, at: 1),
                    alias: try row.decodeIfPresent(String.self, at: 2), at: try row.decode(Date.self, at: 3),
                    actor: try row.decode(String.self, at: 4))
            }
            var predictions: [String: Int64] = [:]
            for row in try session.query(
                """
                SELECT m.name, count(*) FROM predictions p JOIN models m USING (model_id)
                WHERE p.recorded_at >= \(from) AND p.recorded_at < \(to) GROUP BY 1
                """)
            {
                predictions[try row.decode(String.self, at: 0)] = try row.decode(Int64.self, at: 1)
            }
            return PeriodSummary(
                from: from, to: to, counts: counts, latestPromotions: promotions, predictionsByModel: predictions,
                downloads: Int64(counts["ArtifactDownloaded"] ?? 0))
        }
    }
}

extension PeriodReport {
    /// The report as Markdown: a summary table and one section per kind of change.
    public var markdown: String {
        var lines = [
            "# Model registry report", "", "Period: \(RFC3339.format(from)) to \(RFC3339.format(to)) (as recorded)", "",
            "| | count |", "|---|---:|",
            "| models registered | \(modelsRegistered.count) |", "| versions registered | \(versionsRegistered.count) |",
            "| promotions | \(promotions.count) |", "| approvals and rejections | \(approvals.count) |", "| grants | \(grants.count) |",
            "| revocations | \(revocations.count) |", "| predictions | \(predictions.reduce(0) { $0 + $1.count }) |",
            "| downloads | \(downloads.reduce(0) { $0 + $1.count }) |",
        ]
        func section(_ title: String, _ header: String, _ rows: [String]) {
            guard !rows.isEmpty else { return }
            lines += ["", "## \(title)", "", header, String(repeating: "|---", count: header.filter { $0 == "|" }.count - 1) + "|"] + rows
        }
        func cell(_ text: String?) -> String { (text ?? "").replacingOccurrences(of: "|", with: "\\|") }
        func changeRows(_ changes: [Change]) -> [String] {
            changes.map {
                "| \(cell($0.model)) | \($0.version.map(String.init) ?? "") | \(cell($0.alias ?? $0.role)) | \(cell($0.decision ?? $0.principal)) | "
                    + "\(RFC3339.format($0.at)) | \(cell($0.actor)) |"
            }
        }
        let header = "| model | version | alias / role | decision / principal | at | by |"
        section("Models registered", header, changeRows(modelsRegistered))
        section("Versions registered", header, changeRows(versionsRegistered))
        section("Promotions", header, changeRows(promotions))
        section("Approvals", header, changeRows(approvals))
        section("Grants", header, changeRows(grants))
        section("Revocations", header, changeRows(revocations))
        let usageHeader = "| model | version | caller | count |"
        section("Predictions", usageHeader, predictions.map { "| \(cell($0.model)) | \($0.version) | \(cell($0.caller)) | \($0.count) |" })
        section("Downloads", usageHeader, downloads.map { "| \(cell($0.model)) | \($0.version) | \(cell($0.caller)) | \($0.count) |" })
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as CSV: one row per change or usage line, with its kind.
    public var csv: String {
        var rows = ["kind,model,version,alias,decision,principal,role,at,actor,caller,count"]
        func field(_ text: String?) -> String { Exports.csvField(text ?? "") }
        for (kind, changes) in [
            ("model_registered", modelsRegistered), ("version_registered", versionsRegistered), ("promotion", promotions), ("approval", approvals),
            ("grant", grants), ("revocation", revocations),
        ] {
            for change in changes {
                rows.append(
                    [
                        kind, field(change.model), change.version.map(String.init) ?? "", field(change.alias), field(change.decision),
                        field(change.principal),
                        field(change.role), RFC3339.format(change.at), field(change.actor), "", "",
                    ].joined(separator: ","))
            }
        }
        for (kind, usages) in [("predictions", predictions), ("downloads", downloads)] {
            for usage in usages {
                rows.append(
                    [kind, field(usage.model), String(usage.version), "", "", "", "", "", "", field(usage.caller), String(usage.count)].joined(
                        separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
