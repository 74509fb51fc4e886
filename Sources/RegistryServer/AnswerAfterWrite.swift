import Foundation
import RegistryDomain
import RegistryService

/// The answer to a write that committed. It is read back as every read is, so it shows what the projections show;
/// but a read that fails for want of the database (the pool full, the connection lost) must not turn a committed
/// write into a 503, which invites the client to retry and write twice. Then the model as the command left it
/// answers: the same view, folded from the events the command appended on top of the state it decided against.
extension RegistryServices {
    func modelAfterWrite(_ outcome: Registry.Outcome, caller: Caller) async throws -> ModelView {
        try await afterWrite(
            { try await queries.model(named: outcome.model.name, caller: caller) }, orElse: { ModelView(outcome.model, asOf: nil) })
    }

    func versionAfterWrite(_ number: Int, _ outcome: Registry.Outcome, caller: Caller) async throws -> VersionView {
        guard let version = outcome.model.version(number) else {
            return try await queries.version(number, of: outcome.model.name, caller: caller)
        }
        return try await afterWrite(
            { try await queries.version(number, of: outcome.model.name, caller: caller) },
            orElse: { VersionView(version, of: outcome.model, asOf: nil) })
    }

    func grantsAfterWrite(_ outcome: Registry.Outcome, caller: Caller) async throws -> [GrantView] {
        try await afterWrite(
            { try await queries.grants(of: outcome.model.name, caller: caller) }, orElse: { GrantView.held(in: outcome.model, at: Date()) })
    }

    private func afterWrite<View>(_ read: () async throws -> View, orElse folded: () -> View) async throws -> View {
        do {
            return try await read()
        } catch  where RegistryError.from(error).kind == .unavailable {
            return folded()
        }
    }
}
