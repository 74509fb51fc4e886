import EventLog
import Foundation
import Logging
import RegistryService
import ServiceLifecycle

/// Signs a checkpoint whenever the ledger has grown by `everyEvents` since the last one, or has grown at all and
/// `interval` has passed, so heads can be published on a rhythm without anyone asking.
struct CheckpointScheduler: Service {
    let checkpoints: Checkpoints
    let everyEvents: Int64
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            } catch {
                return
            }
            do {
                if let head = try await checkpoints.signIfDue(everyEvents: everyEvents, maxAge: interval.inSeconds) {
                    logger.notice("checkpoint signed", metadata: ["checkpoint.tree_size": "\(head.treeSize)", "checkpoint.root": "\(head.rootHash)"])
                }
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
