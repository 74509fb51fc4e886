import Foundation
import RegistryDomain

/// The JSON bodies the API accepts. Optional fields default as documented in openapi.json.
struct CreateModelBody: Decodable {
    var name: String
    var description: String?
    var tags: [String: String]?
}

struct UpdateModelBody: Decodable {
    var description: String?
    var tags: [String: String]?
    var reason: String?
    var effectiveAt: Date?

    enum CodingKeys: String, CodingKey {
        case description, tags, reason, effectiveAt = "effective_at"
    }
}

struct RegisterVersionBody: Decodable {
    struct LineageBody: Decodable {
        var source: String?
        var runId: String?
        var trainingData: String?

        enum CodingKeys: String, CodingKey {
            case source, runId = "run_id", trainingData = "training_data"
        }
    }

    var artifactSHA256: String
    var format: String
    var description: String?
    var signature: JSONValue?
    var card: JSONValue?
    var metrics: [String: Double]?
    var lineage: LineageBody?
    var tags: [String: String]?
    /// A correction: the version was in use from this earlier instant (with `reason`).
    var effectiveAt: Date?
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case artifactSHA256 = "artifact_sha256", format, description, signature, card, metrics, lineage, tags, effectiveAt = "effective_at", reason
    }
}

struct SetAliasBody: Decodable {
    var version: Int
    var reason: String?
    var effectiveAt: Date?
    /// Move only if the alias points to this version now (`.some(nil)`: only if it is not set); absent: move anyway.
    var fromVersion: Int??

    enum CodingKeys: String, CodingKey {
        case version, reason, effectiveAt = "effective_at", fromVersion = "from_version"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        effectiveAt = try container.decodeIfPresent(Date.self, forKey: .effectiveAt)
        fromVersion = container.contains(.fromVersion) ? .some(try container.decodeIfPresent(Int.self, forKey: .fromVersion)) : .none
    }
}

struct ReasonBody: Decodable {
    var reason: String?
    var effectiveAt: Date?

    enum CodingKeys: String, CodingKey {
        case reason, effectiveAt = "effective_at"
    }
}

struct ApprovalBody: Decodable {
    var alias: String?
    var decision: VersionApproved.Decision?
    var notes: String?
    var effectiveAt: Date?

    enum CodingKeys: String, CodingKey {
        case alias, decision, notes, effectiveAt = "effective_at"
    }
}

struct RetractionBody: Decodable {
    var eventId: UUID
    var reason: String

    enum CodingKeys: String, CodingKey {
        case eventId = "event_id", reason
    }
}

struct CreatePrincipalBody: Decodable {
    var name: String
    var kind: PrincipalKind?
    var displayName: String?
    var roles: [RegistryRole]?
    var tokenExpiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case name, kind, displayName = "display_name", roles, tokenExpiresAt = "token_expires_at"
    }
}

struct IssueTokenBody: Decodable {
    var label: String?
    var expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case label, expiresAt = "expires_at"
    }
}

struct GrantBody: Decodable {
    var role: ModelRole
    var expiresAt: Date?
    var reason: String?
    var effectiveAt: Date?

    enum CodingKeys: String, CodingKey {
        case role, expiresAt = "expires_at", reason, effectiveAt = "effective_at"
    }
}

struct ProtectedAliasesBody: Decodable {
    var aliases: [String]
    var reason: String?
    var effectiveAt: Date?

    enum CodingKeys: String, CodingKey {
        case aliases, reason, effectiveAt = "effective_at"
    }
}
