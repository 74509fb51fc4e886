import Foundation
import Postgres
import RegistryDomain

/// The models list of the web UI: one row per model with its live version, aliases, format, risk tier and last
/// change, searched, filtered, sorted and paged in PostgreSQL, for now or for any pair of instants.
///
/// Both come from the temporal projection (`model_history`, schema/003): the values in force at the point
/// (at, known_at) are exactly the model as it stood then, so the present is simply the point (now, now) and one
/// query answers both. Visibility is the caller's now, as everywhere in time travel.
public struct ModelCatalogue: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    public enum Sort: String, Sendable, CaseIterable {
        case name, nameDescending = "-name", changed, changedDescending = "-changed", versions, versionsDescending = "-versions"
    }

    /// What the viewer asked for. Empty strings mean "no filter".
    public struct Query: Sendable, Equatable {
        /// Words that must all appear (case-insensitively) in the name, description, tags or a version's card,
        /// description, metrics or lineage.
        public var text = ""
        public var owner = ""
        /// `key` (the tag is present) or `key=value`.
        public var tag = ""
        /// The format of the version shown (the live one, else the latest).
        public var format = ""
        /// true: only models with a production version; false: only those without.
        public var hasProduction: Bool?
        public var sort = Sort.name
        public var page = 1
        public var pageSize = 50

        public init() {}
    }

    public struct Row: Sendable, Equatable {
        public var name: String
        public var versionCount: Int
        public var liveVersion: Int?
        public var liveSince: Date?
        /// The other aliases as (alias, version), by alias.
        public var otherAliases: [(alias: String, version: Int)]
        public var format: String?
        public var owner: String
        public var riskTier: String?
        /// The latest review of the live version for `production`: decision and reviewer.
        public var approval: (decision: String, approver: String)?
        public var lastChange: Date

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.name == rhs.name && lhs.versionCount == rhs.versionCount && lhs.liveVersion == rhs.liveVersion && lhs.lastChange == rhs.lastChange
        }
    }

    public struct Result: Sendable {
        public var rows: [Row]
        /// How many models match in all pages.
        public var total: Int
        public var owners: [String]
        public var formats: [String]
    }

    /// One page of the catalogue as it stood for `asOf` (now when nil).
    public func search(_ query: Query, caller: Caller, asOf: AsOf?) async throws -> Result {
        try await pool.withSession { session in
            let rows = try session.query(Self.statement(query, caller: caller, asOf: asOf))
            var total = 0
            let items = try rows.map { row -> Row in
                total = try row.decode(Int.self, at: 11)
                return Row(
                    name: try row.decode(String.self, at: 0), versionCount: try row.decode(Int.self, at: 1),
                    liveVersion: try row.decodeIfPresent(Int.self, at: 2), liveSince: try row.decodeIfPresent(Date.self, at: 3),
                    otherAliases: Self.aliases(try row.decodeIfPresent(String.self, at: 4)), format: try row.decodeIfPresent(String.self, at: 5),
                    owner: try row.decode(String.self, at: 6), riskTier: try row.decodeIfPresent(String.self, at: 7),
                    approval: Self.review(try row.decodeIfPresent(String.self, at: 8), of: try row.decodeIfPresent(Int.self, at: 2)),
                    lastChange: try row.decode(Date.self, at: 9))
            }
            var visible: SQLQuery = "SELECT DISTINCT m.owner FROM models m WHERE "
            visible.append(AccessControl.visibleModels(caller))
            visible.append(" ORDER BY 1")
            let owners = try session.query(visible).map { try $0.decode(String.self, at: 0) }
            let formats = try session.query("SELECT DISTINCT format FROM model_versions ORDER BY 1").map { try $0.decode(String.self, at: 0) }
            return Result(rows: items, total: total, owners: owners, formats: formats)
        }
    }

    /// The catalogue query: the facts in force at the point, folded per model by aggregates, then filtered, counted,
    /// sorted and cut to the page.
    static func statement(_ query: Query, caller: Caller, asOf: AsOf?) -> SQLQuery {
        // The present is the point (now, now): one clock reading for both, so no fact falls between them.
        var sql: SQLQuery = "WITH point AS (SELECT "
        if let asOf {
            sql.append("\(asOf.at)::timestamptz AS at, \(asOf.knownAt)::timestamptz AS known_at")
        } else {
            sql.append("clock_timestamp() AS at, clock_timestamp() AS known_at")
        }
        sql.append(
            """
            ), candidates AS (
                SELECT m.model_id FROM models m WHERE
            """)
        sql.append(AccessControl.visibleModels(caller))
        if caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor) {
            // Deleted models existed in the past; only those who may read everything see them there.
            sql.append(" UNION ALL SELECT model_id FROM deleted_models")
        }
        let searching = !query.text.trimmingCharacters(in: .whitespaces).isEmpty
        sql.append(
            """
            ), facts AS (
                SELECT h.model_id, h.kind, h.key, h.value, lower(h.valid) AS since
                FROM model_history h, point
                WHERE h.model_id IN (SELECT model_id FROM candidates) AND h.valid @> point.at AND h.known @> point.known_at
            ), catalogue AS (
                SELECT model_id,
                    coalesce(max(value #>> '{}') FILTER (WHERE kind = 'model' AND key = 'name'),
                             max(value ->> 'name') FILTER (WHERE kind = 'model' AND key = 'registered')) AS name,
                    max(value ->> 'owner') FILTER (WHERE kind = 'model' AND key = 'registered') AS owner,
                    bool_or(kind = 'model' AND key = 'registered' AND value IS NOT NULL) AS registered,
                    bool_or(kind = 'model' AND key = 'deleted' AND value IS NOT NULL) AS deleted,
                    count(*) FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND value IS NOT NULL)
                      - count(*) FILTER (WHERE kind = 'version' AND key LIKE '%:deleted' AND value IS NOT NULL) AS version_count,
                    max((value ->> 'version')::integer) FILTER (WHERE kind = 'alias' AND key = 'production' AND value IS NOT NULL) AS live,
                    max(since) FILTER (WHERE kind = 'alias' AND key = 'production' AND value IS NOT NULL) AS live_since,
                    string_agg(key || '=' || (value ->> 'version'), ',' ORDER BY key)
                      FILTER (WHERE kind = 'alias' AND key <> 'production' AND value IS NOT NULL) AS other_aliases,
                    max(key::integer) FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND value IS NOT NULL) AS latest,
                    jsonb_object_agg(key, jsonb_build_array(value ->> 'format', value -> 'card' ->> 'risk_tier'))
                      FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND value IS NOT NULL) AS shown,
                    string_agg((value ->> 'version') || ':' || (value ->> 'decision') || ':' || (value ->> 'approver'), ',' ORDER BY key::bigint)
                      FILTER (WHERE kind = 'approval' AND value ->> 'alias' = 'production' AND value IS NOT NULL) AS reviews,
                    (array_agg(value) FILTER (WHERE kind = 'model' AND key = 'tags' AND value IS NOT NULL))[1] AS tags,
                    max(since) AS last_change
            """)
        if searching {
            sql.append(
                """
                    , string_agg(value::text, ' ') FILTER (WHERE kind IN ('model', 'version') AND value IS NOT NULL) AS document
                """)
        }
        sql.append(
            """

                FROM facts GROUP BY model_id
            ), listed AS (
                SELECT c.*, c.shown -> coalesce(c.live, c.latest)::text ->> 0 AS format,
                       c.shown -> coalesce(c.live, c.latest)::text ->> 1 AS risk_tier
                FROM catalogue c WHERE c.registered AND NOT c.deleted
            )
            SELECT name, version_count, live, live_since, other_aliases, format, owner, risk_tier, reviews, last_change, model_id,
                   count(*) OVER ()
            FROM listed WHERE true
            """)
        if searching {
            for word in query.text.split(whereSeparator: \.isWhitespace).prefix(8) {
                sql.append(" AND (name || ' ' || coalesce(document, '')) ILIKE \("%" + Self.escapeLike(String(word)) + "%")")
            }
        }
        if !query.owner.isEmpty { sql.append(" AND owner = \(query.owner)") }
        if !query.tag.isEmpty {
            let parts = query.tag.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 {
                sql.append(" AND tags ->> \(parts[0]) = \(parts[1])")
            } else {
                sql.append(" AND tags ? \(parts[0])")
            }
        }
        if !query.format.isEmpty { sql.append(" AND format = \(query.format)") }
        switch query.hasProduction {
        case true?: sql.append(" AND live IS NOT NULL")
        case false?: sql.append(" AND live IS NULL")
        case nil: break
        }
        let order: String =
            switch query.sort {
            case .name: "name"
            case .nameDescending: "name DESC"
            case .changed: "last_change, name"
            case .changedDescending: "last_change DESC, name"
            case .versions: "version_count, name"
            case .versionsDescending: "version_count DESC, name"
            }
        let offset = max(0, query.page - 1) * query.pageSize
        sql.append(" ORDER BY \(literalSQL: order) LIMIT \(query.pageSize) OFFSET \(offset)")
        return sql
    }

    /// "staging=1,challenger=3" → [(staging, 1), (challenger, 3)].
    static func aliases(_ text: String?) -> [(alias: String, version: Int)] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[1]) else { return nil }
            return (String(parts[0]), version)
        }
    }

    /// The last review of `version` for production among "version:decision:approver" entries in position order.
    static func review(_ text: String?, of version: Int?) -> (decision: String, approver: String)? {
        guard let text, let version else { return nil }
        for entry in text.split(separator: ",").reversed() {
            let parts = entry.split(separator: ":", maxSplits: 2)
            if parts.count == 3, Int(parts[0]) == version { return (String(parts[1]), String(parts[2])) }
        }
        return nil
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
