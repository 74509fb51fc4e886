import Foundation

/// The `modelreg` executable `swift build` put next to the test bundles: tests run it as an operator would.
public enum ModelregExecutable {
    public static var path: String {
        let candidates = [
            "/.build/debug/modelreg", "/.build/x86_64-unknown-linux-gnu/debug/modelreg", "/.build/aarch64-unknown-linux-gnu/debug/modelreg",
        ]
        return candidates.map { TestPostgres.packageRoot + $0 }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `modelreg` with `arguments` off the cooperative thread pool (the server under test may need it) and
    /// returns its exit status, standard output and standard error.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, error: String)
    {
        try await runProcess(path, arguments, environment: environment)
    }

    /// Runs any executable from the package root the same way (e.g. `/usr/bin/env python3 tools/verify_log.py`).
    public static func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String, error: String
    ) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    process.currentDirectoryURL = URL(fileURLWithPath: TestPostgres.packageRoot)
                    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                    let output = Pipe()
                    let error = Pipe()
                    process.standardOutput = output
                    process.standardError = error
                    try process.run()
                    // Both pipes drained concurrently so a chatty process never blocks on a full one.
                    let errorData = Collected()
                    let group = DispatchGroup()
                    group.enter()
                    DispatchQueue.global().async {
                        errorData.data = error.fileHandleForReading.readDataToEndOfFile()
                        group.leave()
                    }
                    let outputData = output.fileHandleForReading.readDataToEndOfFile()
                    group.wait()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: (
                            process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData.data, as: UTF8.self)
                        ))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// Bytes read on another thread; the DispatchGroup orders the write before the read.
private final class Collected: @unchecked Sendable {
    var data = Data()
}
