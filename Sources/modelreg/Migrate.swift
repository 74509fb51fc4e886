import ArgumentParser
import Foundation

/// `modelreg migrate`: applies the schema's pending migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Flag(help: "Print the result as JSON") var json = false

    func run() async throws {
        let logger = logging.makeLogger()
        let runtime = try await DatabaseRuntime.start(database, logger: logger)
        do {
            let applied = try await runtime.migrate(logger: logger)
            await runtime.stop()
            if json {
                printJSON(try JSONEncoder().encode(["applied": applied]))
            } else {
                print(applied.isEmpty ? "schema is up to date" : "applied: " + applied.joined(separator: ", "))
            }
        } catch {
            await runtime.stop()
            throw error
        }
    }
}
