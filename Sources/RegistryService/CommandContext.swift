import Foundation
import RegistryDomain

/// Who asks, and what the ledger should remember about the request alongside the events.
public struct CommandContext: Sendable {
    public var actor: String
    /// The actor's registry-wide roles, for authorisation.
    public var registryRoles: Set<RegistryRole>
    public var requestId: String
    /// When set, event ids are derived from it, so a retried request appends nothing new.
    public var idempotencyKey: String?
    public var reason: String?
    /// When set, the command records a fact of the past (a correction): its events take this valid time.
    public var effectiveAt: Date?

    public init(
        actor: String, registryRoles: Set<RegistryRole> = [], requestId: String = UUID().uuidString.lowercased(), idempotencyKey: String? = nil,
        reason: String? = nil, effectiveAt: Date? = nil
    ) {
        self.actor = actor
        self.registryRoles = registryRoles
        self.requestId = requestId
        self.idempotencyKey = idempotencyKey
        self.reason = reason
        self.effectiveAt = effectiveAt
    }

    /// The actor as the access policy sees it.
    public var caller: Caller { Caller(name: actor, registryRoles: registryRoles) }

    /// The event's metadata: the request it came from (and the reason, if the caller gave one).
    func metadata() -> [UInt8] {
        var fields: [String: String] = ["request_id": requestId]
        if let reason { fields["reason"] = reason }
        if let idempotencyKey { fields["idempotency_key"] = idempotencyKey }
        return Array(Projector.json(fields).utf8)
    }

    /// A stable id for the `index`-th event of this request: random without an idempotency key, derived from the
    /// actor, key and stream otherwise (a name-based UUID, version 8 layout).
    func eventId(stream: String, index: Int) -> UUID {
        guard let idempotencyKey else { return UUID() }
        return UUID.nameBased("\(actor)\u{0}\(idempotencyKey)\u{0}\(stream)\u{0}\(index)")
    }
}
