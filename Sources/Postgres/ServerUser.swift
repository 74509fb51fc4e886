import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operating-system user that runs initdb and the server. PostgreSQL refuses to run as root,
/// so when we are root the work is done as an unprivileged user instead.
struct ServerUser: Sendable {
    /// The user to switch to, or `nil` when we are not root and run everything as ourselves.
    let name: String?
    let uid: uid_t
    let gid: gid_t
    private let groups: [gid_t]

    /// As root: `preferred` if that user exists, else `nobody`. Otherwise: the current user.
    static func resolve(preferred: String) throws -> ServerUser {
        guard geteuid() == 0 else {
            return ServerUser(name: nil, uid: geteuid(), gid: getegid(), groups: [])
        }
        for candidate in [preferred, "nobody"] {
            if let user = lookUp(candidate) { return user }
        }
        throw PostgresError(
            code: .embeddedServer,
            message: "PostgreSQL cannot run as root and neither user '\(preferred)' nor 'nobody' exists"
        )
    }

    private static func lookUp(_ name: String) -> ServerUser? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &found) == 0, found != nil else { return nil }
        var groupCount: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(groupCount))
        if getgrouplist(name, entry.pw_gid, &groups, &groupCount) < 0 {
            groups = [entry.pw_gid]
        } else {
            groups = Array(groups.prefix(Int(groupCount)))
        }
        return ServerUser(name: name, uid: entry.pw_uid, gid: entry.pw_gid, groups: groups)
    }

    /// Gives `path` (and with `recursive`, everything below it) to this user. Does nothing when
    /// not switching users, or when `path` already belongs to the user.
    func takeOwnership(of path: String, recursive: Bool) throws {
        guard name != nil else { return }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_uid != uid || info.st_gid != gid else { return }
        try change(path)
        guard recursive, let entries = FileManager.default.enumerator(atPath: path) else { return }
        for case let entry as String in entries {
            try change(path + "/" + entry)
        }
    }

    private func change(_ path: String) throws {
        guard lchown(path, uid, gid) == 0 else {
            throw PostgresError(
                code: .embeddedServer,
                message: "cannot give \(path) to user '\(name ?? "?")': \(String(cString: strerror(errno)))"
            )
        }
    }

    /// Throws a clear error naming the first directory on the way to `directory` that this user
    /// cannot enter (e.g. a 0700 /root), since the server could not reach its files through it.
    func ensureCanTraverse(to directory: String) throws {
        guard let name else { return }
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            var info = stat()
            guard stat(path, &info) == 0 else { return }  // created later, with enterable permissions
            let mode = info.st_mode
            let allowed: Bool
            if info.st_uid == uid {
                allowed = mode & S_IXUSR != 0
            } else if info.st_gid == gid || groups.contains(info.st_gid) {
                allowed = mode & S_IXGRP != 0
            } else {
                allowed = mode & S_IXOTH != 0
            }
            guard allowed else {
                throw PostgresError(
                    code: .embeddedServer,
                    message: "PostgreSQL must run as the unprivileged user '\(name)', which cannot enter \(path) "
                        + "(mode \(String(mode & 0o777, radix: 8))); choose a data directory it can reach with --data-dir, "
                        + "e.g. /var/lib/modelreg/pgdata"
                )
            }
        }
    }
}
