import ArgumentParser
import EventLog
import Foundation
import RegistryDomain
import RegistryService

/// Where the registry's Ed25519 checkpoint key is: by default next to the embedded cluster's data directory.
struct SigningKeyOptions: ParsableArguments {
    @Option(name: .customLong("signing-key"), help: "The Ed25519 key that signs checkpoints (created at first use; default: .modelreg/signing-key)")
    var path: String?

    func resolved(_ database: DatabaseOptions) -> String {
        path ?? URL(fileURLWithPath: database.dataDirectory).deletingLastPathComponent().appendingPathComponent("signing-key").path
    }

    /// The existing key (only `serve` creates one).
    func signer(_ database: DatabaseOptions) throws -> CheckpointSigner {
        try CheckpointSigner.load(at: resolved(database))
    }
}

/// The command line sees the registry as an admin would: exports and proofs need no token here, only the database.
let commandLineAuditor = Caller(name: "modelreg-cli", registryRoles: [.admin])

/// `modelreg checkpoint`: signs a head over the ledger as it stands and prints or writes it, for publishing.
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Sign a tree head over the ledger now and write it out for publishing.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signing: SigningKeyOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Write the checkpoint to this file (default: print it)") var out: String?

    func run() async throws {
        let logger = logging.makeLogger()
        let checkpoint = try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
            try await Checkpoints(pool: pool, signer: try signing.signer(database)).sign()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(checkpoint) + Data("\n".utf8)
        if let out {
            try data.write(to: URL(fileURLWithPath: out))
            FileHandle.standardError.write(Data("checkpoint of \(checkpoint.treeSize) events, root \(checkpoint.rootHash), written to \(out)\n".utf8))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

/// `modelreg export`: the compliance exports, straight from the database.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the ledger, the decision log or the model inventory.",
        subcommands: [EventsExport.self, PredictionsExport.self, InventoryExport.self])
}

/// Writes streamed export bytes to a file or standard output.
struct ExportSink {
    private let handle: FileHandle
    private let closeAtEnd: Bool

    init(out: String?) throws {
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else { throw ValidationError("cannot create \(out)") }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            closeAtEnd = true
        } else {
            handle = .standardOutput
            closeAtEnd = false
        }
    }

    func write(_ bytes: [UInt8]) { handle.write(Data(bytes)) }
    func close() { if closeAtEnd { try? handle.close() } }
}

struct EventsExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "The ledger as JSON Lines with every field its hashes need, ending with a signed head.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signing: SigningKeyOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "First position, or an RFC 3339 instant (inclusive)") var from: String?
    @Option(help: "Last position (inclusive), or an RFC 3339 instant (exclusive)") var to: String?
    @Option(help: "Write to this file (default: standard output)") var out: String?

    func run() async throws {
        let logger = logging.makeLogger()
        let bounds = try [from, to].map { text -> ExportBound? in
            guard let text else { return nil }
            guard let bound = ExportBound.parse(text) else { throw ValidationError("\(text) is neither a position nor an RFC 3339 instant") }
            return bound
        }
        let sink = try ExportSink(out: out)
        defer { sink.close() }
        let progress = Progress(label: "exporting")
        try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
            let exports = Exports(pool: pool, checkpoints: Checkpoints(pool: pool, signer: try signing.signer(database)))
            let plan = try await exports.planEvents(from: bounds[0], to: bounds[1], caller: commandLineAuditor)
            var written: Int64 = 0
            try await exports.streamEvents(plan) { bytes in
                sink.write(bytes)
                written += Int64(bytes.lazy.filter { $0 == UInt8(ascii: "\n") }.count)
                progress.update(min(written, plan.toPosition - plan.fromPosition + 1), of: max(0, plan.toPosition - plan.fromPosition + 1))
            }
        }
        progress.finish()
    }
}

struct PredictionsExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictions", abstract: "The decision log: every prediction with its batch and seal, JSON Lines or CSV.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signing: SigningKeyOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Batches sealed from this instant (RFC 3339)") var from: String?
    @Option(help: "Batches sealed before this instant (RFC 3339)") var to: String?
    @Option(help: "jsonl or csv") var format: String = "jsonl"
    @Option(help: "Write to this file (default: standard output)") var out: String?

    func run() async throws {
        let logger = logging.makeLogger()
        guard let format = Exports.PredictionsFormat(rawValue: format) else { throw ValidationError("--format must be jsonl or csv") }
        let instants = [try instantOption(from, "from"), try instantOption(to, "to")]
        let sink = try ExportSink(out: out)
        defer { sink.close() }
        try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
            let exports = Exports(pool: pool, checkpoints: Checkpoints(pool: pool, signer: try signing.signer(database)))
            let plan = try exports.planPredictions(from: instants[0], to: instants[1], format: format, caller: commandLineAuditor)
            try await exports.streamPredictions(plan) { bytes in sink.write(bytes) }
        }
    }
}

/// Parses an optional RFC 3339 option.
func instantOption(_ text: String?, _ name: String) throws -> Date? {
    guard let text else { return nil }
    guard let date = RFC3339.parse(text) else { throw ValidationError("--\(name) must be an RFC 3339 timestamp or a date (YYYY-MM-DD)") }
    return date
}

struct InventoryExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "The model inventory as of (at, known_at): one row per model, CSV or JSON (docs/COMPLIANCE.md).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Valid time: the instant the inventory is about (default: now)") var at: String?
    @Option(name: .customLong("known-at"), help: "Transaction time: the registry's knowledge as it stood then (default: now)") var knownAt: String?
    @Option(help: "csv or json") var format: String = "csv"
    @Option(help: "Write to this file (default: standard output)") var out: String?

    func run() async throws {
        guard format == "csv" || format == "json" else { throw ValidationError("--format must be csv or json") }
        let now = Date()
        let asOf = AsOf(at: try instantOption(at, "at") ?? now, knownAt: try instantOption(knownAt, "known-at") ?? now)
        let document = try await DatabaseRuntime.withPool(database, logger: logging.makeLogger()) { _, pool in
            try await Inventory(pool: pool).rows(asOf: asOf, caller: commandLineAuditor)
        }
        let sink = try ExportSink(out: out)
        defer { sink.close() }
        if format == "json" {
            let encoder = RegistryEvent.makeEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            sink.write(Array(try encoder.encode(document)) + [UInt8(ascii: "\n")])
        } else {
            sink.write(Array(document.csv.utf8))
        }
    }
}

/// `modelreg report`: what happened in a period, as Markdown, CSV or JSON.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report registrations, promotions, approvals, grants, predictions and downloads in a period.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Start of the period, as recorded (default: 30 days before --to)") var from: String?
    @Option(help: "End of the period, exclusive (default: now)") var to: String?
    @Option(help: "md, csv or json") var format: String = "md"
    @Flag(help: "The same as --format json") var json = false

    func run() async throws {
        let format = json ? "json" : format
        guard ["md", "csv", "json"].contains(format) else { throw ValidationError("--format must be md, csv or json") }
        let (from, to) = (try instantOption(self.from, "from"), try instantOption(self.to, "to"))
        let report = try await DatabaseRuntime.withPool(database, logger: logging.makeLogger()) { _, pool in
            try await PeriodReports(pool: pool).report(from: from, to: to, caller: commandLineAuditor)
        }
        switch format {
        case "json":
            let encoder = RegistryEvent.makeEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            printJSON(try encoder.encode(report))
        case "csv": print(report.csv, terminator: "")
        default: print(report.markdown, terminator: "")
        }
    }
}
