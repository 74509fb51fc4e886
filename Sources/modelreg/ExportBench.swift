import ArgumentParser
import EventLog
import Foundation
import Logging
import Postgres
import RegistryDomain
import RegistryService

#if canImport(Glibc)
    import Glibc
#endif

/// `modelreg bench export`: a generated ledger (default 1,000,000 events) exported through a real `modelreg serve`
/// child process over HTTP, timed and with the server's memory read from /proc, next to PostgreSQL's own COPY of the
/// same rows by psql; then the export verified as `modelreg verify --file` does.
struct ExportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Streamed ledger export: time and the server's peak memory, against a raw COPY.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Models to generate") var models: Int = 10_000
    @Option(name: .customLong("events-per-model"), help: "Events per model") var eventsPerModel: Int = 100
    @Option(help: "Seed for the generated history") var seed: UInt64 = 2026
    @Flag(help: "Print the result as JSON") var json = false

    struct Result: Encodable {
        var events: Int64
        var generationSeconds: Double
        var exportBytes: Int64
        var rows: [BenchRow]
        var serverRSSBeforeMB: Double
        var serverPeakAfterSmallExportMB: Double
        var serverPeakAfterFullExportMB: Double

        enum CodingKeys: String, CodingKey {
            case events, generationSeconds = "generation_seconds", exportBytes = "export_bytes", rows, serverRSSBeforeMB = "server_rss_before_mb",
                serverPeakAfterSmallExportMB = "server_peak_after_small_export_mb", serverPeakAfterFullExportMB = "server_peak_after_full_export_mb"
        }
    }

    func run() async throws {
        var logging = logging
        if logging.level == "info" { logging.level = "warning" }
        let logger = logging.makeLogger()
        let result = try await withScratchDatabase(database, logger: logger) { owner, pool in try await measure(owner: owner, pool: pool) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return printJSON(try encoder.encode(result))
        }
        try printBenchTable("ledger export: \(result.events) events, \(result.exportBytes / 1_000_000) MB of JSON Lines", result.rows, json: false)
        print(
            String(
                format: "\nserver memory: %.0f MB resident before, peak %.0f MB after exporting 10%%, peak %.0f MB after exporting everything",
                result.serverRSSBeforeMB, result.serverPeakAfterSmallExportMB, result.serverPeakAfterFullExportMB))
        print("generating the ledger took \(String(format: "%.1f", result.generationSeconds)) s")
    }

    private func measure(owner: PostgresConfiguration, pool: PostgresConnectionPool) async throws -> Result {
        var random = SeededRandom(seed: seed)
        let now = Date()
        let generationSeconds = try await HistoryGenerator.append(
            models: models, eventsPerModel: eventsPerModel, from: now.addingTimeInterval(-730 * 86_400), to: now.addingTimeInterval(-86_400),
            random: &random, pool: pool)
        let log = PostgresEventLog(pool: pool, logger: Logger(label: "bench"))
        let token = try await Bootstrap.createAdmin(name: "bench-admin", log: log)
        let total = try await log.head().position

        // PostgreSQL's own COPY of the same columns, by psql, to /dev/null: the floor for reading and writing them.
        let copyStarted = ContinuousClock.now
        try runToDevNull(
            "psql", environment: try Self.libpqEnvironment(owner),
            arguments: [
                "-q", "-c",
                """
                COPY (SELECT position, event_id, stream, stream_version, type, recorded_at, effective_at, actor, data, metadata,
                encode(prev_hash, 'hex'), encode(hash, 'hex') FROM ledger_events ORDER BY position) TO STDOUT
                """,
            ])
        let copySeconds = (ContinuousClock.now - copyStarted).inSeconds

        let server = try ServerProcess.start(owner: owner)
        defer { server.stop() }
        let before = server.memory()
        let small = try await timedExport(port: server.port, token: token, query: "?to=\(total / 10)", to: nil)
        let afterSmall = server.memory()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("modelreg-export-bench-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let full = try await timedExport(port: server.port, token: token, query: "", to: file)
        let afterFull = server.memory()
        guard full.lines == total + 2 else { throw ValidationError("the export had \(full.lines) lines for \(total) events") }

        // Verifying the file, as `modelreg verify --file` does.
        let verifyStarted = ContinuousClock.now
        let report = try verifyExportFile(file.path)
        let verifySeconds = (ContinuousClock.now - verifyStarted).inSeconds
        guard report.ok else { throw ValidationError("the export does not verify: \(report.problem ?? "") at \(report.badPosition ?? 0)") }

        let copy = BenchRow(
            name: "raw: psql COPY (SELECT …) TO STDOUT of the same columns", operations: Int(total), seconds: copySeconds,
            perSecond: Double(total) / copySeconds)
        return Result(
            events: total, generationSeconds: generationSeconds, exportBytes: full.bytes,
            rows: [
                copy,
                BenchRow(
                    name: "GET /v1/exports/events, first 10% (signs a head, builds the tree cache)", operations: Int(total / 10),
                    seconds: small.seconds, perSecond: Double(total / 10) / small.seconds),
                BenchRow(
                    name: "GET /v1/exports/events, whole ledger, to a file", operations: Int(total), seconds: full.seconds,
                    perSecond: Double(total) / full.seconds, baseline: "raw COPY", ratio: (Double(total) / full.seconds) / copy.perSecond),
                BenchRow(
                    name: "verify the export (modelreg verify --file)", operations: Int(total), seconds: verifySeconds,
                    perSecond: Double(total) / verifySeconds),
            ],
            serverRSSBeforeMB: before.rss, serverPeakAfterSmallExportMB: afterSmall.peak, serverPeakAfterFullExportMB: afterFull.peak)
    }

    /// Streams an export over a plain HTTP/1.0 socket (no client library buffering it), counting bytes and lines
    /// and optionally writing the body to a file.
    private func timedExport(port: Int, token: String, query: String, to file: URL?) async throws -> (seconds: Double, bytes: Int64, lines: Int64) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let started = ContinuousClock.now
                    let (bytes, lines) = try HTTPStream.get(port: port, path: "/v1/exports/events\(query)", token: token, into: file)
                    continuation.resume(returning: ((ContinuousClock.now - started).inSeconds, bytes, lines))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The connection as libpq's PG* variables, so psql gets the password without it showing in `ps`.
    static func libpqEnvironment(_ configuration: PostgresConfiguration) throws -> [String: String] {
        let names = [
            "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE",
        ]
        var environment: [String: String] = [:]
        for (key, value) in try configuration.connectionParameters() { if let name = names[key] { environment[name] = value } }
        return environment
    }

    private func runToDevNull(_ command: String, environment: [String: String], arguments: [String]) throws {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(command) failed with status \(process.terminationStatus)") }
    }
}

/// `modelreg serve` as a child process on the bench database, for measuring it from outside.
struct ServerProcess {
    let process: Process
    let port: Int
    /// The throwaway signing key, removed with the server.
    let keyPath: String

    static func start(owner: PostgresConfiguration) throws -> ServerProcess {
        let port = try freeLoopbackPort()
        let keyPath = FileManager.default.temporaryDirectory.appendingPathComponent("modelreg-bench-key-\(UUID())").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        // The connection string (with its password) goes in the environment, not the arguments `ps` shows.
        process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": owner.connectionString]) { $1 }
        process.arguments = [
            "serve", "--port", String(port), "--log-level", "warning",
            "--signing-key", keyPath,
            "--checkpoint-every", "1000000000", "--checkpoint-interval", "1000000",
        ]
        try process.run()
        let server = ServerProcess(process: process, port: port, keyPath: keyPath)
        // Ready when /health answers.
        for _ in 0..<300 {
            if (try? HTTPStream.get(port: port, path: "/health", token: nil, into: nil)) != nil { return server }
            guard process.isRunning else { throw ValidationError("modelreg serve exited with status \(process.terminationStatus)") }
            usleep(100_000)
        }
        server.stop()
        throw ValidationError("modelreg serve did not answer on port \(port)")
    }

    /// Resident and peak resident memory (VmRSS, VmHWM) in MB.
    func memory() -> (rss: Double, peak: Double) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func value(_ key: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return .nan }
            return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
        }
        return (value("VmRSS"), value("VmHWM"))
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: keyPath)
    }
}

/// 127.0.0.1:`port` as a socket address.
func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return address
}

/// A port on 127.0.0.1 that nothing listens on right now.
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ValidationError("socket() failed") }
    defer { close(descriptor) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw ValidationError("cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A minimal blocking HTTP/1.1 GET over a socket (`Connection: close`), undoing chunked transfer encoding as the
/// bytes arrive, so a long export streams through without a client library holding it.
enum HTTPStream {
    static func get(port: Int, path: String, token: String?, into file: URL?) throws -> (bytes: Int64, lines: Int64) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("socket() failed") }
        defer { close(descriptor) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw ValidationError("cannot connect to port \(port)") }
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "") + "\r\n"
        let requestBytes = Array(request.utf8)
        guard write(descriptor, requestBytes, requestBytes.count) == requestBytes.count else { throw ValidationError("cannot send the request") }
        let output: FileHandle? =
            if let file {
                FileManager.default.createFile(atPath: file.path, contents: nil) ? try FileHandle(forWritingTo: file) : nil
            } else { nil }
        defer { try? output?.close() }
        var body = BodyDecoder()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var header: [UInt8] = []
        var bytes: Int64 = 0
        var lines: Int64 = 0
        func deliver(_ data: ArraySlice<UInt8>) {
            bytes += Int64(data.count)
            lines += Int64(data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) })
            output?.write(Data(data))
        }
        while !body.finished {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            if body.mode == nil {
                header.append(contentsOf: buffer[0..<count])
                guard let end = header.firstRange(of: [13, 10, 13, 10]) else { continue }
                let head = String(decoding: header[..<end.lowerBound], as: UTF8.self).lowercased()
                guard head.hasPrefix("http/1.1 200") else { throw ValidationError("\(path) answered \(head.prefix(40))") }
                body.mode = head.contains("transfer-encoding: chunked") ? .chunked : .untilClose
                body.feed(header[end.upperBound...], deliver)
            } else {
                body.feed(buffer[0..<count], deliver)
            }
        }
        guard body.mode != nil else { throw ValidationError("\(path) gave no answer") }
        return (bytes, lines)
    }

    /// Undoes chunked transfer encoding incrementally (RFC 9112 §7.1); other bodies pass through until the close.
    struct BodyDecoder {
        enum Mode { case chunked, untilClose }
        var mode: Mode?
        var finished = false
        private var remaining = 0
        private var sizeLine: [UInt8] = []
        private var skipCRLF = 0

        mutating func feed(_ data: ArraySlice<UInt8>, _ deliver: (ArraySlice<UInt8>) -> Void) {
            guard mode == .chunked else { return deliver(data) }
            var index = data.startIndex
            while index < data.endIndex && !finished {
                if skipCRLF > 0 {
                    skipCRLF -= 1
                    index += 1
                } else if remaining > 0 {
                    let end = min(data.endIndex, index + remaining)
                    deliver(data[index..<end])
                    remaining -= end - index
                    index = end
                    if remaining == 0 { skipCRLF = 2 }
                } else {
                    let byte = data[index]
                    index += 1
                    if byte == 10 {
                        let text = String(decoding: sizeLine.filter { $0 != 13 }, as: UTF8.self).split(separator: ";").first ?? ""
                        sizeLine = []
                        remaining = Int(text.trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
                        if remaining == 0 { finished = true }
                    } else {
                        sizeLine.append(byte)
                    }
                }
            }
        }
    }
}
