import Logging
import Postgres
import Synchronization

/// Batches concurrent writes into one transaction, so a burst of writers shares one commit (one fsync): ledger
/// appends, and predictions with their batch's seal.
///
/// Leader/follower without background tasks: the first caller to find no batch in flight becomes the leader and
/// writes everything queued; callers arriving meanwhile wait. When the leader's commit is durable it answers each
/// follower and hands leadership to the oldest caller still waiting, if any. Nobody is answered before the commit.
/// A batch the database kept waiting a whole statement timeout (a lock held elsewhere) fails the callers queued behind
/// it at once with the same error: they would wait for the same lock, each for another whole timeout.
public final class GroupCommitter<Request: Sendable, Response: Sendable>: Sendable {
    /// Writes a batch in one transaction and answers each request, in order.
    public typealias Writer = @Sendable ([Request]) async -> [Result<Response, any Error>]

    private struct Waiter {
        var request: Request
        var continuation: CheckedContinuation<Wakeup, Never>
    }

    private enum Wakeup {
        case done(Result<Response, any Error>)
        case lead
    }

    private struct State {
        var flushing = false
        var queue: [Waiter] = []
    }

    private let state = Mutex(State())
    private let writer: Writer
    private let maxBatch: Int

    public init(maxBatch: Int = 256, writer: @escaping Writer) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    public func submit(_ request: Request) async throws -> Response {
        // With no batch in flight the caller leads at once, without suspending first.
        let leadNow = state.withLock { state -> Bool in
            guard !state.flushing else { return false }
            state.flushing = true
            return true
        }
        if leadNow { return try await lead(own: request).get() }
        let wakeup = await withCheckedContinuation { (continuation: CheckedContinuation<Wakeup, Never>) in
            let leadNow = state.withLock { state -> Bool in
                if state.flushing {
                    state.queue.append(Waiter(request: request, continuation: continuation))
                    return false
                }
                state.flushing = true
                return true
            }
            if leadNow { continuation.resume(returning: .lead) }
        }
        switch wakeup {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(own: request).get()
        }
    }

    /// Writes the leader's request with everything queued, answers the followers, and passes the lead on.
    private func lead(own: Request) async -> Result<Response, any Error> {
        let followers = state.withLock { state -> [Waiter] in
            let taken = Array(state.queue.prefix(maxBatch - 1))
            state.queue.removeFirst(taken.count)
            return taken
        }
        let results = await writer([own] + followers.map(\.request))
        for (index, follower) in followers.enumerated() {
            follower.continuation.resume(returning: .done(results[index + 1]))
        }
        var stall: (any Error)?
        if case .failure(let error) = results[0], (error as? PostgresError)?.isTimeout == true { stall = error }
        let (next, refused) = state.withLock { state -> (Waiter?, [Waiter]) in
            if stall != nil {
                let refused = state.queue
                state.queue.removeAll()
                state.flushing = false
                return (nil, refused)
            }
            if state.queue.isEmpty {
                state.flushing = false
                return (nil, [])
            }
            return (state.queue.removeFirst(), [])
        }
        if let stall {
            for waiter in refused { waiter.continuation.resume(returning: .done(.failure(stall))) }
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }
}
