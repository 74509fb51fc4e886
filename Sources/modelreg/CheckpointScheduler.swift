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
        var lastSigned = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            } catch {
                return
            }
            do {
                let size = try await checkpoints.ledgerSize()
                let signed = try await checkpoints.latest()?.treeSize ?? 0
                let behind = size - signed
                guard behind >= everyEvents || (behind > 0 && ContinuousClock.now - lastSigned >= interval) else { continue }
                let head = try await checkpoints.sign()
                lastSigned = .now
                logger.notice("checkpoint signed", metadata: ["checkpoint.tree_size": "\(head.treeSize)", "checkpoint.root": "\(head.rootHash)"])
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
