import Foundation
import Postgres
import RegistryDomain
import Synchronization

/// The models list of the web UI: one row per model with its live version, aliases, format, risk tier and last
/// change, searched, filtered, sorted and paged in PostgreSQL, for now or for any pair of instants.
///
/// Both come from the temporal projection (`model_history`, schema/003): the values in force at the point
/// (at, known_at) are exactly the model as it stood then, so the present is simply the point (now, now) and one
/// query answers both. Visibility is the caller's now, as everywhere in time travel.
public struct ModelCatalogue: Sendable {
    let pool: PostgresConnectionPool
    let facets = FacetCache()

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// The filters' choices (every owner, every format) cost a pass over all models and versions and change rarely:
    /// kept for a few seconds, so a page of the list does not pay for them each time. Owners are cached only for
    /// callers who see every model; anyone else gets the owners of the models they may see, computed.
    final class FacetCache: Sendable {
        private let cached = Mutex<(at: ContinuousClock.Instant, owners: [String], formats: [String])?>(nil)
        static let lifetime = Duration.seconds(5)

        func get(_ session: PostgresSession) throws -> (owners: [String], formats: [String]) {
            let now = ContinuousClock.now
            if let hit = cached.withLock({ $0 }), now - hit.at < Self.lifetime { return (hit.owners, hit.formats) }
            let owners = try session.query("SELECT DISTINCT owner FROM models ORDER BY 1").map { try $0.decode(String.self, at: 0) }
            let formats = try ModelCatalogue.formats(session)
            cached.withLock { $0 = (now, owners, formats) }
            return (owners, formats)
        }
    }

    /// The owner and format choices for the caller.
    func choices(_ caller: Caller, _ session: PostgresSession) throws -> (owners: [String], formats: [String]) {
        let shared = try facets.get(session)
        if caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor) { return shared }
        return (try Self.owners(caller, session), shared.formats)
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

        /// No words and no filters, in name order: what the past can answer from names alone.
        var isNamesOnly: Bool {
            ModelCatalogue.words(text).isEmpty && owner.isEmpty && tag.isEmpty && format.isEmpty && hasProduction == nil
                && (sort == .name || sort == .nameDescending)
        }
    }

    public struct Row: Sendable {
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
            if let asOf, query.isNamesOnly {
                let (items, total) = try Self.pastByName(query, caller: caller, asOf: asOf, in: session)
                let (owners, formats) = try choices(caller, session)
                return Result(rows: items, total: total, owners: owners, formats: formats)
            }
            let rows = try session.query(
                asOf.map { Self.pastStatement(query, caller: caller, asOf: $0) } ?? Self.presentStatement(query, caller: caller))
            let (items, total) = try Self.decode(rows)
            let (owners, formats) = try choices(caller, session)
            return Result(rows: items, total: total, owners: owners, formats: formats)
        }
    }

    /// Rows of `presentStatement` or `pastStatement`, and the count of all matches they carry.
    static func decode(_ rows: PostgresRows) throws -> ([Row], Int) {
        var total = 0
        let items = try rows.map { row -> Row in
            total = try row.decode(Int.self, at: 10)
            return Row(
                name: try row.decode(String.self, at: 0), versionCount: try row.decode(Int.self, at: 1),
                liveVersion: try row.decodeIfPresent(Int.self, at: 2), liveSince: try row.decodeIfPresent(Date.self, at: 3),
                otherAliases: Self.aliases(try row.decodeIfPresent(String.self, at: 4)), format: try row.decodeIfPresent(String.self, at: 5),
                owner: try row.decode(String.self, at: 6), riskTier: try row.decodeIfPresent(String.self, at: 7),
                approval: Self.review(try row.decodeIfPresent(String.self, at: 8), of: try row.decodeIfPresent(Int.self, at: 2)),
                lastChange: try row.decode(Date.self, at: 9))
        }
        return (items, total)
    }

    /// The owners of the models the caller may see, for the owner filter.
    static func owners(_ caller: Caller, _ session: PostgresSession) throws -> [String] {
        var visible: SQLQuery = "SELECT DISTINCT m.owner FROM models m WHERE "
        visible.append(AccessControl.visibleModels(caller))
        visible.append(" ORDER BY 1")
        return try session.query(visible).map { try $0.decode(String.self, at: 0) }
    }

    static func formats(_ session: PostgresSession) throws -> [String] {
        try session.query("SELECT DISTINCT format FROM model_versions ORDER BY 1").map { try $0.decode(String.self, at: 0) }
    }

    /// The past in name order with no filter (the list as time travel first shows it): the page's models are found
    /// from the names in force at the point (one scan of an index over names), then only they are folded, by the
    /// same aggregate as `pastStatement`.
    static func pastByName(_ query: Query, caller: Caller, asOf: AsOf, in session: PostgresSession) throws -> ([Row], Int) {
        var sql: SQLQuery = """
            WITH named AS (
                SELECT model_id, coalesce(max(value #>> '{}') FILTER (WHERE key = 'name'), max(value ->> 'name') FILTER (WHERE key = 'registered'))
                         AS name
                FROM model_history
                WHERE kind = 'model' AND key IN ('registered', 'name', 'deleted') AND valid @> \(asOf.at)::timestamptz
                  AND known @> \(asOf.knownAt)::timestamptz AND value IS NOT NULL
            """
        if !(caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)) {
            var visible: SQLQuery = " AND model_id IN (SELECT m.model_id FROM models m WHERE "
            visible.append(AccessControl.visibleModels(caller))
            visible.append(")")
            sql.append(visible)
        }
        sql.append(
            """
                GROUP BY model_id
                HAVING bool_or(key = 'registered') AND NOT bool_or(key = 'deleted')
            )
            SELECT model_id, count(*) OVER () FROM named ORDER BY \(literalSQL: query.sort == .nameDescending ? "name DESC" : "name")
            LIMIT \(query.pageSize) OFFSET \(max(0, query.page - 1) * query.pageSize)
            """)
        var total = 0
        let ids = try session.query(sql).map { row -> UUID in
            total = try row.decode(Int.self, at: 1)
            return try row.decode(UUID.self, at: 0)
        }
        guard !ids.isEmpty else { return ([], total) }
        let (rows, _) = try decode(try session.query(pastStatement(Query(), caller: caller, asOf: asOf, only: ids)))
        return (rows.sorted { query.sort == .nameDescending ? $0.name > $1.name : $0.name < $1.name }, total)
    }

    /// The present, from the current-state projections: the page is chosen first (over `models`, in name order by
    /// its index, with filters as index probes and words looked up in `model_search`'s trigram index), counted
    /// separately, and only its rows are dressed with aliases, the shown version and its review.
    static func presentStatement(_ query: Query, caller: Caller) -> SQLQuery {
        // The version a row shows: the live one, else the latest.
        let shown = """
            (SELECT v.version FROM model_versions v WHERE v.model_id = m.model_id
             ORDER BY v.version = (SELECT a.version FROM model_aliases a WHERE a.model_id = m.model_id AND a.alias = 'production') DESC NULLS LAST,
                      v.version DESC LIMIT 1)
            """
        let liveCount = "(SELECT count(*) FROM model_versions v WHERE v.model_id = m.model_id)"
        var condition = AccessControl.visibleModels(caller)
        let patterns = words(query.text)
        if !patterns.isEmpty {
            condition.append(" AND m.model_id IN (SELECT s.model_id FROM model_search s WHERE true")
            for pattern in patterns { condition.append(" AND s.document ILIKE \(pattern)") }
            condition.append(")")
        }
        if !query.owner.isEmpty { condition.append(" AND m.owner = \(query.owner)") }
        condition.append(tagCondition(query.tag, column: "m.tags"))
        if !query.format.isEmpty {
            condition.append(
                " AND (SELECT v.format FROM model_versions v WHERE v.model_id = m.model_id AND v.version = \(literalSQL: shown)) = \(query.format)")
        }
        if let hasProduction = query.hasProduction {
            condition.append(
                " AND \(literalSQL: hasProduction ? "" : "NOT ")EXISTS (SELECT 1 FROM model_aliases a WHERE a.model_id = m.model_id AND a.alias = 'production')"
            )
        }
        var sql: SQLQuery = "WITH page AS MATERIALIZED (SELECT model_id, row_number() OVER () AS ord FROM (SELECT m.model_id FROM models m WHERE "
        sql.append(condition)
        sql.append(" ORDER BY \(literalSQL: orderBy(query.sort, name: "m.name", changed: "m.updated_at", versions: liveCount))")
        sql.append(
            " LIMIT \(query.pageSize) OFFSET \(max(0, query.page - 1) * query.pageSize)) chosen), counted AS (SELECT count(*) AS total FROM models m WHERE "
        )
        sql.append(condition)
        sql.append(
            """
            )
            SELECT m.name, \(literalSQL: liveCount), p.version, p.since,
                   (SELECT string_agg(a.alias || '=' || a.version, ',' ORDER BY a.alias) FROM model_aliases a
                    WHERE a.model_id = m.model_id AND a.alias <> 'production'),
                   v.format, m.owner, v.card ->> 'risk_tier',
                   (SELECT ap.version || ':' || ap.decision || ':' || ap.approver FROM model_approvals ap
                    WHERE ap.model_id = m.model_id AND ap.version = p.version AND ap.alias = 'production' ORDER BY ap.position DESC LIMIT 1),
                   m.updated_at, counted.total
            FROM page JOIN models m USING (model_id) CROSS JOIN counted
            LEFT JOIN model_aliases p ON p.model_id = m.model_id AND p.alias = 'production'
            LEFT JOIN model_versions v ON v.model_id = m.model_id AND v.version = \(literalSQL: shown)
            ORDER BY page.ord
            """)
        return sql
    }

    /// A past pair of instants, from the temporal projection: the facts in force at the point, folded per model by
    /// aggregates, then filtered, counted, sorted and cut. It reads every model's facts at that point, which is why
    /// the present has its own statement.
    /// `only`: fold just these models (one index probe each), with no filter, order or page.
    static func pastStatement(_ query: Query, caller: Caller, asOf: AsOf, only ids: [UUID]? = nil) -> SQLQuery {
        let searching = !words(query.text).isEmpty
        var sql: SQLQuery = """
            WITH facts AS (
                SELECT h.model_id, h.kind, h.key, lower(h.valid) AS since, h.value IS NOT NULL AS present,
                    CASE WHEN h.kind = 'model' AND h.key = 'registered' THEN h.value ->> 'name' END AS registered_name,
                    CASE WHEN h.kind = 'model' AND h.key = 'name' THEN h.value #>> '{}' END AS new_name,
                    CASE WHEN h.kind = 'model' AND h.key = 'registered' THEN h.value ->> 'owner' END AS owner,
                    CASE WHEN h.kind = 'alias' THEN (h.value ->> 'version')::integer END AS alias_version,
                    CASE WHEN h.kind = 'version' THEN h.value ->> 'format' END AS format,
                    CASE WHEN h.kind = 'version' THEN h.value -> 'card' ->> 'risk_tier' END AS risk_tier,
                    CASE WHEN h.kind = 'approval' AND h.value ->> 'alias' = 'production'
                         THEN (h.value ->> 'version') || ':' || (h.value ->> 'decision') || ':' || (h.value ->> 'approver') END AS review,
                    CASE WHEN h.kind = 'model' AND h.key = 'tags' THEN h.value END AS tags
            """
        if searching { sql.append(", CASE WHEN h.kind IN ('model', 'version') THEN h.value::text END AS document") }
        if let ids {
            // GiST cannot take `= ANY`: a probe per model.
            sql.append(
                """
                 FROM unnest(\(ids)::uuid[]) AS page(id) CROSS JOIN LATERAL (
                    SELECT * FROM model_history WHERE model_id = page.id AND valid @> \(asOf.at)::timestamptz AND known @> \(asOf.knownAt)::timestamptz
                ) h WHERE true
                """)
        } else {
            sql.append(" FROM model_history h WHERE h.valid @> \(asOf.at)::timestamptz AND h.known @> \(asOf.knownAt)::timestamptz")
        }
        if ids == nil && !(caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)) {
            // Visibility is the caller's now; those who may not read everything never see deleted models.
            var visible: SQLQuery = " AND h.model_id IN (SELECT m.model_id FROM models m WHERE "
            visible.append(AccessControl.visibleModels(caller))
            visible.append(")")
            sql.append(visible)
        }
        sql.append(
            """
            ), catalogue AS (
                SELECT model_id, coalesce(max(new_name), max(registered_name)) AS name, max(owner) AS owner,
                    bool_or(kind = 'model' AND key = 'registered' AND present) AS registered,
                    bool_or(kind = 'model' AND key = 'deleted' AND present) AS deleted,
                    count(*) FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND present)
                      - count(*) FILTER (WHERE kind = 'version' AND key LIKE '%:deleted' AND present) AS version_count,
                    max(alias_version) FILTER (WHERE kind = 'alias' AND key = 'production') AS live,
                    max(since) FILTER (WHERE kind = 'alias' AND key = 'production' AND present) AS live_since,
                    string_agg(key || '=' || alias_version, ',' ORDER BY key) FILTER (WHERE kind = 'alias' AND key <> 'production' AND present)
                      AS other_aliases,
                    max(key::integer) FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND present) AS latest,
                    jsonb_object_agg(key, jsonb_build_array(format, risk_tier)) FILTER (WHERE kind = 'version' AND key ~ '^[0-9]+$' AND present)
                      AS shown,
                    string_agg(review, ',' ORDER BY key::bigint) FILTER (WHERE review IS NOT NULL) AS reviews,
                    (array_agg(tags) FILTER (WHERE tags IS NOT NULL))[1] AS tags,
                    max(since) AS last_change
            """)
        if searching { sql.append(", string_agg(document, ' ') AS document") }
        sql.append(
            """

                FROM facts GROUP BY model_id
            ), listed AS (
                SELECT c.*, c.shown -> coalesce(c.live, c.latest)::text ->> 0 AS format,
                       c.shown -> coalesce(c.live, c.latest)::text ->> 1 AS risk_tier
                FROM catalogue c WHERE c.registered AND NOT c.deleted
            )
            SELECT name, version_count, live, live_since, other_aliases, format, owner, risk_tier, reviews, last_change, count(*) OVER ()
            FROM listed WHERE true
            """)
        if ids != nil { return sql }
        for word in words(query.text) { sql.append(" AND (name || ' ' || coalesce(document, '')) ILIKE \(word)") }
        if !query.owner.isEmpty { sql.append(" AND owner = \(query.owner)") }
        sql.append(tagCondition(query.tag, column: "tags"))
        if !query.format.isEmpty { sql.append(" AND format = \(query.format)") }
        if let hasProduction = query.hasProduction { sql.append(" AND live IS \(literalSQL: hasProduction ? "NOT " : "")NULL") }
        sql.append(" ORDER BY \(literalSQL: orderBy(query.sort, name: "name", changed: "last_change", versions: "version_count"))")
        sql.append(" LIMIT \(query.pageSize) OFFSET \(max(0, query.page - 1) * query.pageSize)")
        return sql
    }

    /// The search words as ILIKE patterns (at most eight; wildcards in them are literal).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).prefix(8).map { "%" + escapeLike(String($0)) + "%" }
    }

    /// `key` (present) or `key=value` on a jsonb tags column.
    static func tagCondition(_ tag: String, column: String) -> SQLQuery {
        guard !tag.isEmpty else { return "" }
        let parts = tag.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2 { return " AND \(literalSQL: column) ->> \(parts[0]) = \(parts[1])" }
        return " AND \(literalSQL: column) ? \(parts[0])"
    }

    /// The ORDER BY for a sort, with the name as the tie-break.
    static func orderBy(_ sort: Sort, name: String, changed: String, versions: String) -> String {
        switch sort {
        case .name: name
        case .nameDescending: name + " DESC"
        case .changed: "\(changed), \(name)"
        case .changedDescending: "\(changed) DESC, \(name)"
        case .versions: "\(versions), \(name)"
        case .versionsDescending: "\(versions) DESC, \(name)"
        }
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
