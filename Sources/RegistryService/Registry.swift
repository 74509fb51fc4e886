import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain
import Synchronization

/// The registry's command side: load a model's state, decide, append with the expected version, retry on conflict.
/// Projections are updated inside each append's transaction, so reads after an acknowledged write see it.
public final class Registry: Sendable {
    public let pool: PostgresConnectionPool
    public let log: PostgresEventLog
    let logger: Logger
    private let models = StateCache<ModelState>()
    /// Commands on one model name take turns in this process (see `KeyedTurns`).
    private let modelTurns = KeyedTurns()
    /// The stream last seen for each model name: where to look in `models` before the database says.
    private let modelStreams = Mutex<[String: String]>([:])
    private let clock: @Sendable () -> Date
    private static let maxAttempts = 8

    public init(pool: PostgresConnectionPool, log: PostgresEventLog, logger: Logger, clock: @escaping @Sendable () -> Date = Date.init) {
        self.pool = pool
        self.log = log
        self.logger = logger
        self.clock = clock
    }

    /// The outcome of a command: the model after it, and the events it appended (empty when already so).
    public struct Outcome: Sendable {
        public var model: ModelState
        public var events: [RecordedEvent]
    }

    /// Creates a model owned by the caller.
    public func createModel(name: String, description: String, tags: [String: String], context: CommandContext) async throws -> Outcome {
        let newId = context.idempotencyKey == nil ? UUID() : context.eventId(stream: "model-name-" + name, index: 0)
        let command = ModelCommand.register(RegisterModel(modelId: newId, name: name, description: description, tags: tags))
        try AccessControl.requireWriter(context.caller)
        if context.effectiveAt != nil && !context.registryRoles.contains(.admin) {
            throw RegistryError(.forbidden, "forbidden", "only an admin may register a model as of an earlier instant (a backfill)")
        }
        // No turn by name and no look-up first: the database's unique name decides, inside the append, and a retry
        // of an acknowledged request finds its first attempt's events.
        let stream = Streams.model(newId)
        do {
            return try await run(command, stream: stream, modelName: name, isNew: true, context: context, precondition: nil)
        } catch let error where Self.isNameTaken(error) {
            if let replay = try await previouslyAppended(stream: stream, context: context) { return replay }
            throw RegistryError(.conflict, DomainError.Code.modelAlreadyExists.rawValue, "model '\(name)' already exists")
        }
    }

    /// Runs a command on an existing model, found by name, if the caller's roles allow it. The check runs twice:
    /// before deciding (so a refusal costs no append) and again inside the append's transaction after taking the
    /// ledger's head lock, so a request racing a revocation cannot write after the revocation committed.
    ///
    /// `expecting` is the caller's condition on the model as it is when the command is decided (e.g. "the alias
    /// still points where I saw it"); it is checked on every attempt, against the state the append is conditional on.
    ///
    /// `alongside` writes more rows in the append's transaction, only if the command appends (a version's manifest).
    public func execute(
        _ command: ModelCommand, model name: String, context: CommandContext, expecting: (@Sendable (ModelState) throws -> Void)? = nil,
        alongside: (@Sendable (PostgresSession) throws -> Void)? = nil
    ) async throws -> Outcome {
        do {
            return try await modelTurns.withTurn(name) {
                try await executeInTurn(command, model: name, context: context, expecting: expecting, alongside: alongside)
            }
        } catch let error as PostgresError where Self.isNameTaken(error) {
            // A rename onto a name another model holds: the database's unique name decides, as for a registration.
            throw RegistryError(.conflict, DomainError.Code.modelAlreadyExists.rawValue, "a model named '\(command.newName ?? name)' already exists")
        }
    }

    private func executeInTurn(
        _ command: ModelCommand, model name: String, context: CommandContext, expecting: (@Sendable (ModelState) throws -> Void)?,
        alongside: (@Sendable (PostgresSession) throws -> Void)?
    ) async throws -> Outcome {
        let caller = context.caller
        // A grant is to a principal who exists: looked up with the caller's standing, in the same round trip.
        let granteeLookup: [SQLQuery] =
            if case .grant(let principal, _, _, _) = command { ["SELECT 1 FROM principals WHERE name = \(principal)"] } else { [] }
        /// Refuses the command unless the standing allows it; `grantee` is the answer to `granteeLookup`, if any.
        @Sendable func authorize(_ standing: AccessControl.Standing, grantee: PostgresRows?) throws {
            if let operation = AccessControl.operation(for: command, protectedAliases: standing.protectedAliases) {
                try AccessControl.authorize(operation, caller: caller, standing: standing, model: name)
            }
            if context.effectiveAt != nil {
                // Rewriting what was so in the past is for the model's owner (or an admin), whoever may do it now.
                try AccessControl.authorize(.correct, caller: caller, standing: standing, model: name)
            }
            if case .grant(let principal, _, _, _) = command, grantee?.isEmpty != false {
                throw RegistryError(.notFound, DomainError.Code.principalNotFound.rawValue, "principal '\(principal)' not found")
            }
        }
        // One round trip for the check and the stream's newest events, which the first attempt decides against: the
        // stream read is that of the model that had this name last time, which it still is unless it was renamed.
        let cachedStream = modelStreams.withLock { $0[name] }
        let cached = models.get(cachedStream ?? "") ?? .init(version: 0, state: nil)
        let (modelId, newer) = try await pool.withSession { session in
            let newerInCache = cachedStream.map { [PostgresEventLog.readStreamQuery($0, afterVersion: cached.version)] } ?? []
            let answers = try session.pipeline([AccessControl.standingQuery(of: caller.name, modelNamed: name)] + granteeLookup + newerInCache)
            guard let (modelId, standing) = try AccessControl.standing(of: caller.name, from: answers[0]) else {
                throw RegistryError.modelNotFound(name)
            }
            try authorize(standing, grantee: granteeLookup.isEmpty ? nil : answers[1])
            let stream = Streams.model(modelId)
            let after = cached.state?.modelId == modelId ? cached.version : 0
            if stream == cachedStream && after == cached.version, let read = answers.last {
                return (modelId, try PostgresEventLog.events(from: read))
            }
            return (modelId, try PostgresEventLog.readStream(stream, afterVersion: after, in: session))
        }
        let stream = Streams.model(modelId)
        modelStreams.withLock { $0[name] = stream }
        let start = cached.state?.modelId == modelId ? cached : .init(version: 0, state: nil)
        let loaded = try await advance(start, newer, stream: stream)
        models.put(stream, loaded)
        return try await run(
            command, stream: stream, modelName: name, isNew: false, context: context, loaded: loaded, expecting: expecting,
            alongside: alongside,
            // The ledger's head lock is already held (see AppendRequest.precondition), so these statements' snapshots
            // are taken after it was granted: no revocation can commit between this check and the append.
            precondition: AppendWork([AccessControl.standingQuery(of: caller.name, modelId: modelId)] + granteeLookup) { answers, _ in
                guard let (_, standing) = try AccessControl.standing(of: caller.name, from: answers[0]) else {
                    throw RegistryError.modelNotFound(name)
                }
                try authorize(standing, grantee: answers.dropFirst().first)
            })
    }

    /// The name is another model's: the database's unique name refused it, or the stream already holds a model.
    private static func isNameTaken(_ error: any Error) -> Bool {
        if let error = error as? PostgresError { return error.isUniqueViolation && error.constraint == "models_name" }
        return (error as? RegistryError)?.code == DomainError.Code.modelAlreadyExists.rawValue
    }

    /// Withdraws an earlier event of the model (`EventRetracted`): for its owner or an admin, with a reason.
    public func retract(eventId: UUID, model name: String, reason: String, context: CommandContext) async throws -> Outcome {
        let placeholder = RetractionTarget(eventId: eventId, position: 0, type: "", alreadyRetracted: false)
        return try await execute(.retract(placeholder, reason: reason), model: name, context: context)
    }

    /// The current state of a model, folded from its stream.
    public func modelState(named name: String) async throws -> ModelState? {
        guard let modelId = try await modelId(named: name) else { return nil }
        return try await load(Streams.model(modelId)).state
    }

    func modelId(named name: String) async throws -> UUID? {
        try await pool.withSession { session in
            try session.query("SELECT model_id FROM models WHERE name = \(name)").first?.decode(UUID.self, at: 0)
        }
    }

    /// Decides and appends, retrying on version conflicts. `loaded` is the stream's state if the caller just read it.
    private func run(
        _ command: ModelCommand, stream: String, modelName: String, isNew: Bool, context: CommandContext,
        loaded: StateCache<ModelState>.Entry? = nil, expecting: (@Sendable (ModelState) throws -> Void)? = nil,
        alongside: (@Sendable (PostgresSession) throws -> Void)? = nil, precondition: AppendWork?
    ) async throws -> Outcome {
        if !isNew, let replay = try await previouslyAppended(stream: stream, context: context) { return replay }
        // A new model's stream is empty: nothing to read before the first attempt.
        let loaded = loaded ?? (isNew ? StateCache<ModelState>.Entry(version: 0, state: nil) : nil)
        for attempt in 1...Self.maxAttempts {
            let current = attempt == 1 && loaded != nil ? loaded! : try await load(stream)
            // Found by a name it may since have lost to a rename: the command is about the name it was given.
            if !isNew, let state = current.state, state.name != modelName { throw RegistryError.modelNotFound(modelName) }
            if let expecting, let state = current.state { try expecting(state) }
            let events = try await decide(command, against: current, stream: stream, context: context)
            guard !events.isEmpty else {
                guard let state = current.state else { throw RegistryError.modelNotFound(modelName) }
                return Outcome(model: state, events: [])
            }
            let request = AppendRequest(
                stream: stream, expectedVersion: current.version == 0 ? .noStream : .exact(current.version), actor: context.actor,
                events: newEvents(events, stream: stream, context: context), precondition: precondition,
                afterAppend: { result in
                    let projection = try Projector.work(result.events)
                    return alongside.map { AppendWork.run($0).followed(by: projection) } ?? projection
                },
                // A batch may check every command's access before writing any of them. A change of access (grant,
                // revocation, protected aliases, deletion) is an event of the model's own stream, and every command
                // appends at the exact version it decided on: one that follows such a change in a batch is refused as
                // stale, and its retry is checked after the change.
                mayChangePreconditions: false)
            do {
                let result = try await log.append(request)
                let state = try await advance(current, result.events, stream: stream)
                models.put(stream, state)
                guard let model = state.state else { throw RegistryError.modelNotFound(modelName) }
                return Outcome(model: model, events: result.events)
            } catch let error as EventLogError where error.code == .versionConflict {
                // Decided on a version another writer took first: decide again on the newer state, a few times.
                logger.debug("version conflict", metadata: ["stream": "\(stream)", "attempt": "\(attempt)"])
                continue
            } catch let error as EventLogError where error.code == .idempotencyConflict {
                // A concurrent retry of this very request landed between our check and our append.
                if let replay = try await previouslyAppended(stream: stream, context: context) { return replay }
                throw error
            }
        }
        throw RegistryError(.conflict, "version_conflict", "the model kept changing concurrently; retry")
    }

    /// Decides against the state just loaded. A correction decides against the model as it stood at its effective
    /// time; a retraction first finds the event it names in the stream.
    private func decide(_ command: ModelCommand, against current: StateCache<ModelState>.Entry, stream: String, context: CommandContext)
        async throws -> [RegistryEvent]
    {
        var command = command
        var history: [HistoricalEvent] = []
        if context.effectiveAt != nil || command.isRetraction {
            history = try await self.history(stream, upToVersion: current.version)
        }
        if case .retract(let target, let reason) = command {
            guard let found = history.first(where: { $0.eventId == target.eventId }) else {
                throw RegistryError(
                    .notFound, DomainError.Code.eventNotFound.rawValue,
                    "model '\(current.state?.name ?? "")' has no event \(target.eventId.uuidString.lowercased())")
            }
            // A retraction that would leave an alias pointing at a deleted version is refused: nothing may point there.
            if let after = ModelState.current(events: history.filter { $0.context.position != found.context.position }),
                let (alias, pointer) = after.aliases.first(where: { after.version($0.value.version) == nil })
            {
                throw RegistryError(
                    .unprocessable, DomainError.Code.versionNotFound.rawValue,
                    "retracting this event would point '\(alias)' at version \(pointer.version) of '\(after.name)', which was deleted")
            }
            let retracted = ModelState.retractedPositions(history)
            command = .retract(
                RetractionTarget(
                    eventId: target.eventId, position: found.context.position, type: found.event.typeName,
                    alreadyRetracted: retracted.contains(found.context.position)), reason: reason)
        }
        do {
            guard let effectiveAt = context.effectiveAt else { return try command.decide(state: current.state, actor: context.actor, now: clock()) }
            let then = ModelState.asOf(AsOf(at: effectiveAt, knownAt: .distantFuture), events: history)
            return try command.decide(
                backdatedTo: effectiveAt, stateThen: then, current: current.state, actor: context.actor, now: clock(), reason: context.reason)
        } catch {
            throw RegistryError.from(error)
        }
    }

    /// The stream's events up to a version, decoded for folding.
    private func history(_ stream: String, upToVersion version: Int64) async throws -> [HistoricalEvent] {
        try await log.readStream(stream, afterVersion: 0).filter { $0.streamVersion <= version }.map { recorded in
            HistoricalEvent(event: try RegistryEvent.decode(type: recorded.type, payload: recorded.data), context: recorded.context)
        }
    }

    /// With an idempotency key, a retry of a request that already landed answers from what it appended then.
    private func previouslyAppended(stream: String, context: CommandContext) async throws -> Outcome? {
        guard context.idempotencyKey != nil else { return nil }
        let firstId = context.eventId(stream: stream, index: 0)
        let found = try await pool.withSession { session in
            try session.query("SELECT position FROM ledger_events WHERE event_id = \(firstId)").first?.decode(Int64.self, at: 0)
        }
        guard let position = found else { return nil }
        let state = try await load(stream)
        guard let model = state.state else { return nil }
        let events = try await log.read(afterPosition: position - 1, limit: 1)
        return Outcome(model: model, events: events)
    }

    func newEvents(_ events: [RegistryEvent], stream: String, context: CommandContext) -> [NewEvent] {
        let metadata = context.metadata()
        return events.enumerated().map { index, event in
            NewEvent(
                eventId: context.eventId(stream: stream, index: index), type: event.typeName, data: event.encodedPayload(), metadata: metadata,
                effectiveAt: context.effectiveAt)
        }
    }

    /// The stream's state: the cached fold plus whatever was appended since.
    func load(_ stream: String) async throws -> StateCache<ModelState>.Entry {
        let cached = models.get(stream) ?? .init(version: 0, state: nil)
        let newer = try await log.readStream(stream, afterVersion: cached.version)
        guard !newer.isEmpty else { return cached }
        let entry = try await advance(cached, newer, stream: stream)
        models.put(stream, entry)
        return entry
    }

    /// The state after `newer`. Events in effective order (the usual case: effective when recorded) fold onto the
    /// cached state; a back-dated fact or a retraction changes the order or the input, so the stream is refolded.
    private func advance(_ entry: StateCache<ModelState>.Entry, _ newer: [RecordedEvent], stream: String) async throws
        -> StateCache<ModelState>.Entry
    {
        guard newer.contains(where: { $0.effectiveAt < $0.recordedAt || $0.type == "EventRetracted" }) else { return fold(entry, newer) }
        let all = try await log.readStream(stream, afterVersion: 0)
        let history = all.compactMap { recorded in
            (try? RegistryEvent.decode(type: recorded.type, payload: recorded.data)).map { HistoricalEvent(event: $0, context: recorded.context) }
        }
        return .init(version: all.last?.streamVersion ?? 0, state: ModelState.current(events: history))
    }

    private func fold(_ entry: StateCache<ModelState>.Entry, _ events: [RecordedEvent]) -> StateCache<ModelState>.Entry {
        var entry = entry
        for recorded in events where recorded.streamVersion > entry.version {
            do {
                let event = try RegistryEvent.decode(type: recorded.type, payload: recorded.data)
                entry.state = ModelState.apply(entry.state, event, recorded.context)
            } catch {
                // The fold is total: an event this build cannot read (written by a newer one) is skipped, loudly.
                logger.error(
                    "cannot read a ledger event; the model's state skips it",
                    metadata: ["event.position": "\(recorded.position)", "event.type": "\(recorded.type)"])
            }
            entry.version = recorded.streamVersion
        }
        return entry
    }
}

extension RecordedEvent {
    /// The envelope facts the domain's fold needs.
    public var context: EventContext {
        EventContext(position: position, recordedAt: recordedAt, effectiveAt: effectiveAt, actor: actor, eventId: eventId)
    }
}

extension ModelCommand {
    var isRetraction: Bool {
        if case .retract = self { true } else { false }
    }
}
