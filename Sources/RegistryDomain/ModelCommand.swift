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
