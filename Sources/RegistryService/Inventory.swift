import Foundation
import Postgres
import RegistryDomain

/// One model as an inventory lists it for a pair of instants (docs/COMPLIANCE.md maps each field to what
/// SS1/23, SR 11-7 and the EU AI Act ask an inventory to hold).
public struct InventoryRow: Sendable, Codable, Equatable {
    public struct AliasEntry: Sendable, Codable, Equatable {
        public var version: Int
        public var since: Date
    }

    public struct Access: Sendable, Codable, Equatable {
        public var principal: String
        public var role: String
        public var expiresAt: Date?

        enum CodingKeys: String, CodingKey { case principal, role, expiresAt = "expires_at" }
    }

    public var model: String
    public var modelId: String
    public var owner: String
    public var description: String
    public var purpose: String?
    public var intendedUse: String?
    public var limitations: String?
    public var riskTier: String?
    public var tags: [String: String]
    public var registeredAt: Date
    public var registeredBy: String
    public var latestVersion: Int?
    public var aliases: [String: AliasEntry]
    public var productionVersion: Int?
    public var productionSince: Date?
    public var artifactSHA256: String?
    public var format: String?
    public var registrant: String?
    public var approvedBy: String?
    public var approvedAt: Date?
    public var approvalNotes: String?
    public var metrics: [String: Double]?
    public var computedMetrics: MetricsComputed?
    public var access: [Access]
    public var lastChangeAt: Date
    public var lastChange: String
    public var predictions90d: Int64

    enum CodingKeys: String, CodingKey {
        case model, modelId = "model_id", owner, description, purpose, intendedUse = "intended_use", limitations, riskTier = "risk_tier", tags,
            registeredAt = "registered_at", registeredBy = "registered_by", latestVersion = "latest_version", aliases,
            productionVersion = "production_version", productionSince = "production_since", artifactSHA256 = "artifact_sha256", format, registrant,
            approvedBy = "approved_by", approvedAt = "approved_at", approvalNotes = "approval_notes", metrics, computedMetrics = "computed_metrics",
            access, lastChangeAt = "last_change_at", lastChange = "last_change", predictions90d = "predictions_90d"
    }

    /// The row for a model as folded for `asOf`: the card fields and the production facts come from the version
    /// `production` pointed at then (the card of the latest version when nothing was in production).
    public init(_ state: ModelState, asOf: AsOf, lastChange: (at: Date, type: String), predictions90d: Int64) {
        let production = state.aliases["production"]
        let live = production.flatMap { state.version($0.version) }
        let card: [String: JSONValue] =
            if case .object(let fields)? = (live ?? state.liveVersions.last)?.card { fields } else { [:] }
        func text(_ key: String) -> String? {
            if case .string(let value)? = card[key] { return value }
            return nil
        }
        let approval = live.flatMap { state.approvalInForce(version: $0.version, alias: "production") }
        model = state.name
        modelId = state.modelId.uuidString.lowercased()
        owner = state.owner
        description = state.description
        purpose = text("purpose")
        intendedUse = text("intended_use")
        limitations = text("limitations")
        riskTier = text("risk_tier")
        tags = state.tags
        registeredAt = state.createdAt
        registeredBy = state.createdBy
        latestVersion = state.versions.last?.version
        aliases = state.aliases.mapValues { AliasEntry(version: $0.version, since: $0.since) }
        productionVersion = live?.version
        productionSince = production?.since
        artifactSHA256 = live?.artifactSHA256
        format = live?.format
        registrant = live?.registrant
        approvedBy = approval?.approver
        approvedAt = approval?.at
        approvalNotes = approval?.notes
        metrics = live?.metrics
        computedMetrics = live.flatMap { state.computedMetrics[$0.version] }
        access = GrantView.held(in: state, at: asOf.at).map { Access(principal: $0.principal, role: $0.role.rawValue, expiresAt: $0.expiresAt) }
        self.lastChangeAt = lastChange.at
        self.lastChange = lastChange.type
        self.predictions90d = predictions90d
    }

    public static let csvColumns = [
        "model", "model_id", "owner", "description", "purpose", "intended_use", "limitations", "risk_tier", "tags", "registered_at", "registered_by",
        "latest_version", "aliases", "production_version", "production_since", "artifact_sha256", "format", "registrant", "approved_by",
        "approved_at", "approval_notes", "metrics", "computed_metrics", "access", "last_change_at", "last_change", "predictions_90d",
    ]

    /// The row as CSV cells, in `csvColumns` order: maps and lists as compact sorted JSON, absent values empty.
    public var csvCells: [String] {
        func json(_ value: some Encodable) -> String {
            let encoder = RegistryEvent.makeEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        func time(_ date: Date?) -> String { date.map(RFC3339.format) ?? "" }
        return [
            model, modelId, owner, description, purpose ?? "", intendedUse ?? "", limitations ?? "", riskTier ?? "", json(tags), time(registeredAt),
            registeredBy, latestVersion.map(String.init) ?? "", json(aliases), productionVersion.map(String.init) ?? "", time(productionSince),
            artifactSHA256 ?? "", format ?? "", registrant ?? "", approvedBy ?? "", time(approvedAt), approvalNotes ?? "",
            metrics.map(json) ?? "", computedMetrics.map(json) ?? "", json(access), time(lastChangeAt), lastChange, String(predictions90d),
        ]
    }
}

/// The model inventory as of (at, known_at): every model that existed then, for auditors and admins.
public struct Inventory: Sendable {
    let pool: PostgresConnectionPool
    let source: AsOfSource

    public init(pool: PostgresConnectionPool, source: AsOfSource = .temporalTables) {
        self.pool = pool
        self.source = source
    }

    public struct Document: Sendable, Codable, Equatable {
        public var asOf: AsOf
        public var items: [InventoryRow]
        enum CodingKeys: String, CodingKey { case asOf = "as_of", items }

        /// One header line and one row per model (RFC 4180).
        public var csv: String {
            var csv = InventoryRow.csvColumns.joined(separator: ",") + "\n"
            for row in items { csv += row.csvCells.map(Exports.csvField).joined(separator: ",") + "\n" }
            return csv
        }
    }

    public func rows(asOf: AsOf, caller: Caller) async throws -> Document {
        try Checkpoints.requireAuditor(caller)
        let source = self.source
        let items = try await pool.withSession { session -> [InventoryRow] in
            let ids = try session.query("SELECT model_id FROM models ORDER BY name").map { try $0.decode(UUID.self, at: 0) }
            let lastChanges = try Self.lastChanges(asOf: asOf, in: session)
            let predictions = try Self.predictionCounts(asOf: asOf, in: session)
            var rows: [InventoryRow] = []
            var start = 0
            while start < ids.count {
                let batch = Array(ids[start..<min(ids.count, start + 500)])
                let states = try AsOfReads.states(batch, asOf: asOf, source: source, in: session)
                for id in batch {
                    guard let state = states[id] else { continue }
                    rows.append(
                        InventoryRow(
                            state, asOf: asOf, lastChange: lastChanges[id] ?? (state.updatedAt, "ModelRegistered"),
                            predictions90d: predictions[id] ?? 0))
                }
                start += batch.count
            }
            return rows
        }
        return Document(asOf: asOf, items: items)
    }

    /// Each model's last change in force for `asOf`: the latest event (valid time, then position) known by
    /// `known_at` and effective by `at`. Downloads are uses, not changes.
    static func lastChanges(asOf: AsOf, in session: PostgresSession) throws -> [UUID: (at: Date, type: String)] {
        var changes: [UUID: (at: Date, type: String)] = [:]
        let rows = try session.query(
            """
            SELECT DISTINCT ON (stream) stream, effective_at, type FROM ledger_events
            WHERE stream LIKE 'model-%' AND type <> 'ArtifactDownloaded' AND recorded_at <= \(asOf.knownAt) AND effective_at <= \(asOf.at)
            ORDER BY stream, effective_at DESC, position DESC
            """)
        for row in rows {
            guard let id = Streams.modelId(of: try row.decode(String.self, at: 0)) else { continue }
            changes[id] = (try row.decode(Date.self, at: 1), try row.decode(String.self, at: 2))
        }
        return changes
    }

    /// Predictions logged per model in the 90 days up to `at`, as logged by `known_at`.
    static func predictionCounts(asOf: AsOf, in session: PostgresSession) throws -> [UUID: Int64] {
        // The window is the 90 days before `at`; what was logged after `known_at` was not known then.
        let since = asOf.at.addingTimeInterval(-90 * 86_400)
        let until = min(asOf.at, asOf.knownAt)
        var counts: [UUID: Int64] = [:]
        for row in try session.query(
            """
            SELECT model_id, count(*) FROM predictions
            WHERE recorded_at > \(since) AND recorded_at <= \(until) GROUP BY model_id
            """)
        {
            counts[try row.decode(UUID.self, at: 0)] = try row.decode(Int64.self, at: 1)
        }
        return counts
    }
}
