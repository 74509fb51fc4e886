import Foundation

/// A model came into the registry. Its stream is `model-<modelId>`; the name is unique among live models.
public struct ModelRegistered: Sendable, Equatable, Codable {
    public var modelId: UUID
    public var name: String
    public var description: String
    public var tags: [String: String]
    public var owner: String

    public init(modelId: UUID, name: String, description: String, tags: [String: String], owner: String) {
        self.modelId = modelId
        self.name = name
        self.description = description
        self.tags = tags
        self.owner = owner
    }

    enum CodingKeys: String, CodingKey {
        case modelId = "model_id", name, description, tags, owner
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = UUID(uuidString: try container.decode(String.self, forKey: .modelId)) else {
            throw DecodingError.dataCorruptedError(forKey: .modelId, in: container, debugDescription: "model_id is not a UUID")
        }
        modelId = id
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        tags = try container.decode([String: String].self, forKey: .tags)
        owner = try container.decode(String.self, forKey: .owner)
    }

    /// The id in lowercase, as in the stream name and every API document (Foundation would write it uppercase).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modelId.uuidString.lowercased(), forKey: .modelId)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(tags, forKey: .tags)
        try container.encode(owner, forKey: .owner)
    }
}

/// The model's description or tags changed. Absent fields are unchanged; `tags` replaces the whole set.
public struct ModelUpdated: Sendable, Equatable, Codable {
    public var description: String?
    public var tags: [String: String]?
    public var reason: String?

    public init(description: String? = nil, tags: [String: String]? = nil, reason: String? = nil) {
        self.description = description
        self.tags = tags
        self.reason = reason
    }
}

/// Where a version came from: enough to trace it back to code, run and data.
public struct Lineage: Sendable, Equatable, Codable {
    public var source: String?
    public var runId: String?
    public var trainingData: String?

    public init(source: String? = nil, runId: String? = nil, trainingData: String? = nil) {
        self.source = source
        self.runId = runId
        self.trainingData = trainingData
    }

    enum CodingKeys: String, CodingKey {
        case source, runId = "run_id", trainingData = "training_data"
    }
}

/// A new version of a model, numbered 1, 2, 3 … per model.
public struct VersionRegistered: Sendable, Equatable, Codable {
    public var version: Int
    public var artifactSHA256: String
    public var artifactSize: Int64
    public var format: String
    public var description: String
    public var signature: JSONValue?
    public var card: JSONValue?
    public var metrics: [String: Double]
    public var lineage: Lineage
    public var tags: [String: String]
    public var registrant: String

    public init(
        version: Int, artifactSHA256: String, artifactSize: Int64, format: String, description: String = "",
        signature: JSONValue? = nil, card: JSONValue? = nil, metrics: [String: Double] = [:], lineage: Lineage = Lineage(),
        tags: [String: String] = [:], registrant: String
    ) {
        self.version = version
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        self.format = format
        self.description = description
        self.signature = signature
        self.card = card
        self.metrics = metrics
        self.lineage = lineage
        self.tags = tags
        self.registrant = registrant
    }

    enum CodingKeys: String, CodingKey {
        case version, artifactSHA256 = "artifact_sha256", artifactSize = "artifact_size", format, description, signature, card,
            metrics, lineage, tags, registrant
    }
}

/// An alias now points at `version`; `previousVersion` is where it pointed before (nil if it is new).
public struct AliasSet: Sendable, Equatable, Codable {
    public var alias: String
    public var version: Int
    public var previousVersion: Int?
    public var reason: String?

    public init(alias: String, version: Int, previousVersion: Int?, reason: String?) {
        self.alias = alias
        self.version = version
        self.previousVersion = previousVersion
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case alias, version, previousVersion = "previous_version", reason
    }
}

/// An alias was removed; it pointed at `previousVersion`.
public struct AliasRemoved: Sendable, Equatable, Codable {
    public var alias: String
    public var previousVersion: Int
    public var reason: String?

    public init(alias: String, previousVersion: Int, reason: String?) {
        self.alias = alias
        self.previousVersion = previousVersion
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case alias, previousVersion = "previous_version", reason
    }
}

/// A review decision on a version for an alias (the four-eyes record). The approver is the event's actor and is
/// also kept in the payload so the decision reads on its own.
public struct VersionApproved: Sendable, Equatable, Codable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case approved
        case rejected
    }

    public var version: Int
    public var alias: String
    public var decision: Decision
    public var notes: String
    public var approver: String

    public init(version: Int, alias: String, decision: Decision, notes: String, approver: String) {
        self.version = version
        self.alias = alias
        self.decision = decision
        self.notes = notes
        self.approver = approver
    }
}

/// The set of aliases that need an approval before they move (default: `production`).
public struct ProtectedAliasesChanged: Sendable, Equatable, Codable {
    public var aliases: [String]
    public var reason: String?

    public init(aliases: [String], reason: String?) {
        self.aliases = aliases
        self.reason = reason
    }
}

/// A principal received a role on a model, optionally until `expiresAt`.
public struct AccessGranted: Sendable, Equatable, Codable {
    public var principal: String
    public var role: ModelRole
    public var expiresAt: Date?
    public var reason: String?

    public init(principal: String, role: ModelRole, expiresAt: Date?, reason: String?) {
        self.principal = principal
        self.role = role
        self.expiresAt = expiresAt
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case principal, role, expiresAt = "expires_at", reason
    }
}

/// A role was taken back from a principal.
public struct AccessRevoked: Sendable, Equatable, Codable {
    public var principal: String
    public var role: ModelRole
    public var reason: String?

    public init(principal: String, role: ModelRole, reason: String?) {
        self.principal = principal
        self.role = role
        self.reason = reason
    }
}

/// Someone downloaded a version's artifact: usage is part of the record.
public struct ArtifactDownloaded: Sendable, Equatable, Codable {
    public var version: Int
    public var artifactSHA256: String

    public init(version: Int, artifactSHA256: String) {
        self.version = version
        self.artifactSHA256 = artifactSHA256
    }

    enum CodingKeys: String, CodingKey {
        case version, artifactSHA256 = "artifact_sha256"
    }
}

/// An earlier event of the same model is withdrawn: from the moment this is recorded, folds leave it out (as if it
/// had never been known), while everything known before keeps answering as it did. Corrections never edit.
public struct EventRetracted: Sendable, Equatable, Codable {
    public var eventId: UUID
    public var position: Int64
    public var type: String
    public var reason: String

    public init(eventId: UUID, position: Int64, type: String, reason: String) {
        self.eventId = eventId
        self.position = position
        self.type = type
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case eventId = "event_id", position, type, reason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = UUID(uuidString: try container.decode(String.self, forKey: .eventId)) else {
            throw DecodingError.dataCorruptedError(forKey: .eventId, in: container, debugDescription: "event_id is not a UUID")
        }
        eventId = id
        position = try container.decode(Int64.self, forKey: .position)
        type = try container.decode(String.self, forKey: .type)
        reason = try container.decode(String.self, forKey: .reason)
    }

    /// The id in lowercase, as the ledger hashes it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventId.uuidString.lowercased(), forKey: .eventId)
        try container.encode(position, forKey: .position)
        try container.encode(type, forKey: .type)
        try container.encode(reason, forKey: .reason)
    }

    /// The facts that can be withdrawn. A model's registration and its versions stay (later facts rest on them);
    /// downloads happened; a retraction is not itself retracted — record the fact again instead.
    public static let retractableTypes: Set<String> = [
        "ModelUpdated", "AliasSet", "AliasRemoved", "VersionApproved", "ProtectedAliasesChanged", "AccessGranted", "AccessRevoked",
    ]
}

/// A batch of predictions was written to the prediction log; its RFC 6962 Merkle root (hex) is sealed into the
/// ledger by this event, in the same transaction. Stream `predictions`.
public struct PredictionBatchSealed: Sendable, Equatable, Codable {
    public var batchId: UUID
    public var size: Int
    public var merkleRoot: String

    public init(batchId: UUID, size: Int, merkleRoot: String) {
        self.batchId = batchId
        self.size = size
        self.merkleRoot = merkleRoot
    }

    enum CodingKeys: String, CodingKey {
        case batchId = "batch_id", size, merkleRoot = "merkle_root"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = UUID(uuidString: try container.decode(String.self, forKey: .batchId)) else {
            throw DecodingError.dataCorruptedError(forKey: .batchId, in: container, debugDescription: "batch_id is not a UUID")
        }
        batchId = id
        size = try container.decode(Int.self, forKey: .size)
        merkleRoot = try container.decode(String.self, forKey: .merkleRoot)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchId.uuidString.lowercased(), forKey: .batchId)
        try container.encode(size, forKey: .size)
        try container.encode(merkleRoot, forKey: .merkleRoot)
    }
}

/// The dataset the registry evaluates the model's linear versions on: a CSV artifact and its target column.
public struct EvaluationDatasetSet: Sendable, Equatable, Codable {
    public var artifactSHA256: String
    public var target: String

    public init(artifactSHA256: String, target: String) {
        self.artifactSHA256 = artifactSHA256
        self.target = target
    }

    enum CodingKeys: String, CodingKey {
        case artifactSHA256 = "artifact_sha256", target
    }
}

/// Metrics the registry computed itself for a version on the evaluation dataset (actor `registry`), as distinct
/// from the metrics a registrant claims.
public struct MetricsComputed: Sendable, Equatable, Codable {
    public var version: Int
    public var datasetSHA256: String
    public var rows: Int
    public var metrics: [String: Double]

    public init(version: Int, datasetSHA256: String, rows: Int, metrics: [String: Double]) {
        self.version = version
        self.datasetSHA256 = datasetSHA256
        self.rows = rows
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case version, datasetSHA256 = "dataset_sha256", rows, metrics
    }
}

/// A promotion gate: moving `alias` needs the registry's own `metric` for the version within the bounds.
public struct PromotionGateSet: Sendable, Equatable, Codable {
    public var alias: String
    public var metric: String
    public var minimum: Double?
    public var maximum: Double?

    public init(alias: String, metric: String, minimum: Double?, maximum: Double?) {
        self.alias = alias
        self.metric = metric
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// The model took a new name (MLflow's rename). Its stream and id stay; the old name is free for another model.
public struct ModelRenamed: Sendable, Equatable, Codable {
    public var name: String
    public var previousName: String
    public var reason: String?

    public init(name: String, previousName: String, reason: String?) {
        self.name = name
        self.previousName = previousName
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case name, previousName = "previous_name", reason
    }
}

/// The model was deleted: it leaves current state (its name becomes free) and stays in the log and in the past.
/// Its aliases are removed by `AliasRemoved` events appended with this one.
public struct ModelDeleted: Sendable, Equatable, Codable {
    public var name: String
    public var reason: String?

    public init(name: String, reason: String?) {
        self.name = name
        self.reason = reason
    }
}

/// A version's mutable metadata changed. Absent fields are unchanged; `tags` replaces the whole set; `archived`
/// is MLflow's `Archived` stage (the `production` and `staging` stages are aliases).
public struct VersionUpdated: Sendable, Equatable, Codable {
    public var version: Int
    public var description: String?
    public var tags: [String: String]?
    public var archived: Bool?
    public var reason: String?

    public init(version: Int, description: String? = nil, tags: [String: String]? = nil, archived: Bool? = nil, reason: String? = nil) {
        self.version = version
        self.description = description
        self.tags = tags
        self.archived = archived
        self.reason = reason
    }
}

/// A version was deleted: it leaves current state, its number is never given again, and it stays in the past.
/// Aliases pointing at it are removed by `AliasRemoved` events appended with this one.
public struct VersionDeleted: Sendable, Equatable, Codable {
    public var version: Int
    public var reason: String?

    public init(version: Int, reason: String?) {
        self.version = version
        self.reason = reason
    }
}
