import ArgumentParser
import Foundation

/// `modelreg models list|create|show`.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Registered models.", subcommands: [List.self, Create.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the models you can see.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only names containing this text") var search: String?
        @Option(help: "At most this many") var limit: Int = 100
        @OptionGroup var time: TimeTravelOptions

        func run() async throws {
            var query = time.query.merging(["limit": String(limit)]) { $1 }
            query["q"] = search
            let (data, object) = try await client.client().object("GET", "v1/models", query: query)
            if client.json { return printJSON(data) }
            let items = object["items"] as? [[String: Any]] ?? []
            printTable(
                ["NAME", "LATEST", "PRODUCTION", "OWNER", "UPDATED"],
                items.map { item in
                    let aliases = item["aliases"] as? [String: [String: Any]] ?? [:]
                    return [
                        text(item["name"]), text(item["latest_version"]), text(aliases["production"]?["version"]), text(item["owner"]),
                        text(item["updated_at"]),
                    ]
                })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a new model (you become its owner).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Model name") var name: String
        @Option(help: "Description") var description: String = ""
        @Option(name: .customLong("tag"), help: "key=value (repeatable)") var tags: [String] = []

        func run() async throws {
            let (data, object) = try await client.client().object(
                "POST", "v1/models", json: ["name": name, "description": description, "tags": try parseTags(tags)])
            if client.json { return printJSON(data) }
            print("created model \(text(object["name"])) (owner \(text(object["owner"])))")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a model and its aliases.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Model name") var name: String
        @OptionGroup var time: TimeTravelOptions

        func run() async throws {
            let (data, object) = try await client.client().object("GET", "v1/models/\(segment(name))", query: time.query)
            if client.json { return printJSON(data) }
            print("\(text(object["name"])): \(text(object["description"]))")
            print("owner \(text(object["owner"])), latest version \(text(object["latest_version"])), updated \(text(object["updated_at"]))")
            let aliases = object["aliases"] as? [String: [String: Any]] ?? [:]
            printTable(
                ["ALIAS", "VERSION", "SINCE", "SET BY"],
                aliases.keys.sorted().map { [$0, text(aliases[$0]?["version"]), text(aliases[$0]?["since"]), text(aliases[$0]?["set_by"])] })
        }
    }
}

/// `--at` and `--known-at`: read the registry as it stood then (RFC 3339 or YYYY-MM-DD).
struct TimeTravelOptions: ParsableArguments {
    @Option(help: "Valid time: the instant the question is about") var at: String?
    @Option(name: .customLong("known-at"), help: "Transaction time: what the registry knew then (default: now)") var knownAt: String?

    var query: [String: String] {
        var query: [String: String] = [:]
        query["at"] = at
        query["known_at"] = knownAt
        return query
    }
}

/// `--effective-at` on writes: the command records a fact of that earlier instant (a correction; owners and admins,
/// with a reason).
struct CorrectionOptions: ParsableArguments {
    @Option(name: .customLong("effective-at"), help: "Record this as a fact of an earlier instant (a correction; needs --reason)")
    var effectiveAt: String?
}

/// `key=value` pairs from repeated `--tag` options.
func parseTags(_ pairs: [String]) throws -> [String: String] {
    var tags: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw ValidationError("--tag takes key=value, got '\(pair)'") }
        tags[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return tags
}
