import Foundation

extension ModelState {
    /// Folds one event into the state. Pure and total: an event that does not fit (a version that does not exist,
    /// an event before registration) leaves the state as it is, because the log is the truth and must always fold.
    public static func apply(_ state: ModelState?, _ event: RegistryEvent, _ context: EventContext) -> ModelState? {
        guard var model = state else {
            if case .modelRegistered(let registered) = event {
                return ModelState(
                    modelId: registered.modelId, name: registered.name, description: registered.description, tags: registered.tags,
                    owner: registered.owner, createdAt: context.effectiveAt, createdBy: context.actor, updatedAt: context.effectiveAt,
                    versions: [], aliases: [:], approvals: [], grants: [:], protectedAliases: defaultProtectedAliases)
            }
            return nil
        }
        switch event {
        case .modelRegistered:
            return model
        case .modelUpdated(let update):
            if let description = update.description { model.description = description }
            if let tags = update.tags { model.tags = tags }
        case .versionRegistered(let registered):
            guard registered.version == model.versions.count + 1 else { return model }
            model.versions.append(ModelVersion(registered, registeredAt: context.effectiveAt))
        case .aliasSet(let set):
            guard model.version(set.version) != nil else { return model }
            model.aliases[set.alias] = AliasPointer(
                version: set.version, since: context.effectiveAt, recordedAt: context.recordedAt, setBy: context.actor)
        case .aliasRemoved(let removed):
            model.aliases[removed.alias] = nil
        case .versionApproved(let review):
            guard model.version(review.version) != nil else { return model }
            model.approvals.append(
                Approval(
                    version: review.version, alias: review.alias, decision: review.decision, approver: review.approver,
                    notes: review.notes, at: context.effectiveAt, position: context.position))
        case .protectedAliasesChanged(let change):
            model.protectedAliases = Set(change.aliases)
        case .accessGranted(let granted):
            model.grants[GrantKey(principal: granted.principal, role: granted.role)] = Grant(
                expiresAt: granted.expiresAt, grantedBy: context.actor, grantedAt: context.effectiveAt, reason: granted.reason)
        case .accessRevoked(let revoked):
            model.grants[GrantKey(principal: revoked.principal, role: revoked.role)] = nil
        case .evaluationDatasetSet(let dataset):
            model.evaluation = dataset
        case .metricsComputed(let computed):
            guard model.version(computed.version) != nil else { return model }
            model.computedMetrics[computed.version] = computed
        case .promotionGateSet(let gate):
            model.gates[gate.alias] = gate.minimum == nil && gate.maximum == nil ? nil : gate
        case .modelRenamed(let renamed):
            model.name = renamed.name
        case .modelDeleted:
            model.deletedAt = context.effectiveAt
        case .versionUpdated(let update):
            guard model.version(update.version) != nil else { return model }
            if let description = update.description { model.versions[update.version - 1].description = description }
            if let tags = update.tags { model.versions[update.version - 1].tags = tags }
            if let archived = update.archived { model.versions[update.version - 1].archived = archived }
        case .versionDeleted(let deleted):
            guard model.version(deleted.version) != nil else { return model }
            model.versions[deleted.version - 1].deletedAt = context.effectiveAt
        case .artifactDownloaded, .eventRetracted, .predictionBatchSealed, .principalCreated, .tokenIssued, .tokenRevoked:
            // Usage and principal events do not change the model's state; a retraction acts on the fold's input
            // (`ModelState.asOf` leaves the retracted event out), not on the state.
            return model
        }
        model.updatedAt = max(model.updatedAt, context.effectiveAt)
        return model
    }
}
