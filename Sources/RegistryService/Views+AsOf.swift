import Foundation
import RegistryDomain

extension ModelView {
    /// The model as folded: for a past pair of instants, or (`asOf` nil) as a command just left it.
    public init(_ state: ModelState, asOf: AsOf?) {
        self.init(
            name: state.name, modelId: state.modelId.uuidString.lowercased(), description: state.description, tags: state.tags, owner: state.owner,
            createdAt: state.createdAt, createdBy: state.createdBy, updatedAt: state.updatedAt, latestVersion: state.versions.last?.version,
            aliases: state.aliases.mapValues { AliasView(version: $0.version, since: $0.since, setBy: $0.setBy) },
            protectedAliases: state.protectedAliases.sorted(), evaluation: state.evaluation, gates: state.gates.isEmpty ? nil : state.gates,
            asOf: asOf)
    }
}

extension GrantView {
    /// A grant as folded.
    init(_ key: GrantKey, _ grant: Grant) {
        self.init(
            principal: key.principal, role: key.role, expiresAt: grant.expiresAt, grantedBy: grant.grantedBy, grantedAt: grant.grantedAt,
            reason: grant.reason)
    }

    /// The grants held at `instant` (expired ones left out), in (principal, role) order.
    public static func held(in state: ModelState, at instant: Date) -> [GrantView] {
        state.grants.filter { $0.value.isActive(at: instant) }.sorted { $0.key < $1.key }.map(GrantView.init)
    }
}

extension VersionView {
    /// One version as folded for a past pair of instants (or, `asOf` nil, as a command just left it), with the
    /// aliases and reviews it had then.
    public init(_ version: ModelVersion, of state: ModelState, asOf: AsOf?) {
        self.init(
            model: state.name, version: version.version, artifactSHA256: version.artifactSHA256, artifactSize: version.artifactSize,
            format: version.format, description: version.description, signature: version.signature, card: version.card, metrics: version.metrics,
            lineage: version.lineage, tags: version.tags, registrant: version.registrant, registeredAt: version.registeredAt,
            aliases: state.aliases.filter { $0.value.version == version.version }.keys.sorted(),
            approvals: state.approvals.filter { $0.version == version.version }.map(ApprovalView.init),
            computedMetrics: state.computedMetrics[version.version], asOf: asOf)
    }
}
