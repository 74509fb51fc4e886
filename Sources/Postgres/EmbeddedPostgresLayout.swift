import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an embedded cluster keeps its files. Password, port and log files sit next to the data
/// directory, not inside it: initdb insists on an empty directory.
struct EmbeddedPostgresLayout: Sendable {
    let dataDirectory: String
    let parentDirectory: String
    let passwordFile: String
    let portFile: String
    let logFile: String
    /// Unix sockets are limited to about 107 bytes of path, so the socket lives under a short
    /// /tmp name derived from the data directory rather than next to it.
    let socketDirectory: String

    init(dataDirectory: String) {
        let absolute =
            dataDirectory.hasPrefix("/")
            ? dataDirectory
            : FileManager.default.currentDirectoryPath + "/" + dataDirectory
        var standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        let url = URL(fileURLWithPath: standardized)
        let parent = url.deletingLastPathComponent().path
        let base = url.lastPathComponent

        self.dataDirectory = standardized
        self.parentDirectory = parent
        self.passwordFile = parent + "/" + base + ".password"
        self.portFile = parent + "/" + base + ".port"
        self.logFile = parent + "/" + base + ".log"
        self.socketDirectory = "/tmp/modelreg-pg-" + Self.shortHash(standardized)
    }

    /// FNV-1a, 48 bits in hex: stable across runs (unlike `Hasher`) and short.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash & 0xFFFF_FFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// The directory holding `pg_ctl` and `initdb`: the explicit choice, else `$MODELREG_PG_BIN`,
    /// else the newest /usr/lib/postgresql/*/bin, else wherever `pg_ctl` is on PATH.
    static func resolveBinDirectory(_ explicit: String?) throws -> String {
        let fileManager = FileManager.default
        func hasTools(_ directory: String) -> Bool {
            fileManager.isExecutableFile(atPath: directory + "/pg_ctl")
                && fileManager.isExecutableFile(atPath: directory + "/initdb")
        }
        if let chosen = explicit ?? ProcessInfo.processInfo.environment["MODELREG_PG_BIN"], !chosen.isEmpty {
            guard hasTools(chosen) else {
                throw PostgresError(code: .embeddedServer, message: "no pg_ctl and initdb in \(chosen)")
            }
            return chosen
        }
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newest =
            versions
            .compactMap { version in Double(version).map { (number: $0, path: "/usr/lib/postgresql/\(version)/bin") } }
            .sorted { $0.number > $1.number }
            .first { hasTools($0.path) }
        if let newest { return newest.path }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(directory)
            if hasTools(candidate) {
                // Packaged binaries are often symlinked onto PATH; use their real directory so
                // they find the server binary and libraries next to them.
                return URL(fileURLWithPath: candidate + "/pg_ctl").resolvingSymlinksInPath().deletingLastPathComponent().path
            }
        }
        throw PostgresError(
            code: .embeddedServer,
            message: "PostgreSQL server binaries (pg_ctl, initdb) not found; install PostgreSQL or set MODELREG_PG_BIN"
        )
    }

    /// The last `lines` lines of the log file, for error messages.
    func logTail(lines: Int = 25) -> String {
        guard let handle = FileHandle(forReadingAtPath: logFile) else { return "(no log at \(logFile))" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 8192 ? size - 8192 : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Writes `contents` to a new file created with `mode`, so it is never readable by others,
    /// not even briefly.
    static func writePrivateFile(_ path: String, contents: String, mode: mode_t = 0o600) throws {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw PostgresError(code: .embeddedServer, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw PostgresError(code: .embeddedServer, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
