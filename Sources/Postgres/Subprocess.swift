import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One external command (initdb, pg_ctl), with stdout and stderr appended to a log file.
///
/// Spawned with `posix_spawn` and reaped with `waitpid` rather than Foundation's `Process`: on
/// Linux, `Process` learns of a child's exit through a socket the child inherits, and `pg_ctl
/// start` leaves the server running with every inherited descriptor — so `Process` never sees
/// pg_ctl exit. Here the child gets only stdin, stdout and stderr (`closefrom(3)`), and the exit
/// is observed with `waitpid` on a dispatch queue, never on the cooperative pool.
struct Subprocess: Sendable {
    var executable: String
    var arguments: [String]
    /// The child's working directory. pg_ctl and initdb fail if they can't read their current
    /// directory, which happens after switching users in a directory like /root.
    var workingDirectory: String?
    /// Where output goes (appended); `nil` discards it.
    var logFile: String?

    private static let waitQueue = DispatchQueue(label: "modelreg.subprocess", attributes: .concurrent)

    /// Runs to completion and returns the exit status (128 + signal number if killed). The wait
    /// happens on a dispatch queue, so no thread of Swift's cooperative pool blocks.
    func run() async throws -> Int32 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            Self.waitQueue.async {
                continuation.resume(with: Result { try self.runBlocking() })
            }
        }
    }

    /// Runs to completion, blocking the calling thread. For contexts that can't await, such as
    /// `atexit` handlers; async code uses `run()`.
    func runBlocking() throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeDescriptorsFrom3(&actions)
        var command = self
        if let workingDirectory, !Self.changeDirectory(&actions, to: workingDirectory) {
            command = Subprocess(
                executable: "/bin/sh",
                arguments: ["-c", "cd \"$0\" && exec \"$@\"", workingDirectory, executable] + arguments,
                logFile: logFile
            )
        }

        // Start the child with default signal handling and nothing blocked, whatever this
        // process changed (the Swift runtime ignores SIGPIPE, and ignored signals survive exec).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argumentCopies = ([command.executable] + command.arguments).map { strdup($0) }
        defer { argumentCopies.forEach { free($0) } }
        var argv = argumentCopies + [nil]

        var pid = pid_t()
        let spawned = posix_spawn(&pid, command.executable, &actions, &attributes, &argv, environ)
        guard spawned == 0 else {
            throw PostgresError(code: .embeddedServer, message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw PostgresError(code: .embeddedServer, message: "lost track of \(executable): \(String(cString: strerror(errno)))")
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    // The glibc extensions below are hidden from Swift's Glibc module (they need _GNU_SOURCE),
    // so they are looked up at run time, with portable fallbacks.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// Makes the child close every descriptor above stderr.
    private static func closeDescriptorsFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Makes the child start in `directory`; false if this libc can't.
    private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to directory: String) -> Bool {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return false }
        return unsafeBitCast(symbol, to: ChangeDirectory.self)(&actions, directory) == 0
    }

    /// The same command run as `user` via runuser (or su where runuser is missing).
    func running(as user: String?) -> Subprocess {
        guard let user else { return self }
        var wrapped = self
        if FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
            wrapped.executable = "/usr/sbin/runuser"
            wrapped.arguments = ["-u", user, "--", executable] + arguments
        } else {
            wrapped.executable = "/bin/su"
            let command = ([executable] + arguments).map(Self.shellQuote).joined(separator: " ")
            wrapped.arguments = ["-s", "/bin/sh", user, "-c", command]
        }
        return wrapped
    }

    static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
