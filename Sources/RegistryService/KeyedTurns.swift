import Synchronization

/// Work on one key runs one at a time in this process, the rest waiting in arrival order; different keys do not wait
/// for each other. Commands on one model take turns, since concurrent ones could only collide on the stream's
/// expected version and retry; retries of one idempotent request take turns, so a retry waits for the first attempt's
/// answer instead of doing the work again. Other processes are kept honest by the database (expected versions, event
/// ids); this only spares the collisions.
public final class KeyedTurns: Sendable {
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    public init() {}

    /// Runs `body` once no other work on `key` is running.
    public func withTurn<T>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await enter(key)
        defer { leave(key) }
        return try await body()
    }

    private func enter(_ key: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = waiting.withLock { waiting -> Bool in
                guard waiting[key] != nil else {
                    waiting[key] = []
                    return true
                }
                waiting[key]!.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    /// Hands the key to the next waiter, or frees it.
    private func leave(_ key: String) {
        let next = waiting.withLock { waiting -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[key], !queue.isEmpty else {
                waiting[key] = nil
                return nil
            }
            let first = queue.removeFirst()
            waiting[key] = queue
            return first
        }
        next?.resume()
    }
}
