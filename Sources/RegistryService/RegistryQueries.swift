import EventLog
import Foundation
import Postgres
import RegistryDomain

/// The read side over the current-state projections and the ledger.
public struct RegistryQueries: Sendable {
    let pool: PostgresConnectionPool
    /// Where as-of reads come from: the temporal tables, or the fold oracle they are tested and benchmarked against.
    let source: AsOfSource

    public init(pool: PostgresConnectionPool, source: AsOfSource = .temporalTables) {
        self.pool = pool
        self.source = source
    }

    /// Models the caller may see, ordered by name, after the `after` cursor (a name), optionally filtered by a
    /// substring of the name. Invisible models are simply absent.
    public func listModels(caller: Caller, after: String?, limit: Int, nameContains: String? = nil) async throws -> Page<ModelView> {
        let pattern = nameContains.map { "%" + escapeLike($0) + "%" }
        let models = try await pool.withSession { session in
            var query: SQLQuery = """
                \(literalSQL: Self.modelColumns)
                WHERE (\(after)::text IS NULL OR m.name > \(after)) AND (\(pattern)::text IS NULL OR m.name ILIKE \(pattern)) AND
                """
            query.append(AccessControl.visibleModels(caller))
            query.append(" ORDER BY m.name LIMIT \(limit + 1)")
            return try Self.decodeModels(try session.query(query), in: session)
        }
        let hasMore = models.count > limit
        let items = Array(models.prefix(limit))
        return Page(items: items, next: hasMore ? items.last?.name : nil)
    }

    /// A model the caller may see; not found otherwise.
    public func model(named name: String, caller: Caller) async throws -> ModelView {
        try await pool.withSession { session in
            _ = try Self.authorize(.view, name, caller, session)
            guard let model = try Self.decodeModels(try session.query("\(literalSQL: Self.modelColumns) WHERE m.name = \(name)"), in: session).first
            else { throw RegistryError.modelNotFound(name) }
            return model
        }
    }

    public func versions(of name: String, caller: Caller, after: Int?, limit: Int) async throws -> Page<VersionView> {
        let views = try await pool.withSession { session in
            _ = try Self.authorize(.view, name, caller, session)
            return try Self.versions(session: session, name: name, version: nil, after: after ?? 0, limit: limit + 1)
        }
        let items = Array(views.prefix(limit))
        return Page(items: items, next: views.count > limit ? items.last.map { String($0.version) } : nil)
    }

    /// One version of a model the caller may see; not found when either is missing.
    public func version(_ version: Int, of name: String, caller: Caller) async throws -> VersionView {
        try await pool.withSession { session in
            _ = try Self.authorize(.view, name, caller, session)
            guard let view = try Self.versions(session: session, name: name, version: version, after: 0, limit: 1).first else {
                throw RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "model '\(name)' has no version \(version)")
            }
            return view
        }
    }

    /// Who holds which role on the model: for its owners, auditors and admins.
    public func grants(of name: String, caller: Caller) async throws -> [GrantView] {
        try await pool.withSession { session in
            let modelId = try Self.authorize(.viewGrants, name, caller, session)
            return try session.query(
                """
                SELECT principal, role, expires_at, granted_by, granted_at, reason
                FROM model_grants WHERE model_id = \(modelId) ORDER BY principal, role
                """
            ).map { row in
                GrantView(
                    principal: try row.decode(String.self, at: 0), role: ModelRole(rawValue: try row.decode(String.self, at: 1)) ?? .viewer,
                    expiresAt: try row.decodeIfPresent(Date.self, at: 2), grantedBy: try row.decode(String.self, at: 3),
                    grantedAt: try row.decode(Date.self, at: 4), reason: try row.decodeIfPresent(String.self, at: 5))
            }
        }
    }

    /// The model's stream: every event about it, in order, with both times and hashes.
    public func history(of name: String, caller: Caller, afterVersion: Int64, limit: Int) async throws -> Page<EventView> {
        let events = try await pool.withSession { session in
            // A deleted model's history stays readable (by auditors and admins).
            guard let modelId = try Self.modelsNamed(name, .view, caller, session).first else { throw RegistryError.modelNotFound(name) }
            return try PostgresEventLog.readStream(Streams.model(modelId), afterVersion: 0, in: session)
        }
        // Annotated over the whole stream: a retraction later in the stream marks an event on this page.
        let views = HistoryAnnotation.annotate(events).filter { $0.streamVersion > afterVersion }
        let items = Array(views.prefix(limit))
        return Page(items: items, next: views.count > limit ? items.last.map { String($0.streamVersion) } : nil)
    }

    /// The model as the registry held it for `asOf`, checked against the caller's rights now: an auditor may look
    /// at the past, a principal whose access was revoked may not. Not found when the model did not exist then.
    public func model(named name: String, caller: Caller, asOf: AsOf) async throws -> ModelView {
        ModelView(try await state(of: name, caller: caller, asOf: asOf), asOf: asOf)
    }

    /// The models that existed for `asOf` and that the caller may see now, in the same pages as `listModels`.
    public func listModels(caller: Caller, asOf: AsOf, after: String?, limit: Int, nameContains: String? = nil) async throws -> Page<ModelView> {
        let pattern = nameContains.map { "%" + escapeLike($0) + "%" }
        let source = self.source
        let states = try await pool.withSession { session in
            var query: SQLQuery = """
                SELECT m.model_id FROM models m
                WHERE (\(after)::text IS NULL OR m.name > \(after)) AND (\(pattern)::text IS NULL OR m.name ILIKE \(pattern)) AND
                """
            query.append(AccessControl.visibleModels(caller))
            query.append(" ORDER BY m.name")
            let ids = try session.query(query).map { try $0.decode(UUID.self, at: 0) }
            // Existence then is a property of the history, so candidates are filtered page by page.
            var found: [ModelState] = []
            var start = 0
            while start < ids.count && found.count <= limit {
                let batch = Array(ids[start..<min(ids.count, start + limit + 1)])
                let existing = try AsOfReads.states(batch, asOf: asOf, source: source, in: session)
                found += batch.compactMap { existing[$0] }
                start += batch.count
            }
            return found
        }
        let items = states.prefix(limit).map { ModelView($0, asOf: asOf) }
        return Page(items: Array(items), next: states.count > limit ? items.last?.name : nil, asOf: asOf)
    }

    /// The versions as they stood for `asOf`, in the same pages as `versions(of:caller:after:limit:)`.
    public func versions(of name: String, caller: Caller, asOf: AsOf, after: Int?, limit: Int) async throws -> Page<VersionView> {
        let state = try await state(of: name, caller: caller, asOf: asOf)
        let versions = state.liveVersions.filter { $0.version > after ?? 0 }
        let items = versions.prefix(limit).map { VersionView($0, of: state, asOf: asOf) }
        return Page(items: Array(items), next: versions.count > limit ? items.last.map { String($0.version) } : nil, asOf: asOf)
    }

    /// One version as it stood for `asOf`; not found if it was not registered (or not yet known) then.
    public func version(_ number: Int, of name: String, caller: Caller, asOf: AsOf) async throws -> VersionView {
        let state = try await state(of: name, caller: caller, asOf: asOf)
        guard let version = state.version(number) else {
            throw RegistryError(.notFound, DomainError.Code.versionNotFound.rawValue, "model '\(name)' had no version \(number) then")
        }
        return VersionView(version, of: state, asOf: asOf)
    }

    /// Who held which role on the model at `asOf.at` (grants expired by then are left out), as known at `known_at`.
    public func grants(of name: String, caller: Caller, asOf: AsOf) async throws -> [GrantView] {
        GrantView.held(in: try await state(of: name, caller: caller, asOf: asOf, operation: .viewGrants), at: asOf.at)
    }

    /// The model's events as known at `asOf.knownAt` and effective by `asOf.at`, in stream order.
    public func history(of name: String, caller: Caller, asOf: AsOf, afterVersion: Int64, limit: Int) async throws -> Page<EventView> {
        let (events, modelExisted) = try await pool.withSession { session in
            let modelId = try Self.authorize(.view, name, caller, session)
            let events = try PostgresEventLog.readStream(Streams.model(modelId), recordedUpTo: asOf.knownAt, excludingTypes: [], in: session)
            return (events, events.contains { $0.type == "ModelRegistered" && $0.effectiveAt <= asOf.at })
        }
        guard modelExisted else { throw Self.notThen(name, asOf) }
        let views = HistoryAnnotation.annotate(events).filter { $0.effectiveAt <= asOf.at && $0.streamVersion > afterVersion }
        let items = Array(views.prefix(limit))
        return Page(items: items, next: views.count > limit ? items.last.map { String($0.streamVersion) } : nil, asOf: asOf)
    }

    /// For every model the caller may see (as their rights are now), or only `model`, where `alias` pointed at
    /// `asOf` and since when.
    public func live(caller: Caller, asOf: AsOf, alias: String, model: String? = nil) async throws -> LiveView {
        let source = self.source
        let items = try await pool.withSession { session in
            try AsOfReads.live(alias: alias, asOf: asOf, scope: try Self.liveScope(caller, model, session), source: source, in: session)
        }
        return LiveView(asOf: asOf, alias: alias, items: items)
    }

    /// The database's own time (EXPLAIN ANALYZE, milliseconds) for `live` answered from the temporal tables: the
    /// cost of the index lookup without the round trip.
    public func liveExecutionMilliseconds(caller: Caller, asOf: AsOf, alias: String, model: String? = nil) async throws -> Double {
        let plan = try await pool.withSession { session in
            var explain: SQLQuery = "EXPLAIN (ANALYZE, FORMAT JSON) "
            explain.append(TemporalTables.liveStatement(alias: alias, asOf: asOf, scope: try Self.liveScope(caller, model, session)))
            return try session.query(explain).first?.decode(String.self, at: 0) ?? "[]"
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]]
        return parsed?.first?["Execution Time"] as? Double ?? .nan
    }

    /// One model (found and checked first, so the lookup is by id), or every model the caller may see.
    private static func liveScope(_ caller: Caller, _ model: String?, _ session: PostgresSession) throws -> AsOfReads.Scope {
        guard let model else { return .visible(AccessControl.visibleModels(caller)) }
        return .model(try authorize(.view, model, caller, session))
    }

    func state(of name: String, caller: Caller, asOf: AsOf, operation: ModelOperation = .view) async throws -> ModelState {
        let source = self.source
        let state = try await pool.withSession { session -> ModelState? in
            // The model of that name now, else the ones deleted under it (newest first): the first that existed then.
            let candidates = try Self.modelsNamed(name, operation, caller, session)
            let states = try AsOfReads.states(candidates, asOf: asOf, source: source, in: session)
            return candidates.lazy.compactMap { states[$0] }.first
        }
        guard let state else { throw Self.notThen(name, asOf) }
        return state
    }

    private static func notThen(_ name: String, _ asOf: AsOf) -> RegistryError {
        RegistryError(
            .notFound, DomainError.Code.modelNotFound.rawValue,
            "model '\(name)' did not exist at \(RFC3339.format(asOf.at)) as known at \(RFC3339.format(asOf.knownAt))")
    }

    /// The model's id if `operation` is allowed; not found (missing or invisible) or forbidden otherwise.
    static func authorize(_ operation: ModelOperation, _ name: String, _ caller: Caller, _ session: PostgresSession) throws -> UUID {
        guard let modelId = try session.query("SELECT model_id FROM models WHERE name = \(name)").first?.decode(UUID.self, at: 0) else {
            throw RegistryError.modelNotFound(name)
        }
        try AccessControl.check(operation, caller: caller, modelId: modelId, model: name, in: session)
        return modelId
    }

    /// The model named `name` now (if the caller may do `operation`), then the models deleted under that name,
    /// newest first: their past stays readable by auditors and admins (their grants went with them).
    static func modelsNamed(_ name: String, _ operation: ModelOperation, _ caller: Caller, _ session: PostgresSession) throws -> [UUID] {
        var found: [UUID] = []
        var refusal: RegistryError = .modelNotFound(name)
        do {
            found.append(try authorize(operation, name, caller, session))
        } catch let error as RegistryError where error.kind == .notFound {
            refusal = error
        }
        if operation.isRead && (caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor)) {
            found += try session.query("SELECT model_id FROM deleted_models WHERE name = \(name) ORDER BY deleted_at DESC").map {
                try $0.decode(UUID.self, at: 0)
            }
        }
        guard !found.isEmpty else { throw refusal }
        return found
    }

    /// Predictions logged per version of a model the caller may see, up to `asOf` when given (what was logged by
    /// then), for the web UI's counts.
    public func predictionCounts(of name: String, caller: Caller, asOf: AsOf?) async throws -> [Int: Int64] {
        try await pool.withSession { session in
            let ids = try Self.modelsNamed(name, .view, caller, session)
            let until = asOf.map { min($0.at, $0.knownAt) } ?? Date.distantFuture
            var counts: [Int: Int64] = [:]
            for row in try session.query(
                "SELECT version, count(*) FROM predictions WHERE model_id = \(ids[0]) AND recorded_at <= \(until) GROUP BY version")
            {
                counts[try row.decode(Int.self, at: 0)] = try row.decode(Int64.self, at: 1)
            }
            return counts
        }
    }

    /// The model operations the caller may perform on a model now: what the web UI offers as forms.
    public func permissions(on name: String, caller: Caller) async throws -> Set<ModelOperation> {
        try await pool.withSession { session in
            guard let (_, standing) = try AccessControl.standing(of: caller.name, modelNamed: name, in: session) else { return [] }
            return Set(
                ModelOperation.allCases.filter {
                    AccessPolicy.decide($0, caller: caller, roles: standing.roles, model: name) == .allowed
                })
        }
    }

    /// The whole ledger after a position: it spans every model, so only auditors and admins read it.
    public func events(caller: Caller, afterPosition: Int64, limit: Int) async throws -> Page<EventView> {
        guard caller.registryRoles.contains(.admin) || caller.registryRoles.contains(.auditor) else {
            throw RegistryError(
                .forbidden, "forbidden",
                "reading the whole event log needs the auditor or admin role; a model's history is readable with its viewer role")
        }
        let events = try await pool.withSession { session in
            try PostgresEventLog.read(afterPosition: afterPosition, limit: limit + 1, in: session)
        }
        let items = events.prefix(limit).map(EventView.init)
        return Page(items: items, next: events.count > limit ? items.last.map { String($0.position) } : nil)
    }

    private static let modelColumns = """
        SELECT m.model_id, m.name, m.description, m.tags::text, m.owner, m.created_at, m.created_by, m.updated_at, m.version_count,
               m.protected_aliases, m.evaluation::text, m.gates::text
        FROM models m
        """

    private static func decodeModels(_ rows: PostgresRows, in session: PostgresSession) throws -> [ModelView] {
        let decoder = RegistryEvent.makeDecoder()
        var models = try rows.map { row in
            ModelView(
                name: try row.decode(String.self, at: 1), modelId: try row.decode(UUID.self, at: 0).uuidString.lowercased(),
                description: try row.decode(String.self, at: 2),
                tags: try decoder.decode([String: String].self, from: Data(try row.decode(String.self, at: 3).utf8)),
                owner: try row.decode(String.self, at: 4), createdAt: try row.decode(Date.self, at: 5), createdBy: try row.decode(String.self, at: 6),
                updatedAt: try row.decode(Date.self, at: 7),
                latestVersion: try row.decode(Int.self, at: 8) == 0 ? nil : try row.decode(Int.self, at: 8),
                aliases: [:], protectedAliases: try row.decode([String].self, at: 9),
                evaluation: try row.decodeIfPresent(String.self, at: 10).map { try decoder.decode(EvaluationDatasetSet.self, from: Data($0.utf8)) },
                gates: try decoder.decode([String: PromotionGateSet].self, from: Data(try row.decode(String.self, at: 11).utf8)).nilIfEmpty)
        }
        guard !models.isEmpty else { return [] }
        let ids = models.map(\.modelId)
        let aliasRows = try session.query("SELECT model_id, alias, version, since, set_by FROM model_aliases WHERE model_id = ANY(\(ids)::uuid[])")
        var index: [String: Int] = [:]
        for (position, model) in models.enumerated() { index[model.modelId] = position }
        for row in aliasRows {
            guard let position = index[try row.decode(UUID.self, at: 0).uuidString.lowercased()] else { continue }
            models[position].aliases[try row.decode(String.self, at: 1)] = AliasView(
                version: try row.decode(Int.self, at: 2), since: try row.decode(Date.self, at: 3), setBy: try row.decode(String.self, at: 4))
        }
        return models
    }

    private static func versions(session: PostgresSession, name: String, version: Int?, after: Int, limit: Int) throws -> [VersionView] {
        let decoder = RegistryEvent.makeDecoder()
        func json<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
            guard let text else { return nil }
            return try decoder.decode(T.self, from: Data(text.utf8))
        }
        let rows = try session.query(
            """
            SELECT v.version, v.artifact_sha256, v.artifact_size, v.format, v.description, v.signature::text, v.card::text, v.metrics::text,
                   v.lineage::text, v.tags::text, v.registrant, v.registered_at, v.model_id, v.computed_metrics::text
            FROM model_versions v JOIN models m USING (model_id)
            WHERE m.name = \(name) AND (\(version)::int IS NULL OR v.version = \(version)) AND v.version > \(after)
            ORDER BY v.version LIMIT \(limit)
            """)
        var views = try rows.map { row in
            VersionView(
                model: name, version: try row.decode(Int.self, at: 0), artifactSHA256: try row.decode(String.self, at: 1),
                artifactSize: try row.decode(Int64.self, at: 2), format: try row.decode(String.self, at: 3),
                description: try row.decode(String.self, at: 4),
                signature: try json(JSONValue.self, try row.decodeIfPresent(String.self, at: 5)),
                card: try json(JSONValue.self, try row.decodeIfPresent(String.self, at: 6)),
                metrics: try json([String: Double].self, try row.decode(String.self, at: 7)) ?? [:],
                lineage: try json(Lineage.self, try row.decode(String.self, at: 8)) ?? Lineage(),
                tags: try json([String: String].self, try row.decode(String.self, at: 9)) ?? [:], registrant: try row.decode(String.self, at: 10),
                registeredAt: try row.decode(Date.self, at: 11), aliases: [], approvals: [],
                computedMetrics: try json(MetricsComputed.self, try row.decodeIfPresent(String.self, at: 13)))
        }
        guard let modelId = try rows.first?.decode(UUID.self, at: 12) else { return [] }
        let numbers = views.map(\.version)
        for row in try session.query(
            "SELECT alias, version FROM model_aliases WHERE model_id = \(modelId) AND version = ANY(\(numbers)::int[]) ORDER BY alias")
        {
            let number = try row.decode(Int.self, at: 1)
            if let position = views.firstIndex(where: { $0.version == number }) { views[position].aliases.append(try row.decode(String.self, at: 0)) }
        }
        for row in try session.query(
            """
            SELECT version, alias, decision, approver, notes, approved_at, position FROM model_approvals
            WHERE model_id = \(modelId) AND version = ANY(\(numbers)::int[]) ORDER BY approved_at, position
            """)
        {
            let approval = ApprovalView(
                version: try row.decode(Int.self, at: 0), alias: try row.decode(String.self, at: 1), decision: try row.decode(String.self, at: 2),
                approver: try row.decode(String.self, at: 3), notes: try row.decode(String.self, at: 4), approvedAt: try row.decode(Date.self, at: 5),
                position: try row.decode(Int64.self, at: 6))
            if let position = views.firstIndex(where: { $0.version == approval.version }) { views[position].approvals.append(approval) }
        }
        return views
    }

    private func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}

extension Dictionary {
    /// Nil for an empty dictionary: optional fields are left out of documents when there is nothing to say.
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
