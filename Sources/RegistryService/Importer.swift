import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain

/// Brings models that lived before the registry into it (`modelreg import`): their past recorded as back-dated
/// events, in one transaction — every row lands or none does. Importing the same rows again adds nothing: the
/// model ids and event ids are derived from the rows, so a second import finds its events already in the ledger.
public struct Importer: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger

    public init(pool: PostgresConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    public struct Report: Sendable, Codable, Equatable {
        public struct Model: Sendable, Codable, Equatable {
            public var model: String
            /// `imported`, `already_imported`, or `would_import` on a dry run.
            public var status: String
            public var versions: Int
            public var events: Int
        }

        public var source: String
        public var dryRun: Bool
        public var models: [Model]
        public var eventsAppended: Int

        enum CodingKeys: String, CodingKey {
            case source, dryRun = "dry_run", models, eventsAppended = "events_appended"
        }
    }

    /// Imports `rows` (read from `source`, numbered in `unit`s). Admins only. `pendingArtifacts` (digest → size)
    /// stands in for artifacts a dry run has not uploaded yet.
    public func run(
        _ rows: [BackfillRow], source: String, unit: String = "line", dryRun: Bool = false, pendingArtifacts: [String: Int64] = [:],
        context: CommandContext
    ) async throws -> Report {
        guard context.registryRoles.contains(.admin) else {
            throw RegistryError(.forbidden, "forbidden", "importing past history is for admins")
        }
        guard !rows.isEmpty else { throw RegistryError(.unprocessable, "invalid_backfill", "the file has no rows") }
        let now = Date()
        return try await pool.withSession { session in
            try session.transaction { session -> Report in
                let digests = Array(Set(rows.map(\.artifactSHA256)))
                var sizes = pendingArtifacts
                for row in try session.query("SELECT sha256, size FROM artifacts WHERE sha256 = ANY(\(digests)::text[])") {
                    sizes[try row.decode(String.self, at: 0)] = try row.decode(Int64.self, at: 1)
                }
                let names = Array(Set(rows.flatMap { [$0.owner, $0.approver] }))
                let principals = Set(
                    try session.query("SELECT name FROM principals WHERE name = ANY(\(names)::text[])").map { try $0.decode(String.self, at: 0) })
                // Versions in a format the registry reads are checked as at registration, and get their signature.
                var signatures: [String: JSONValue] = [:]
                var unreadable: [BackfillError.Problem] = []
                for row in rows where ModelFormats.isChecked(row.format) && signatures[row.artifactSHA256] == nil {
                    guard let bytes = try ArtifactStore.bytes(row.artifactSHA256, limit: ModelFormats.readLimit, in: session) else { continue }
                    do {
                        signatures[row.artifactSHA256] = try ModelFormats.signature(format: row.format, artifact: bytes, declared: nil)
                    } catch let error as RegistryError {
                        unreadable.append(.init(line: row.line, message: error.message))
                    }
                }
                let plans: [Backfill.ModelPlan]
                switch Backfill.plan(
                    rows, modelId: Self.modelId, now: now, artifactSizes: sizes, signatures: signatures, principals: principals, unit: unit)
                {
                case .success(let planned) where unreadable.isEmpty: plans = planned
                case .success: throw Self.refusal(BackfillError(problems: unreadable, unit: unit))
                case .failure(let error): throw Self.refusal(BackfillError(problems: error.problems + unreadable, unit: unit))
                }

                var report = Report(source: source, dryRun: dryRun, models: [], eventsAppended: 0)
                var problems: [BackfillError.Problem] = []
                var requests: [AppendRequest] = []
                for plan in plans {
                    let modelId = Self.modelId(plan.name)
                    let events = plan.events.enumerated().map { index, planned in
                        NewEvent(
                            eventId: Self.eventId(plan.name, index, planned), type: planned.event.typeName, data: planned.event.encodedPayload(),
                            metadata: Self.metadata(context, source: source, unit: unit, line: planned.line), effectiveAt: planned.effectiveAt)
                    }
                    let existing = try session.query("SELECT model_id FROM models WHERE name = \(plan.name)").first?.decode(UUID.self, at: 0)
                    if let existing {
                        let ids = events.map(\.eventId)
                        let found = try session.query("SELECT count(*) FROM ledger_events WHERE event_id = ANY(\(ids)::uuid[])").first?
                            .decode(Int.self, at: 0)
                        guard existing == modelId, found == ids.count else {
                            problems.append(
                                .init(
                                    line: plan.firstLine,
                                    message: "model '\(plan.name)' is already in the registry; a backfill brings in models new to it "
                                        + "(importing the same rows again adds nothing)"))
                            continue
                        }
                        report.models.append(.init(model: plan.name, status: "already_imported", versions: plan.versions, events: 0))
                        continue
                    }
                    report.models.append(
                        .init(model: plan.name, status: dryRun ? "would_import" : "imported", versions: plan.versions, events: events.count))
                    requests.append(
                        AppendRequest(
                            stream: Streams.model(modelId), expectedVersion: .noStream, actor: context.actor, events: events,
                            afterAppend: { result in try Projector.work(result.events) }))
                }
                guard problems.isEmpty else { throw Self.refusal(BackfillError(problems: problems, unit: unit)) }
                if dryRun { return report }
                for request in requests {
                    report.eventsAppended += try PostgresEventLog.append(request, in: session).events.count
                }
                logger.info(
                    "backfill imported",
                    metadata: ["backfill.source": "\(source)", "backfill.models": "\(requests.count)", "backfill.events": "\(report.eventsAppended)"])
                return report
            }
        }
    }

    private static func refusal(_ error: BackfillError) -> RegistryError {
        let shown = BackfillError(problems: Array(error.problems.sorted { $0.line < $1.line }.prefix(50)), unit: error.unit)
        let more = error.problems.count > 50 ? "; and \(error.problems.count - 50) more" : ""
        return RegistryError(.unprocessable, "invalid_backfill", "nothing was imported: \(shown)\(more)")
    }

    /// A backfilled model's id comes from its name, so importing the same file twice names the same stream.
    static func modelId(_ name: String) -> UUID {
        UUID.nameBased("backfill-model\u{0}\(name)")
    }

    /// An event's id comes from its model, place and content: the same row imported again is the same event.
    private static func eventId(_ model: String, _ index: Int, _ planned: Backfill.PlannedEvent) -> UUID {
        let payload = String(decoding: planned.event.encodedPayload(), as: UTF8.self)
        return UUID.nameBased("backfill-event\u{0}\(model)\u{0}\(index)\u{0}\(RFC3339.format(planned.effectiveAt))\u{0}\(payload)")
    }

    private static func metadata(_ context: CommandContext, source: String, unit: String, line: Int) -> [UInt8] {
        Array(
            Projector.json([
                "request_id": context.requestId, "reason": "backfill from \(source), \(unit) \(line)", "backfill_source": source,
                "backfill_\(unit)": String(line),
            ]).utf8)
    }
}
