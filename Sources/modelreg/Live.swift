import ArgumentParser
import Foundation

/// `modelreg live [--at T] [--known-at K] [--alias production]`: what was live, model by model.
struct Live: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show which version each model's alias pointed to at an instant.")
    @OptionGroup var client: ClientOptions
    @OptionGroup var time: TimeTravelOptions
    @Option(help: "The alias to look at") var alias: String = "production"

    func run() async throws {
        let (data, object) = try await client.client().object("GET", "v1/live", query: time.query.merging(["alias": alias]) { $1 })
        if client.json { return printJSON(data) }
        let asOf = object["as_of"] as? [String: Any] ?? [:]
        print("\(alias) at \(text(asOf["at"])) as known at \(text(asOf["known_at"]))")
        let items = object["items"] as? [[String: Any]] ?? []
        printTable(
            ["MODEL", "VERSION", "SINCE", "RECORDED", "SET BY"],
            items.map { [text($0["model"]), text($0["version"]), text($0["since"]), text($0["since_recorded_at"]), text($0["set_by"])] })
    }
}
