import ArgumentParser
import Foundation

/// `modelreg grant MODEL PRINCIPAL ROLE [--expires-at T] [--reason R]`.
struct Grant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Give a principal a role on a model (owners only).")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @Argument var principal: String
    @Argument(help: "viewer, user, editor, approver or owner") var role: String
    @Option(name: .customLong("expires-at"), help: "RFC 3339 time (or YYYY-MM-DD) when the grant stops working") var expiresAt: String?
    @Option(help: "Why (kept in the ledger)") var reason: String?
    @OptionGroup var correction: CorrectionOptions

    func run() async throws {
        var body: [String: Any] = ["role": role]
        body["expires_at"] = expiresAt
        body["reason"] = reason
        body["effective_at"] = correction.effectiveAt
        let (data, _) = try await client.client().object("PUT", "v1/models/\(segment(model))/grants/\(segment(principal))", json: body)
        if client.json { return printJSON(data) }
        print("granted \(role) on \(model) to \(principal)\(expiresAt.map { " until \($0)" } ?? "")")
    }
}

/// `modelreg revoke MODEL PRINCIPAL ROLE`.
struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take a role on a model back from a principal (owners only).")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @Argument var principal: String
    @Argument var role: String
    @Option(help: "Why (kept in the ledger)") var reason: String?
    @OptionGroup var correction: CorrectionOptions

    func run() async throws {
        var query: [String: String] = [:]
        query["reason"] = reason
        query["effective_at"] = correction.effectiveAt
        let (data, _) = try await client.client().object(
            "DELETE", "v1/models/\(segment(model))/grants/\(segment(principal))/\(segment(role))", query: query)
        if client.json { return printJSON(data) }
        print("revoked \(role) on \(model) from \(principal)")
    }
}

/// `modelreg grants MODEL`: who holds which role.
struct Grants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List who holds which role on a model.")
    @OptionGroup var client: ClientOptions
    @Argument var model: String
    @OptionGroup var time: TimeTravelOptions

    func run() async throws {
        let (data, object) = try await client.client().object("GET", "v1/models/\(segment(model))/grants", query: time.query)
        if client.json { return printJSON(data) }
        let items = object["items"] as? [[String: Any]] ?? []
        printTable(
            ["PRINCIPAL", "ROLE", "EXPIRES", "GRANTED BY", "GRANTED AT", "REASON"],
            items.map {
                [text($0["principal"]), text($0["role"]), text($0["expires_at"]), text($0["granted_by"]), text($0["granted_at"]), text($0["reason"])]
            })
    }
}
