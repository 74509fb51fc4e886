import Foundation

/// What a caller asks of one model. Decided against the model's state by `ModelCommand.decide`.
public enum ModelCommand: Sendable, Equatable {
    case register(RegisterModel)
    case update(description: String?, tags: [String: String]?, reason: String?)
    case registerVersion(RegisterVersion)
    case setAlias(alias: String, version: Int, reason: String?)
    case removeAlias(alias: String, reason: String?)
    case review(version: Int, alias: String, decision: VersionApproved.Decision, notes: String)
    case setProtectedAliases(aliases: [String], reason: String?)
    case grant(principal: String, role: ModelRole, expiresAt: Date?, reason: String?)
    case revoke(principal: String, role: ModelRole, reason: String?)
    case recordDownload(version: Int)
    /// Attaches the dataset the registry evaluates linear versions on (a CSV artifact and its target column).
    case setEvaluationDataset(artifactSHA256: String, target: String)
    /// Requires the registry's own `metric` within bounds before `alias` may move (both bounds nil: no gate).
    case setPromotionGate(alias: String, metric: String, minimum: Double?, maximum: Double?)
    /// Metrics the registry computed (appended by the registry itself).
    case recordMetrics(MetricsComputed)
    /// Withdraws an earlier event of the model (a correction, never an edit).
    case retract(RetractionTarget, reason: String)
    /// Sets some tags and removes others, leaving the rest (removing a missing tag is not an error).
    case editTags(set: [String: String], remove: [String], reason: String?)
    /// Gives the model a new name.
    case rename(newName: String, reason: String?)
    /// Deletes the model (its aliases go with it).
    case delete(reason: String?)
    /// Changes a version's description or tags (set some, remove others).
    case updateVersion(version: Int, description: String?, setTags: [String: String], removeTags: [String], reason: String?)
    /// Deletes a version (its aliases go with it); its number is never reused.
    case deleteVersion(version: Int, reason: String?)
    /// MLflow's stage transition, in our terms: `production` and `staging` are aliases, `archived` a flag. With
    /// `archiveExisting`, the version that held the stage before is archived in the same append.
    case transitionStage(version: Int, stage: VersionStage, archiveExisting: Bool, reason: String?)
}

extension ModelCommand {
    /// The name a rename asks for.
    public var newName: String? {
        if case .rename(let newName, _) = self { newName } else { nil }
    }
}

/// MLflow's model-version stages. `production` and `staging` are the aliases of the same names (one version
/// each at a time); `archived` is a flag on the version; `none` is neither.
public enum VersionStage: String, Sendable, Equatable, CaseIterable {
    case none = "None"
    case staging = "Staging"
    case production = "Production"
    case archived = "Archived"

    /// The alias that holds the stage, for the two stages that are aliases.
    public var alias: String? {
        switch self {
        case .staging: "staging"
        case .production: "production"
        case .none, .archived: nil
        }
    }

    /// The stage a version is in: the alias stages win (production first), then the archived flag.
    public static func of(_ version: ModelVersion, in model: ModelState) -> VersionStage {
        if model.aliases["production"]?.version == version.version { return .production }
        if model.aliases["staging"]?.version == version.version { return .staging }
        return version.archived ? .archived : .none
    }
}

/// The event a retraction names, as the registry found it in the model's stream.
public struct RetractionTarget: Sendable, Equatable {
    public var eventId: UUID
    public var position: Int64
    public var type: String
    /// Whether an earlier retraction already withdrew it.
    public var alreadyRetracted: Bool

    public init(eventId: UUID, position: Int64, type: String, alreadyRetracted: Bool) {
        self.eventId = eventId
        self.position = position
        self.type = type
        self.alreadyRetracted = alreadyRetracted
    }
}

/// A new model. The id is chosen by the caller so a retried command produces the same event.
public struct RegisterModel: Sendable, Equatable {
    public var modelId: UUID
    public var name: String
    public var description: String
    public var tags: [String: String]

    public init(modelId: UUID, name: String, description: String = "", tags: [String: String] = [:]) {
        self.modelId = modelId
        self.name = name
        self.description = description
        self.tags = tags
    }
}

/// A new version; its number is decided by the state (the next integer).
public struct RegisterVersion: Sendable, Equatable {
    public var artifactSHA256: String
    public var artifactSize: Int64
    public var format: String
    public var description: String
    public var signature: JSONValue?
    public var card: JSONValue?
    public var metrics: [String: Double]
    public var lineage: Lineage
    public var tags: [String: String]

    public init(
        artifactSHA256: String, artifactSize: Int64, format: String, description: String = "", signature: JSONValue? = nil,
        card: JSONValue? = nil, metrics: [String: Double] = [:], lineage: Lineage = Lineage(), tags: [String: String] = [:]
    ) {
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        self.format = format
        self.description = description
        self.signature = signature
        self.card = card
        self.metrics = metrics
        self.lineage = lineage
        self.tags = tags
    }
}
