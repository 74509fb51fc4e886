import ArgumentParser
import Foundation

/// `modelreg alias set|remove`.
struct Alias: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Move or remove aliases (promotions).", subcommands: [Set.self, Remove.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point ALIAS of MODEL at VERSION.")
        @OptionGroup var client: ClientOptions
        @Argument var model: String
        @Argument var alias: String
        @Argument var version: Int
        @Option(help: "Why (kept in the ledger)") var reason: String?

        func run() async throws {
            var body: [String: Any] = ["version": version]
            body["reason"] = reason
            let (data, _) = try await client.client().object("PUT", "v1/models/\(segment(model))/aliases/\(segment(alias))", json: body)
            if client.json { return printJSON(data) }
            print("\(model)@\(alias) → version \(version)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove ALIAS from MODEL.")
        @OptionGroup var client: ClientOptions
        @Argument var model: String
        @Argument var alias: String
        @Option(help: "Why (kept in the ledger)") var reason: String?

        func run() async throws {
            var query: [String: String] = [:]
            query["reason"] = reason
            let (data, _) = try await client.client().object("DELETE", "v1/models/\(segment(model))/aliases/\(segment(alias))", query: query)
            if client.json { return printJSON(data) }
            print("removed \(model)@\(alias)")
        }
    }
}

/// `modelreg approve MODEL VERSION`: a four-eyes review decision.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Approve (or --reject) a version for an alias.")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @Argument var version: Int
    @Option(help: "The alias the approval is for") var alias: String = "production"
    @Option(help: "Review notes") var notes: String = ""
    @Flag(help: "Record a rejection instead") var reject = false

    func run() async throws {
        let (data, object) = try await client.client().object(
            "POST", "v1/models/\(segment(model))/versions/\(version)/approvals",
            json: ["alias": alias, "notes": notes, "decision": reject ? "rejected" : "approved"])
        if client.json { return printJSON(data) }
        print("\(text(object["decision"])) \(model) version \(version) for \(alias) by \(text(object["approver"]))")
    }
}

/// `modelreg history MODEL`: every event about a model, with both times and hashes.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a model's history.")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @OptionGroup var time: TimeTravelOptions

    func run() async throws {
        let api = try client.client()
        var items: [[String: Any]] = []
        var pages: [Data] = []
        var after = "0"
        while true {
            let query = time.query.merging(["after": after, "limit": "1000"]) { $1 }
            let (data, object) = try await api.object("GET", "v1/models/\(segment(model))/history", query: query)
            pages.append(data)
            items += object["items"] as? [[String: Any]] ?? []
            guard let next = object["next"] as? String else { break }
            after = next
        }
        if client.json { return printJSON(pages.count == 1 ? pages[0] : try JSONSerialization.data(withJSONObject: ["items": items])) }
        printTable(
            ["POS", "RECORDED", "EFFECTIVE", "ACTOR", "TYPE", "DETAIL"],
            items.map { item in
                let data = item["data"] as? [String: Any] ?? [:]
                let detail = data.keys.sorted().filter { !["card", "signature", "tags", "metrics", "lineage"].contains($0) }
                    .map { "\($0)=\(text(data[$0]))" }.joined(separator: " ")
                return [
                    text(item["position"]), text(item["recorded_at"]), text(item["effective_at"]), text(item["actor"]), text(item["type"]), detail,
                ]
            })
    }
}
