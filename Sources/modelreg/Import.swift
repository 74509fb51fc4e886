import ArgumentParser
import Crypto
import EventLog
import Foundation
import RegistryDomain
import RegistryService

/// `modelreg import FILE`: brings models that lived before the registry in, with their past (back-dated events).
///
/// The file is checked here first (every bad line named, nothing sent), then by the server without writing
/// (`dry_run`), and only then are artifact files uploaded and the rows imported, in one transaction on the server.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import past history from a CSV or JSON file (admins).",
        discussion: """
            Columns: model, version (optional check), artifact (a SHA-256 of an artifact already uploaded, or a file path \
            relative to FILE), format, live_from, retired_at (optional), approver, owner, description, reason (optional). \
            Each row is a version that went live in production at live_from. Importing the same file again adds nothing.
            """)
    @OptionGroup var client: ClientOptions
    @Argument(help: "The backfill file (.csv or .json)") var file: String
    @Option(help: "csv or json (default: from the file's extension)") var format: String?
    @Flag(name: .customLong("dry-run"), help: "Check the file against the registry without writing or uploading anything") var dryRun = false

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        let kind = try BackfillFile.Format(rawValue: (format ?? url.pathExtension).lowercased())
            .orThrow(ValidationError("cannot tell the format of \(file): use --format csv or --format json"))
        let records: [BackfillFile.Record]
        switch BackfillFile.read(try Data(contentsOf: url), format: kind) {
        case .success(let read): records = read
        case .failure(let error): throw ImportFailure(error)
        }

        // Artifact files: hashed here; uploaded only once the server has accepted the rows.
        var files: [String: (url: URL, size: Int64)] = [:]
        var rows: [BackfillRow] = []
        var problems: [BackfillError.Problem] = []
        let directory = url.deletingLastPathComponent()
        for record in records {
            var row = record.row
            if record.artifactIsPath {
                let artifact = URL(fileURLWithPath: record.artifact, relativeTo: directory).standardizedFileURL
                guard let data = try? Data(contentsOf: artifact) else {
                    problems.append(.init(line: row.line, message: "cannot read the artifact file \(artifact.path)"))
                    continue
                }
                if ModelFormats.isChecked(row.format) {
                    // Checked here too, so a bad model file is named before anything is uploaded.
                    do { _ = try ModelFormats.signature(format: row.format, artifact: Array(data), declared: nil) } catch let error as RegistryError {
                        problems.append(.init(line: row.line, message: "\(artifact.path): \(error.message)"))
                        continue
                    }
                }
                row.artifactSHA256 = Array(SHA256.hash(data: data)).hexString
                files[row.artifactSHA256] = (artifact, Int64(data.count))
            }
            rows.append(row)
        }
        guard problems.isEmpty else { throw ImportFailure(BackfillError(problems: problems, unit: kind.unit)) }

        let api = try client.client()
        let encoder = RegistryEvent.makeEncoder()
        func send(dryRun: Bool) async throws -> (Data, [String: Any]) {
            let body: [String: Any] = [
                "source": url.lastPathComponent, "unit": kind.unit, "dry_run": dryRun,
                "rows": try JSONSerialization.jsonObject(with: try encoder.encode(rows)),
                "pending_artifacts": dryRun ? files.mapValues { $0.size } : [:],
            ]
            return try await api.object("POST", "v1/imports", json: body)
        }
        var (data, report) = try await send(dryRun: true)
        if !dryRun {
            let progress = Progress(label: "uploading artifacts")
            for (index, (digest, file)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
                progress.update(Int64(index), of: Int64(files.count))
                let (_, stored) = try await api.object("POST", "v1/artifacts", rawBody: try Data(contentsOf: file.url))
                guard text(stored["sha256"]) == digest else { throw ValidationError("\(file.url.path) changed while it was being imported") }
            }
            progress.finish()
            (data, report) = try await send(dryRun: false)
        }
        if client.json { return printJSON(data) }
        let models = report["models"] as? [[String: Any]] ?? []
        printTable(
            ["MODEL", "STATUS", "VERSIONS", "EVENTS"],
            models.map { [text($0["model"]), text($0["status"]), text($0["versions"]), text($0["events"])] })
        print(dryRun ? "dry run: nothing written" : "\(text(report["events_appended"])) events appended")
    }
}

/// Every bad line of a backfill, one per line of output.
struct ImportFailure: Error, CustomStringConvertible {
    let error: BackfillError

    init(_ error: BackfillError) {
        self.error = error
    }

    var description: String {
        (["nothing imported:"] + error.problems.sorted { $0.line < $1.line }.map { "  \(error.unit) \($0.line): \($0.message)" })
            .joined(separator: "\n")
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
