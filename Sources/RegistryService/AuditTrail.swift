import EventLog
import Foundation
import Postgres
import RegistryDomain

/// The ledger as the audit page reads it: filtered by model, type, actor and recorded period, newest first, each
/// event named by its model. Auditors and admins read every stream; anyone else the streams of models they may see.
public struct AuditTrail: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    public struct Filter: Sendable, Equatable {
        public var model = ""
        public var type = ""
        public var actor = ""
        /// Recorded in [from, to).
        public var from: Date?
        public var to: Date?

        public init() {}
    }

    public struct Entry: Sendable {
        public var event: EventView
        /// The model the event belongs to (its current name, or its name when deleted); nil for principal streams.
        public var model: String?
    }

    public struct Page: Sendable {
        public var entries: [Entry]
        /// The position to read before for the next (older) page.
        public var nextBefore: Int64?
    }

    public func events(_ filter: Filter, caller: Caller, before: Int64?, limit: Int) async throws -> Page {
        let everything = caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)
        return try await pool.withSession { session in
            var condition: SQLQuery = "true"
            if !filter.model.isEmpty {
                let ids = try RegistryQueries.modelsNamed(filter.model, .view, caller, session)
                condition.append(" AND stream = ANY(\(ids.map(Streams.model))::text[])")
            } else if !everything {
                var visible: SQLQuery = " AND stream IN (SELECT 'model-' || m.model_id::text FROM models m WHERE "
                visible.append(AccessControl.visibleModels(caller))
                visible.append(")")
                condition.append(visible)
            }
            if !filter.type.isEmpty { condition.append(" AND type = \(filter.type)") }
            if !filter.actor.isEmpty { condition.append(" AND actor = \(filter.actor)") }
            if let from = filter.from { condition.append(" AND recorded_at >= \(from)") }
            if let to = filter.to { condition.append(" AND recorded_at < \(to)") }
            let events = try PostgresEventLog.read(matching: condition, beforePosition: before ?? Int64.max, limit: limit + 1, in: session)
            let page = Array(events.prefix(limit))
            let ids = Array(Set(page.compactMap { Streams.modelId(of: $0.stream) }))
            var names: [UUID: String] = [:]
            for row in try session.query(
                """
                SELECT model_id, name FROM models WHERE model_id = ANY(\(ids)::uuid[])
                UNION ALL SELECT model_id, name FROM deleted_models WHERE model_id = ANY(\(ids)::uuid[])
                """)
            {
                names[try row.decode(UUID.self, at: 0)] = try row.decode(String.self, at: 1)
            }
            return Page(
                entries: page.map { Entry(event: EventView($0), model: Streams.modelId(of: $0.stream).flatMap { names[$0] }) },
                nextBefore: events.count > limit ? page.last?.position : nil)
        }
    }

    /// The event types in the ledger, for a filter's choices.
    public func types() async throws -> [String] {
        try await pool.withSession { session in
            // A loose index scan over (type, position): one probe per distinct type, not a pass over the ledger.
            try session.query(
                """
                WITH RECURSIVE t AS (
                    (SELECT type FROM ledger_events ORDER BY type LIMIT 1)
                    UNION ALL
                    SELECT (SELECT type FROM ledger_events WHERE type > t.type ORDER BY type LIMIT 1) FROM t WHERE t.type IS NOT NULL
                )
                SELECT type FROM t WHERE type IS NOT NULL
                """
            ).map { try $0.decode(String.self, at: 0) }
        }
    }
}
