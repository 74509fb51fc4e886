import Foundation

/// One line of a backfill file: a version of a model that lived before the registry, when it went live in
/// `production` and when it was retired, who owned the model and who approved the version.
public struct BackfillRow: Sendable, Equatable, Codable {
    /// Where the row is in its file (line for CSV, entry for JSON), for error messages.
    public var line: Int
    public var model: String
    /// Optional check: versions are numbered 1, 2, 3 … in the order they went live.
    public var version: Int?
    public var artifactSHA256: String
    public var format: String
    public var liveFrom: Date
    public var retiredAt: Date?
    public var approver: String
    public var owner: String
    public var description: String?
    public var reason: String?

    public init(
        line: Int, model: String, version: Int?, artifactSHA256: String, format: String, liveFrom: Date, retiredAt: Date?, approver: String,
        owner: String, description: String? = nil, reason: String? = nil
    ) {
        self.line = line
        self.model = model
        self.version = version
        self.artifactSHA256 = artifactSHA256
        self.format = format
        self.liveFrom = liveFrom
        self.retiredAt = retiredAt
        self.approver = approver
        self.owner = owner
        self.description = description
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case line, model, version, artifactSHA256 = "artifact_sha256", format, liveFrom = "live_from", retiredAt = "retired_at", approver, owner,
            description, reason
    }
}

/// A refusal of a whole backfill: every bad row, by line. Nothing is written when there is one.
public struct BackfillError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Error, Sendable, Equatable, Codable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public var problems: [Problem]
    /// "line" for CSV files, "entry" for JSON arrays.
    public var unit: String

    public init(problems: [Problem], unit: String) {
        self.problems = problems
        self.unit = unit
    }

    public var description: String {
        problems.sorted { $0.line < $1.line }.map { "\(unit) \($0.line): \($0.message)" }.joined(separator: "; ")
    }
}

/// Turns backfill rows into the back-dated events that record a model's past: its registration when its first
/// version went live, then per version the registration, the approval (four-eyes: the approver is not the owner,
/// who registered it) and the move of `production`, each at its live date, and a removal of `production` when a
/// version was retired before the next went live. Pure: the caller supplies the clock, the artifacts it holds
/// and the principals that exist.
public enum Backfill {
    /// The alias a backfill moves.
    public static let alias = "production"

    /// One model's planned events, in the order they are appended.
    public struct ModelPlan: Sendable, Equatable {
        public var name: String
        public var owner: String
        public var firstLine: Int
        public var events: [PlannedEvent]
        public var versions: Int
    }

    public struct PlannedEvent: Sendable, Equatable {
        public var event: RegistryEvent
        public var effectiveAt: Date
        /// The row it comes from, for the ledger's metadata.
        public var line: Int
    }

    public static func plan(
        _ rows: [BackfillRow], modelId: (String) -> UUID, now: Date, artifactSizes: [String: Int64], signatures: [String: JSONValue] = [:],
        principals: Set<String>, unit: String = "line"
    ) -> Result<[ModelPlan], BackfillError> {
        var problems: [BackfillError.Problem] = []
        func problem(_ row: BackfillRow, _ message: String) { problems.append(.init(line: row.line, message: message)) }

        for row in rows {
            do throws(DomainError) {
                try Validation.validateModelName(row.model)
                try Validation.validateSHA256(row.artifactSHA256)
                try Validation.validateFormat(row.format)
                try Validation.validateDescription(row.description ?? "")
                try Validation.validateReason(row.reason)
            } catch {
                problem(row, error.message)
                continue
            }
            if artifactSizes[row.artifactSHA256] == nil {
                problem(row, "no artifact with SHA-256 \(row.artifactSHA256) in the registry; upload it first or give the file's path")
            }
            if row.liveFrom > now { problem(row, "live_from \(RFC3339.format(row.liveFrom)) is in the future: a backfill records the past") }
            if let retired = row.retiredAt {
                if retired <= row.liveFrom { problem(row, "retired_at must be after live_from") }
                if retired > now { problem(row, "retired_at \(RFC3339.format(retired)) is in the future: a backfill records the past") }
            }
            for (role, name) in [("owner", row.owner), ("approver", row.approver)] where !principals.contains(name) {
                problem(row, "\(role) '\(Validation.printable(name))' is not a principal of the registry")
            }
            if row.approver == row.owner {
                problem(row, "the approver is the owner, who registered the version: four-eyes needs someone else")
            }
        }

        var plans: [ModelPlan] = []
        let byModel = Dictionary(grouping: rows, by: \.model)
        for name in byModel.keys.sorted() {
            let lines = byModel[name]!.sorted { ($0.liveFrom, $0.line) < ($1.liveFrom, $1.line) }
            let first = lines[0]
            for row in lines where row.owner != first.owner {
                problem(row, "model '\(name)' has owner '\(first.owner)' on line \(first.line) and '\(row.owner)' here")
            }
            for (index, row) in lines.enumerated() {
                if let version = row.version, version != index + 1 {
                    problem(row, "version \(version) of '\(name)' would be version \(index + 1): versions are numbered in the order they went live")
                }
                guard index + 1 < lines.count else { continue }
                let next = lines[index + 1]
                if next.liveFrom == row.liveFrom {
                    problem(next, "two versions of '\(name)' went live at the same instant (also \(unit) \(row.line))")
                }
                if let retired = row.retiredAt, retired > next.liveFrom {
                    problem(row, "retired_at is after the next version went live (\(unit) \(next.line)): only one version is in production at a time")
                }
            }
            plans.append(modelPlan(name, lines, modelId: modelId(name), sizes: artifactSizes, signatures: signatures))
        }
        guard problems.isEmpty else { return .failure(BackfillError(problems: problems, unit: unit)) }
        return .success(plans)
    }

    private static func modelPlan(
        _ name: String, _ lines: [BackfillRow], modelId: UUID, sizes: [String: Int64], signatures: [String: JSONValue]
    ) -> ModelPlan {
        let first = lines[0]
        var events = [
            PlannedEvent(
                event: .modelRegistered(ModelRegistered(modelId: modelId, name: name, description: "", tags: [:], owner: first.owner)),
                effectiveAt: first.liveFrom, line: first.line)
        ]
        var live: Int?
        for (index, row) in lines.enumerated() {
            let version = index + 1
            let reason = row.reason ?? "live from \(RFC3339.format(row.liveFrom)) (backfill)"
            events += [
                PlannedEvent(
                    event: .versionRegistered(
                        VersionRegistered(
                            version: version, artifactSHA256: row.artifactSHA256, artifactSize: sizes[row.artifactSHA256] ?? 0, format: row.format,
                            description: row.description ?? "", signature: signatures[row.artifactSHA256], registrant: row.owner)),
                    effectiveAt: row.liveFrom, line: row.line),
                PlannedEvent(
                    event: .versionApproved(
                        VersionApproved(version: version, alias: alias, decision: .approved, notes: reason, approver: row.approver)),
                    effectiveAt: row.liveFrom, line: row.line),
                PlannedEvent(
                    event: .aliasSet(AliasSet(alias: alias, version: version, previousVersion: live, reason: reason)), effectiveAt: row.liveFrom,
                    line: row.line),
            ]
            live = version
            let nextLive = index + 1 < lines.count ? lines[index + 1].liveFrom : nil
            if let retired = row.retiredAt, nextLive.map({ retired < $0 }) ?? true {
                events.append(
                    PlannedEvent(
                        event: .aliasRemoved(
                            AliasRemoved(alias: alias, previousVersion: version, reason: "retired \(RFC3339.format(retired)) (backfill)")),
                        effectiveAt: retired, line: row.line))
                live = nil
            }
        }
        return ModelPlan(name: name, owner: first.owner, firstLine: first.line, events: events, versions: lines.count)
    }
}
