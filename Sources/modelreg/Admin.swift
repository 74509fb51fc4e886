import ArgumentParser
import EventLog
import Foundation
import RegistryService

/// `modelreg admin …`: chores done directly on the database.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Administrative tasks on the database.", subcommands: [Bootstrap.self])

    /// `modelreg admin bootstrap`: the first administrator and its token.
    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the first administrator and print its token (shown once).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions
        @Option(help: "The administrator's principal name") var name: String = "admin"
        @Flag(help: "Print the result as JSON") var json = false

        func run() async throws {
            let logger = logging.makeLogger()
            let token = try await DatabaseRuntime.withPool(database, logger: logger) { _, pool in
                try await RegistryService.Bootstrap.createAdmin(name: name, log: PostgresEventLog(pool: pool, logger: logger))
            }
            if json {
                printJSON(try JSONEncoder().encode(["principal": name, "token": token]))
            } else {
                print("created administrator '\(name)'. Its token, shown only now:\n\(token)")
            }
        }
    }
}
