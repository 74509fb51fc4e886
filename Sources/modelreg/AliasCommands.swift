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
        @Option(name: .customLong("from"), help: "Move only if the alias points to this version now ('none': only if unset); else 409")
        var fromVersion: String?
        @OptionGroup var correction: CorrectionOptions

        func validate() throws {
            if let fromVersion, fromVersion != "none", Int(fromVersion) == nil { throw ValidationError("--from takes a version number or 'none'") }
        }

        func run() async throws {
            var body: [String: Any] = ["version": version]
            body["reason"] = reason
            if let fromVersion { body["from_version"] = fromVersion == "none" ? NSNull() : Int(fromVersion) }
            body["effective_at"] = correction.effectiveAt
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
        @OptionGroup var correction: CorrectionOptions

        func run() async throws {
            var query: [String: String] = [:]
            query["reason"] = reason
            query["effective_at"] = correction.effectiveAt
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
    @OptionGroup var correction: CorrectionOptions

    func run() async throws {
        var body: [String: Any] = ["alias": alias, "notes": notes, "decision": reject ? "rejected" : "approved"]
        body["effective_at"] = correction.effectiveAt
        let (data, object) = try await client.client().object(
            "POST", "v1/models/\(segment(model))/versions/\(version)/approvals", json: body)
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
            ["POS", "RECORDED", "EFFECTIVE", "ACTOR", "TYPE", "DETAIL", "REASON", "CORRECTION"],
            items.map { item in
                let data = item["data"] as? [String: Any] ?? [:]
                let detail = data.keys.sorted().filter { !["card", "signature", "tags", "metrics", "lineage", "reason", "notes"].contains($0) }
                    .map { "\($0)=\(text(data[$0]))" }.joined(separator: " ")
                return [
                    text(item["position"]), text(item["recorded_at"]), text(item["effective_at"]), text(item["actor"]), text(item["type"]), detail,
                    text(item["reason"]), correction(item),
                ]
            })
    }

    /// How an event relates to corrections: back-dated (and what it superseded), retracting, or retracted.
    private func correction(_ item: [String: Any]) -> String {
        func position(_ key: String) -> String? { (item[key] as? [String: Any]).map { "#" + text($0["position"]) } }
        var notes: [String] = []
        if item["back_dated"] as? Bool == true { notes.append("back-dated" + (position("supersedes").map { ", supersedes \($0)" } ?? "")) }
        if let retracts = position("retracts") { notes.append("retracts \(retracts)") }
        if let retractedBy = position("retracted_by") { notes.append("RETRACTED by \(retractedBy)") }
        return notes.joined(separator: "; ")
    }
}

/// `modelreg retract MODEL EVENT_ID --reason R`: withdraws an earlier event (a correction, never an edit).
struct Retract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Retract an earlier event of a model (owners and admins).")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @Argument(help: "The event's id, as history shows it") var eventId: String
    @Option(help: "Why (required; kept in the ledger)") var reason: String

    func run() async throws {
        let (data, object) = try await client.client().object(
            "POST", "v1/models/\(segment(model))/retractions", json: ["event_id": eventId, "reason": reason])
        if client.json { return printJSON(data) }
        let target = object["retracts"] as? [String: Any] ?? [:]
        print("retracted #\(text(target["position"])) \(text(target["type"])) of \(model) at #\(text(object["position"]))")
    }
}
