import EventLog
import Foundation
import Postgres
import RegistryDomain

/// The first administrator, created directly in the database (there is nobody yet to authenticate as).
public enum Bootstrap {
    /// Creates principal `name` with the admin role and returns its token (shown once). The event's actor is the
    /// new administrator itself; the metadata says it came from the command line.
    public static func createAdmin(name: String, log: PostgresEventLog) async throws -> String {
        let context = CommandContext(actor: name, reason: "bootstrap: first administrator created from the command line")
        let directory = PrincipalDirectory(pool: log.pool, log: log)
        let (_, token) = try await directory.create(name: name, kind: .user, displayName: name, roles: [.admin], context: context)
        return token.token
    }
}
