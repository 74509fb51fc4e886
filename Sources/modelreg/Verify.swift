import ArgumentParser
import EventLog
import Foundation

/// `modelreg verify`: walks the hash chain and names the first bad position.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Verify the ledger's hash chain.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Flag(help: "Print the result as JSON") var json = false

    struct Output: Encodable {
        var ok: Bool
        var checked: Int64
        var firstPosition: Int64?
        var lastPosition: Int64
        var headHash: String
        var badPosition: Int64?
        var problem: String?
        var detail: String?

        enum CodingKeys: String, CodingKey {
            case ok, checked, firstPosition = "first_position", lastPosition = "last_position", headHash = "head_hash",
                badPosition = "bad_position", problem, detail
        }
    }

    func run() async throws {
        let logger = logging.makeLogger()
        let progress = Progress(label: "verifying")
        let report = try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
            try await PostgresEventLog(pool: pool, logger: logger).verify { progress.update($0, of: $0) }
        }
        progress.finish()
        let output = Output(
            ok: report.ok, checked: report.checked, firstPosition: report.firstPosition, lastPosition: report.lastPosition,
            headHash: report.headHash.hexString, badPosition: report.badPosition, problem: report.problem?.rawValue, detail: report.detail)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            printJSON(try encoder.encode(output))
        } else if report.ok {
            print("ok: \(report.checked) events, positions \(report.firstPosition ?? 0)…\(report.lastPosition), head \(output.headHash)")
        } else {
            print("BAD at position \(report.badPosition ?? 0): \(report.problem?.rawValue ?? "?") — \(report.detail ?? "")")
        }
        if !report.ok { throw ExitCode(1) }
    }
}
