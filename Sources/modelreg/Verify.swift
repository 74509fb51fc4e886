import ArgumentParser
import EventLog
import Foundation
import RegistryService

/// `modelreg verify`: the database's two lanes (the ledger's chain and its signed checkpoints, every prediction
/// batch against its seal), or an export file (`--file`); either held to a published checkpoint (`--checkpoint`).
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the ledger and the prediction log, or an export file, and name the first bad position.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Verify this export (events or decision log) instead of the database") var file: String?
    @Option(help: "A checkpoint published earlier (from `modelreg checkpoint --out`) the record must still agree with") var checkpoint: String?
    @Option(name: .customLong("public-key"), help: "The registry's Ed25519 public key (base64) every checkpoint must be signed with")
    var publicKey: String?
    @Flag(help: "Print the result as JSON") var json = false

    func run() async throws {
        let published = try checkpoint.map { path -> Checkpoint in
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: data) else {
                throw ValidationError("\(path) is not a checkpoint (tree_size, root_hash, recorded_at, key_id, public_key, signature)")
            }
            return checkpoint
        }
        if let file {
            try verifyFile(file, published: published)
        } else {
            try await verifyDatabase(published: published)
        }
    }

    private func verifyFile(_ path: String, published: Checkpoint?) throws {
        let report = try verifyExportFile(path, published: published, trustedKey: publicKey)
        if report.problem == "checkpoint_not_covered" { throw ValidationError(report.detail ?? "the export does not cover the checkpoint") }
        if json {
            try printEncoded(report)
        } else if report.ok {
            if report.format == LedgerExport.predictionsFormat {
                print("ok: \(report.batches) batches, \(report.checked) predictions, head \(report.headHash ?? "")")
            } else {
                print(
                    "ok: \(report.checked) events, positions \(report.firstPosition ?? 0)…\(report.lastPosition ?? 0), head \(report.headHash ?? "")")
            }
        } else if let batch = report.batchId {
            print("BAD in batch \(batch) (seal position \(report.badPosition ?? 0)): \(report.problem ?? "?") — \(report.detail ?? "")")
        } else {
            print("BAD at position \(report.badPosition ?? 0): \(report.problem ?? "?") — \(report.detail ?? "")")
        }
        if !report.ok { throw ExitCode(1) }
    }

    private func verifyDatabase(published: Checkpoint?) async throws {
        let logger = logging.makeLogger()
        let progress = Progress(label: "verifying")
        let result = try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
            // Stored checkpoints are read without a signer: verifying needs only their public keys.
            try await Audit(pool: pool, checkpoints: Checkpoints(pool: pool, signer: nil)).run(published: published, trustedKey: publicKey) {
                progress.update($0, of: $0)
            }
        }
        progress.finish()
        if json {
            try printEncoded(result)
        } else {
            let ledger = result.ledger
            if ledger.ok {
                print(
                    "ledger ok: \(ledger.checked) events, positions \(ledger.firstPosition ?? 0)…\(ledger.lastPosition), head \(ledger.headHash), "
                        + "\(ledger.checkpointsChecked) signed checkpoints match")
            } else {
                print("ledger BAD at position \(ledger.badPosition ?? 0): \(ledger.problem ?? "?") — \(ledger.detail ?? "")")
            }
            let predictions = result.predictions
            if predictions.ok {
                print("predictions ok: \(predictions.batches) batches, \(predictions.predictions) predictions match their seals")
            } else {
                print(
                    "predictions BAD in batch \(predictions.batchId ?? "?") (seal position \(predictions.sealPosition ?? 0)"
                        + "\(predictions.leafIndex.map { ", leaf \($0)" } ?? "")): \(predictions.problem ?? "?") — \(predictions.detail ?? "")")
            }
        }
        if !result.ok { throw ExitCode(1) }
    }

    private func printEncoded(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        printJSON(try encoder.encode(value))
    }
}

/// Verifies an export file line by line, reading it in 1 MiB chunks so a large export needs constant memory.
func verifyExportFile(_ path: String, published: Checkpoint? = nil, trustedKey: String? = nil) throws -> ExportReport {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
    defer { try? handle.close() }
    var verifier = ExportVerifier(publishedCheckpoint: published, trustedKey: trustedKey)
    var pending: [UInt8] = []
    reading: while true {
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty { break }
        pending.append(contentsOf: chunk)
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if !verifier.check(line: pending[start..<newline]) { break reading }
            start = newline + 1
        }
        pending.removeSubrange(pending.startIndex..<start)
    }
    if !pending.isEmpty { verifier.check(line: pending) }
    return verifier.finish()
}
