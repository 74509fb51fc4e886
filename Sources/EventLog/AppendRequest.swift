import Postgres

/// One caller's append: events for one stream, checked against an expected version, with optional work that must
/// happen in the same transaction (authorisation checks before, projection updates after).
public struct AppendRequest: Sendable {
    public var stream: String
    public var expectedVersion: ExpectedVersion
    public var actor: String
    public var events: [NewEvent]
    /// Runs inside the append's transaction before the events are written, with the ledger's head lock already held
    /// by an earlier statement: nothing else can append until this transaction ends, so what each of its statements
    /// reads (with a snapshot taken after the lock) stays true until the commit. Throwing refuses this append alone.
    public var precondition: AppendWork?
    /// Runs inside the append's transaction after the events are written (e.g. projection updates); throwing
    /// undoes this append alone.
    public var afterAppend: (@Sendable (AppendResult) throws -> AppendWork)?
    /// Whether this append's `afterAppend` can change what the `precondition` of a later append in the same batch
    /// decides, where that append's expected version would not refuse it anyway. If so, the batch runs its appends
    /// whole, one after the other, so that later checks see this work; otherwise it checks every precondition first
    /// and writes the appends in one statement. When in doubt, true.
    public var mayChangePreconditions: Bool

    public init(
        stream: String, expectedVersion: ExpectedVersion, actor: String, events: [NewEvent], precondition: AppendWork? = nil,
        afterAppend: (@Sendable (AppendResult) throws -> AppendWork)? = nil, mayChangePreconditions: Bool = true
    ) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.actor = actor
        self.events = events
        self.precondition = precondition
        self.afterAppend = afterAppend
        self.mayChangePreconditions = mayChangePreconditions
    }
}

/// Work an append does in its transaction: statements, and what to make of their answers.
///
/// A batch sends the statements of all its appends' checks together, and later those of all their work after the
/// append (`PostgresSession.pipeline`): one round trip for each instead of one per statement, made while the batch
/// holds the ledger's head lock. The statements run in the order given, appends in batch order; each append's
/// `answered` then gets its own answers, so another append's statements may have run between its statements and its
/// `answered`.
public struct AppendWork: Sendable {
    public var statements: [SQLQuery]
    /// Called with one answer per statement, in order. Throwing refuses the append (a precondition) or undoes it (work
    /// after the append); it may also run statements of its own on the session, at a round trip each.
    public var answered: (@Sendable ([PostgresRows], PostgresSession) throws -> Void)?

    public init(_ statements: [SQLQuery], answered: (@Sendable ([PostgresRows], PostgresSession) throws -> Void)? = nil) {
        self.statements = statements
        self.answered = answered
    }

    /// Work that runs its own statements, one round trip each, after the batched statements were answered.
    public static func run(_ body: @escaping @Sendable (PostgresSession) throws -> Void) -> AppendWork {
        AppendWork([]) { _, session in try body(session) }
    }

    /// This work's statements and then `next`'s; each `answered` gets its own answers, this one's first.
    public func followed(by next: AppendWork) -> AppendWork {
        let count = statements.count
        let (first, second) = (answered, next.answered)
        return AppendWork(statements + next.statements) { answers, session in
            try first?(Array(answers.prefix(count)), session)
            try second?(Array(answers.dropFirst(count)), session)
        }
    }

    /// The answers to the statements of `works` sent together, split into each work's own, in order.
    static func split(_ answers: some Collection<PostgresRows>, among works: [AppendWork]) -> [[PostgresRows]] {
        var rest = answers[...]
        return works.map { work in
            defer { rest = rest.dropFirst(work.statements.count) }
            return Array(rest.prefix(work.statements.count))
        }
    }

    /// Runs the statements (together) and hands their answers over: work of one append on its own.
    public func perform(in session: PostgresSession) throws {
        let answers = try session.pipeline(statements)
        try answered?(answers, session)
    }
}

/// What an append wrote: the recorded events, or — for an idempotent retry — the ones written the first time.
public struct AppendResult: Sendable, Equatable {
    public var events: [RecordedEvent]
    /// True when every event id had been appended before and nothing new was written.
    public var alreadyAppended: Bool

    /// The stream's version after the append.
    public var streamVersion: Int64 { events.last?.streamVersion ?? 0 }
}
