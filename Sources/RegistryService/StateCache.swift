import Synchronization

/// Folded aggregate states by stream, so a command reads only the events appended since it last looked.
/// Bounded: when full it forgets everything (cheap, and the next reads simply fold again).
final class StateCache<State: Sendable>: Sendable {
    struct Entry: Sendable {
        var version: Int64
        var state: State?
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func get(_ stream: String) -> Entry? {
        entries.withLock { $0[stream] }
    }

    func put(_ stream: String, _ entry: Entry) {
        entries.withLock { entries in
            if let existing = entries[stream], existing.version >= entry.version { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[stream] = entry
        }
    }
}
