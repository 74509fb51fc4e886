import Postgres

/// One caller's append: events for one stream, checked against an expected version, with optional work that must
/// happen in the same transaction (authorisation checks before, projection updates after).
public struct AppendRequest: Sendable {
    /// Runs inside the append's transaction before the events are written, with the ledger's head lock already held
    /// by an earlier statement: nothing else can append until this transaction ends, so what each of its statements
    /// reads (with a snapshot taken after the lock) stays true until the commit. Throwing refuses this append alone.
    public typealias Precondition = @Sendable (PostgresSession) throws -> Void
    /// Runs inside the append's transaction after the events are written (e.g. projection updates); throwing
    /// undoes this append alone.
    public typealias AfterAppend = @Sendable (PostgresSession, AppendResult) throws -> Void

    public var stream: String
    public var expectedVersion: ExpectedVersion
    public var actor: String
    public var events: [NewEvent]
    public var precondition: Precondition?
    public var afterAppend: AfterAppend?
    /// Whether this append's `afterAppend` can change what the `precondition` of a later append in the same batch
    /// decides, where that append's expected version would not refuse it anyway. If so, the batch runs its appends
    /// whole, one after the other, so that later checks see this work; otherwise it checks every precondition first
    /// and writes the appends in one statement. When in doubt, true.
    public var mayChangePreconditions: Bool

    public init(
        stream: String, expectedVersion: ExpectedVersion, actor: String, events: [NewEvent], precondition: Precondition? = nil,
        afterAppend: AfterAppend? = nil, mayChangePreconditions: Bool = true
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

/// What an append wrote: the recorded events, or — for an idempotent retry — the ones written the first time.
public struct AppendResult: Sendable, Equatable {
    public var events: [RecordedEvent]
    /// True when every event id had been appended before and nothing new was written.
    public var alreadyAppended: Bool

    /// The stream's version after the append.
    public var streamVersion: Int64 { events.last?.streamVersion ?? 0 }
}
