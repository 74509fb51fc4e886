import Foundation

/// A registered model as the fold of its stream: the aggregate that commands are decided against.
public struct ModelState: Sendable, Equatable {
    public var modelId: UUID
    public var name: String
    public var description: String
    public var tags: [String: String]
    public var owner: String
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    /// Versions in order; `versions[n - 1]` is version n.
    public var versions: [ModelVersion]
    public var aliases: [String: AliasPointer]
    /// Every review decision in the order they were made.
    public var approvals: [Approval]
    public var grants: [GrantKey: Grant]
    public var protectedAliases: Set<String>
    /// The dataset the registry evaluates linear versions on, if the owner attached one.
    public var evaluation: EvaluationDatasetSet?
    /// Metrics the registry computed, by version (the latest computation for each).
    public var computedMetrics: [Int: MetricsComputed]
    /// Promotion gates by alias.
    public var gates: [String: PromotionGateSet]
    /// When the model was deleted; a deleted model accepts no command and is absent from current state.
    public var deletedAt: Date?

    public init(
        modelId: UUID, name: String, description: String, tags: [String: String], owner: String, createdAt: Date, createdBy: String, updatedAt: Date,
        versions: [ModelVersion], aliases: [String: AliasPointer], approvals: [Approval], grants: [GrantKey: Grant], protectedAliases: Set<String>,
        evaluation: EvaluationDatasetSet? = nil, computedMetrics: [Int: MetricsComputed] = [:], gates: [String: PromotionGateSet] = [:],
        deletedAt: Date? = nil
    ) {
        self.deletedAt = deletedAt
        self.evaluation = evaluation
        self.computedMetrics = computedMetrics
        self.gates = gates
        self.modelId = modelId
        self.name = name
        self.description = description
        self.tags = tags
        self.owner = owner
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.versions = versions
        self.aliases = aliases
        self.approvals = approvals
        self.grants = grants
        self.protectedAliases = protectedAliases
    }

    /// Aliases that need an approval unless the owner changes the set.
    public static let defaultProtectedAliases: Set<String> = ["production"]

    /// Version `number` unless it was deleted (a deleted version keeps its number but is gone for every command).
    public func version(_ number: Int) -> ModelVersion? {
        number >= 1 && number <= versions.count && versions[number - 1].deletedAt == nil ? versions[number - 1] : nil
    }

    /// The versions not deleted, in order.
    public var liveVersions: [ModelVersion] { versions.filter { $0.deletedAt == nil } }

    /// The decision in force for (version, alias): the most recent one.
    public func latestReview(version: Int, alias: String) -> Approval? {
        approvals.last { $0.version == version && $0.alias == alias }
    }

    /// The approval that allows a protected alias to point at `version`, if there is one.
    public func approvalInForce(version: Int, alias: String) -> Approval? {
        guard let review = latestReview(version: version, alias: alias), review.decision == .approved,
            let registered = self.version(version), review.approver != registered.registrant
        else { return nil }
        return review
    }

    /// The roles a principal holds on this model at `instant` (expired grants excluded; the owner is implicit).
    public func roles(of principal: String, at instant: Date) -> Set<ModelRole> {
        var roles = Set(grants.filter { $0.key.principal == principal && $0.value.isActive(at: instant) }.map(\.key.role))
        if owner == principal { roles.insert(.owner) }
        return roles
    }
}

/// One version of a model.
public struct ModelVersion: Sendable, Equatable {
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
    public var registeredAt: Date
    /// MLflow's `Archived` stage; `production` and `staging` are aliases.
    public var archived: Bool = false
    /// When the version was deleted (it keeps its number; nothing can point at it any more).
    public var deletedAt: Date?

    /// The version a registration describes, registered at its effective time.
    public init(_ registered: VersionRegistered, registeredAt: Date) {
        version = registered.version
        artifactSHA256 = registered.artifactSHA256
        artifactSize = registered.artifactSize
        format = registered.format
        description = registered.description
        signature = registered.signature
        card = registered.card
        metrics = registered.metrics
        lineage = registered.lineage
        tags = registered.tags
        registrant = registered.registrant
        self.registeredAt = registeredAt
    }
}

/// Where an alias points and since when: `since` in valid time, `recordedAt` when the registry learnt it.
public struct AliasPointer: Sendable, Equatable {
    public var version: Int
    public var since: Date
    public var recordedAt: Date
    public var setBy: String

    public init(version: Int, since: Date, recordedAt: Date, setBy: String) {
        self.version = version
        self.since = since
        self.recordedAt = recordedAt
        self.setBy = setBy
    }
}

/// A review decision on a version for an alias.
public struct Approval: Sendable, Equatable {
    public var version: Int
    public var alias: String
    public var decision: VersionApproved.Decision
    public var approver: String
    public var notes: String
    public var at: Date
    public var position: Int64

    public init(version: Int, alias: String, decision: VersionApproved.Decision, approver: String, notes: String, at: Date, position: Int64) {
        self.version = version
        self.alias = alias
        self.decision = decision
        self.approver = approver
        self.notes = notes
        self.at = at
        self.position = position
    }
}

/// A grant is keyed by principal and role: a principal may hold several roles on one model.
public struct GrantKey: Sendable, Hashable, Comparable {
    public var principal: String
    public var role: ModelRole

    public init(principal: String, role: ModelRole) {
        self.principal = principal
        self.role = role
    }

    public static func < (lhs: GrantKey, rhs: GrantKey) -> Bool {
        (lhs.principal, lhs.role) < (rhs.principal, rhs.role)
    }
}

/// A role held on a model, possibly until an instant.
public struct Grant: Sendable, Equatable {
    public var expiresAt: Date?
    public var grantedBy: String
    public var grantedAt: Date
    public var reason: String?

    public init(expiresAt: Date?, grantedBy: String, grantedAt: Date, reason: String?) {
        self.expiresAt = expiresAt
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.reason = reason
    }

    /// An expired grant stops working at its expiry instant, with no event needed.
    public func isActive(at instant: Date) -> Bool {
        expiresAt.map { instant < $0 } ?? true
    }
}
