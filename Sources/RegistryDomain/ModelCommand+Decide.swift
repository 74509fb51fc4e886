import Foundation

extension ModelCommand {
    /// Decides the command against the model's state (nil: the model does not exist): the events to append, or a
    /// coded refusal. Pure: the caller supplies the actor and the clock. An empty result means "already so".
    public func decide(state: ModelState?, actor: String, now: Date) throws(DomainError) -> [RegistryEvent] {
        if case .register(let command) = self {
            try Validation.validateModelName(command.name)
            guard state == nil else { throw DomainError(.modelAlreadyExists, "model '\(command.name)' already exists") }
            try Validation.validateDescription(command.description)
            try Validation.validateTags(command.tags)
            return [
                .modelRegistered(
                    ModelRegistered(modelId: command.modelId, name: command.name, description: command.description, tags: command.tags, owner: actor))
            ]
        }
        guard let model = state, model.deletedAt == nil else { throw DomainError(.modelNotFound, "model not found") }
        switch self {
        case .register:
            preconditionFailure("handled above")
        case .update(let description, let tags, let reason):
            return try decideUpdate(model, description: description, tags: tags, reason: reason)
        case .registerVersion(let command):
            return try decideRegisterVersion(model, command, actor: actor)
        case .setAlias(let alias, let version, let reason):
            return try decideSetAlias(model, alias: alias, version: version, reason: reason)
        case .removeAlias(let alias, let reason):
            try Validation.validateReason(reason)
            guard let pointer = model.aliases[alias] else {
                throw DomainError(.aliasNotFound, "model '\(model.name)' has no alias '\(Validation.printable(alias))'")
            }
            return [.aliasRemoved(AliasRemoved(alias: alias, previousVersion: pointer.version, reason: reason))]
        case .review(let version, let alias, let decision, let notes):
            try Validation.validateAlias(alias)
            try Validation.validateReason(notes)
            guard let registered = model.version(version) else { throw versionNotFound(model, version) }
            guard registered.registrant != actor else {
                throw DomainError(
                    .selfApproval,
                    "\(actor) registered version \(version) of '\(model.name)' and cannot review it: four-eyes requires another approver")
            }
            return [.versionApproved(VersionApproved(version: version, alias: alias, decision: decision, notes: notes, approver: actor))]
        case .setProtectedAliases(let aliases, let reason):
            for alias in aliases { try Validation.validateAlias(alias) }
            try Validation.validateReason(reason)
            let unique = Array(Set(aliases)).sorted()
            if Set(unique) == model.protectedAliases { return [] }
            return [.protectedAliasesChanged(ProtectedAliasesChanged(aliases: unique, reason: reason))]
        case .grant(let principal, let role, let expiresAt, let reason):
            try Validation.validatePrincipalName(principal)
            try Validation.validateReason(reason)
            if let expiresAt, expiresAt <= now { throw DomainError.invalid("expires_at must be in the future") }
            return [.accessGranted(AccessGranted(principal: principal, role: role, expiresAt: expiresAt, reason: reason))]
        case .revoke(let principal, let role, let reason):
            try Validation.validateReason(reason)
            guard model.grants[GrantKey(principal: principal, role: role)] != nil else {
                throw DomainError(.grantNotFound, "\(Validation.printable(principal)) holds no \(role.rawValue) grant on '\(model.name)'")
            }
            return [.accessRevoked(AccessRevoked(principal: principal, role: role, reason: reason))]
        case .recordDownload(let version):
            guard let registered = model.version(version) else { throw versionNotFound(model, version) }
            return [.artifactDownloaded(ArtifactDownloaded(version: version, artifactSHA256: registered.artifactSHA256))]
        case .setEvaluationDataset(let digest, let target):
            try Validation.validateSHA256(digest)
            guard !target.isEmpty, target.count <= Validation.maxTagKeyLength else { throw DomainError.invalid("the target column must be named") }
            if model.evaluation == EvaluationDatasetSet(artifactSHA256: digest, target: target) { return [] }
            return [.evaluationDatasetSet(EvaluationDatasetSet(artifactSHA256: digest, target: target))]
        case .setPromotionGate(let alias, let metric, let minimum, let maximum):
            try Validation.validateAlias(alias)
            guard !metric.isEmpty, metric.count <= Validation.maxTagKeyLength else { throw DomainError.invalid("the gate's metric must be named") }
            guard [minimum, maximum].allSatisfy({ $0?.isFinite ?? true }) else { throw DomainError.invalid("gate bounds must be finite numbers") }
            if let minimum, let maximum, minimum > maximum { throw DomainError.invalid("the gate's minimum is above its maximum") }
            return [.promotionGateSet(PromotionGateSet(alias: alias, metric: metric, minimum: minimum, maximum: maximum))]
        case .recordMetrics(let computed):
            guard model.version(computed.version) != nil else { throw versionNotFound(model, computed.version) }
            if model.computedMetrics[computed.version] == computed { return [] }
            return [.metricsComputed(computed)]
        case .retract(let target, let reason):
            try Validation.validateReason(reason)
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw DomainError.invalid("a retraction needs a reason") }
            guard EventRetracted.retractableTypes.contains(target.type) else {
                throw DomainError.invalid(
                    "\(target.type) events cannot be retracted; retractable: \(EventRetracted.retractableTypes.sorted().joined(separator: ", "))")
            }
            guard !target.alreadyRetracted else {
                throw DomainError(.alreadyRetracted, "event \(target.eventId.uuidString.lowercased()) of '\(model.name)' is already retracted")
            }
            return [.eventRetracted(EventRetracted(eventId: target.eventId, position: target.position, type: target.type, reason: reason))]
        case .editTags(let set, let remove, let reason):
            var tags = model.tags
            for key in remove { tags[key] = nil }
            tags.merge(set) { _, new in new }
            return try decideUpdate(model, description: nil, tags: tags, reason: reason)
        case .rename(let newName, let reason):
            try Validation.validateModelName(newName)
            try Validation.validateReason(reason)
            if newName == model.name { return [] }
            return [.modelRenamed(ModelRenamed(name: newName, previousName: model.name, reason: reason))]
        case .delete(let reason):
            try Validation.validateReason(reason)
            return removeAliases(of: model, where: { _ in true }, reason: reason) + [.modelDeleted(ModelDeleted(name: model.name, reason: reason))]
        case .updateVersion(let version, let description, let setTags, let removeTags, let reason):
            return try decideUpdateVersion(model, version, description: description, setTags: setTags, removeTags: removeTags, reason: reason)
        case .deleteVersion(let version, let reason):
            try Validation.validateReason(reason)
            guard model.version(version) != nil else { throw versionNotFound(model, version) }
            return removeAliases(of: model, where: { $0 == version }, reason: reason)
                + [.versionDeleted(VersionDeleted(version: version, reason: reason))]
        case .transitionStage(let version, let stage, let archiveExisting, let reason):
            return try decideTransition(model, version, to: stage, archiveExisting: archiveExisting, reason: reason)
        }
    }

    /// Decides a correction: the command as if made at `effectiveAt`, an earlier instant, against the model as it
    /// stood then (`stateThen`, with everything known now). The fact then takes its place in valid time; later facts
    /// stay in force after it. Never in the future, never before the model was registered, always with a reason.
    /// A registration may be back-dated too: that is how models that lived before the registry are brought in.
    public func decide(
        backdatedTo effectiveAt: Date, stateThen: ModelState?, current: ModelState?, actor: String, now: Date, reason: String?
    ) throws(DomainError) -> [RegistryEvent] {
        guard effectiveAt <= now else {
            throw DomainError.invalid("effective_at \(RFC3339.format(effectiveAt)) is in the future: a correction records the past")
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError.invalid("a back-dated fact needs a reason")
        }
        switch self {
        case .register:
            // A model that lived before the registry knew it (a backfill): it starts at its effective time.
            return try decide(state: current, actor: actor, now: effectiveAt)
        case .recordDownload, .retract:
            throw DomainError.invalid("downloads and retractions happen now; they cannot be back-dated")
        case .rename, .delete, .updateVersion, .deleteVersion, .transitionStage:
            throw DomainError.invalid("renames, deletions, version updates and stage transitions happen now; they cannot be back-dated")
        default:
            break
        }
        guard let current else { throw DomainError(.modelNotFound, "model not found") }
        guard let then = stateThen else {
            throw DomainError.invalid(
                "model '\(current.name)' was registered at \(RFC3339.format(current.createdAt)); nothing about it can be effective before")
        }
        if let number = namedVersion, number >= 1, number <= current.versions.count, current.versions[number - 1].deletedAt != nil {
            throw DomainError(.versionNotFound, "version \(number) of '\(current.name)' was deleted; no fact about it can be added, even in the past")
        }
        if case .registerVersion = self, let latest = current.versions.last, then.versions.count != current.versions.count {
            throw DomainError.invalid(
                "version \(latest.version) of '\(current.name)' is effective from \(RFC3339.format(latest.registeredAt)); a new version cannot be effective before it"
            )
        }
        return try decide(state: then, actor: actor, now: effectiveAt)
    }

    /// The existing version a command is about, if it is about one.
    private var namedVersion: Int? {
        switch self {
        case .setAlias(_, let version, _), .review(let version, _, _, _): version
        case .recordMetrics(let computed): computed.version
        default: nil
        }
    }

    private func decideUpdate(_ model: ModelState, description: String?, tags: [String: String]?, reason: String?) throws(DomainError)
        -> [RegistryEvent]
    {
        if let description { try Validation.validateDescription(description) }
        if let tags { try Validation.validateTags(tags) }
        try Validation.validateReason(reason)
        let newDescription = description == model.description ? nil : description
        let newTags = tags == model.tags ? nil : tags
        guard newDescription != nil || newTags != nil else {
            if description == nil && tags == nil { throw DomainError.invalid("nothing to update: give description or tags") }
            return []
        }
        return [.modelUpdated(ModelUpdated(description: newDescription, tags: newTags, reason: reason))]
    }

    private func decideRegisterVersion(_ model: ModelState, _ command: RegisterVersion, actor: String) throws(DomainError) -> [RegistryEvent] {
        try Validation.validateSHA256(command.artifactSHA256)
        try Validation.validateFormat(command.format)
        try Validation.validateDescription(command.description)
        try Validation.validateTags(command.tags)
        guard command.artifactSize >= 0 else { throw DomainError.invalid("artifact size must not be negative") }
        for (name, value) in command.metrics {
            guard !name.isEmpty, name.count <= Validation.maxTagKeyLength else {
                throw DomainError.invalid("metric names must be 1 to \(Validation.maxTagKeyLength) characters")
            }
            guard value.isFinite else { throw DomainError.invalid("metric '\(Validation.printable(name))' must be a finite number") }
        }
        return [
            .versionRegistered(
                VersionRegistered(
                    version: model.versions.count + 1, artifactSHA256: command.artifactSHA256, artifactSize: command.artifactSize,
                    format: command.format, description: command.description, signature: command.signature, card: command.card,
                    metrics: command.metrics, lineage: command.lineage, tags: command.tags, registrant: actor))
        ]
    }

    private func decideSetAlias(_ model: ModelState, alias: String, version: Int, reason: String?) throws(DomainError) -> [RegistryEvent] {
        try Validation.validateAlias(alias)
        try Validation.validateReason(reason)
        guard model.version(version) != nil else { throw versionNotFound(model, version) }
        let previous = model.aliases[alias]?.version
        if previous == version { return [] }
        if model.protectedAliases.contains(alias), model.approvalInForce(version: version, alias: alias) == nil {
            throw DomainError(
                .approvalRequired,
                "'\(alias)' is protected: version \(version) of '\(model.name)' needs an approval for '\(alias)' by someone other than its registrant"
            )
        }
        if let gate = model.gates[alias] { try Self.checkGate(gate, model: model, version: version) }
        return [.aliasSet(AliasSet(alias: alias, version: version, previousVersion: previous, reason: reason))]
    }

    /// A gated alias moves only to a version whose metric, computed by the registry on the current evaluation
    /// dataset, is within the gate's bounds.
    static func checkGate(_ gate: PromotionGateSet, model: ModelState, version: Int) throws(DomainError) {
        guard let computed = model.computedMetrics[version], computed.datasetSHA256 == model.evaluation?.artifactSHA256,
            let value = computed.metrics[gate.metric]
        else {
            throw DomainError(
                .gateFailed,
                "'\(gate.alias)' requires \(gate.metric) computed by the registry on the evaluation dataset; version \(version) of '\(model.name)' has none"
            )
        }
        if let minimum = gate.minimum, value < minimum {
            throw DomainError(.gateFailed, "'\(gate.alias)' requires \(gate.metric) ≥ \(minimum); version \(version) has \(gate.metric) \(value)")
        }
        if let maximum = gate.maximum, value > maximum {
            throw DomainError(.gateFailed, "'\(gate.alias)' requires \(gate.metric) ≤ \(maximum); version \(version) has \(gate.metric) \(value)")
        }
    }

    private func decideUpdateVersion(
        _ model: ModelState, _ number: Int, description: String?, setTags: [String: String], removeTags: [String], reason: String?
    ) throws(DomainError) -> [RegistryEvent] {
        guard let version = model.version(number) else { throw versionNotFound(model, number) }
        if let description { try Validation.validateDescription(description) }
        try Validation.validateReason(reason)
        guard description != nil || !setTags.isEmpty || !removeTags.isEmpty else {
            throw DomainError.invalid("nothing to update: give a description or tags")
        }
        var tags = version.tags
        for key in removeTags { tags[key] = nil }
        tags.merge(setTags) { _, new in new }
        try Validation.validateTags(tags)
        let newDescription = description == version.description ? nil : description
        let newTags = tags == version.tags ? nil : tags
        guard newDescription != nil || newTags != nil else { return [] }
        return [.versionUpdated(VersionUpdated(version: number, description: newDescription, tags: newTags, reason: reason))]
    }

    /// A stage transition as alias moves and archive flags, all in one append: the version leaves the alias stages
    /// it no longer holds, takes the target stage's alias (with the alias's approval and gate rules), and with
    /// `archiveExisting` the version that held that alias is archived.
    private func decideTransition(_ model: ModelState, _ number: Int, to stage: VersionStage, archiveExisting: Bool, reason: String?)
        throws(DomainError) -> [RegistryEvent]
    {
        guard let version = model.version(number) else { throw versionNotFound(model, number) }
        try Validation.validateReason(reason)
        if archiveExisting && stage.alias == nil {
            throw DomainError.invalid("archive_existing_versions applies only to the Staging and Production stages, not \(stage.rawValue)")
        }
        var events = removeAliases(of: model, where: { $0 == number }, reason: reason) { alias in
            VersionStage.allCases.contains { $0.alias == alias } && alias != stage.alias
        }
        if let alias = stage.alias {
            let previous = model.aliases[alias]?.version
            events += try decideSetAlias(model, alias: alias, version: number, reason: reason)
            if archiveExisting, let previous, previous != number {
                events.append(.versionUpdated(VersionUpdated(version: previous, archived: true, reason: reason)))
            }
        }
        if version.archived != (stage == .archived) {
            events.append(.versionUpdated(VersionUpdated(version: number, archived: stage == .archived, reason: reason)))
        }
        return events
    }

    /// `AliasRemoved` for each alias (in name order) that points at a version matching `pointsAt` and passes `named`.
    private func removeAliases(
        of model: ModelState, where pointsAt: (Int) -> Bool, reason: String?, named: (String) -> Bool = { _ in true }
    ) -> [RegistryEvent] {
        model.aliases.filter { pointsAt($0.value.version) && named($0.key) }.sorted { $0.key < $1.key }.map {
            .aliasRemoved(AliasRemoved(alias: $0.key, previousVersion: $0.value.version, reason: reason))
        }
    }

    private func versionNotFound(_ model: ModelState, _ version: Int) -> DomainError {
        DomainError(.versionNotFound, "model '\(model.name)' has no version \(version)")
    }
}
