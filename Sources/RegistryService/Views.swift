import EventLog
import Foundation
import RegistryDomain

/// The documents the read side answers with. Field names are the API's (snake_case); the server encodes them as-is.
public struct ModelView: Sendable, Codable, Equatable {
    public var name: String
    /// Lowercase, as in stream names and the hash layout.
    public var modelId: String
    public var description: String
    public var tags: [String: String]
    public var owner: String
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    public var latestVersion: Int?
    public var aliases: [String: AliasView]
    public var protectedAliases: [String]
    /// The dataset the registry evaluates linear versions on, if one is attached.
    public var evaluation: EvaluationDatasetSet?
    /// Promotion gates by alias (absent when there are none).
    public var gates: [String: PromotionGateSet]?
    /// Present when the document answers for a past pair of instants rather than now.
    public var asOf: AsOf?

    enum CodingKeys: String, CodingKey {
        case name, modelId = "model_id", description, tags, owner, createdAt = "created_at", createdBy = "created_by", updatedAt = "updated_at",
            latestVersion = "latest_version", aliases, protectedAliases = "protected_aliases", evaluation, gates, asOf = "as_of"
    }
}

public struct AliasView: Sendable, Codable, Equatable {
    public var version: Int
    public var since: Date
    public var setBy: String

    enum CodingKeys: String, CodingKey {
        case version, since, setBy = "set_by"
    }
}

public struct VersionView: Sendable, Codable, Equatable {
    public var model: String
    public var version: Int
    public var artifactSHA256: String
    public var artifactSize: Int64
    public var format: String
    public var description: String
    public var signature: JSONValue?
    public var card: JSONValue?
    public var metrics: [String: Double]
    public var lineage: Lineage
    public var tags: [String: String]
    public var registrant: String
    public var registeredAt: Date
    public var aliases: [String]
    public var approvals: [ApprovalView]
    /// Metrics the registry computed itself on the evaluation dataset (distinct from the claimed `metrics`).
    public var computedMetrics: MetricsComputed?
    /// Present when the document answers for a past pair of instants rather than now.
    public var asOf: AsOf?

    enum CodingKeys: String, CodingKey {
        case model, version, artifactSHA256 = "artifact_sha256", artifactSize = "artifact_size", format, description, signature, card, metrics,
            lineage, tags, registrant, registeredAt = "registered_at", aliases, approvals, computedMetrics = "computed_metrics", asOf = "as_of"
    }
}

public struct ApprovalView: Sendable, Codable, Equatable {
    public var version: Int
    public var alias: String
    public var decision: String
    public var approver: String
    public var notes: String
    public var approvedAt: Date
    public var position: Int64

    enum CodingKeys: String, CodingKey {
        case version, alias, decision, approver, notes, approvedAt = "approved_at", position
    }

    init(version: Int, alias: String, decision: String, approver: String, notes: String, approvedAt: Date, position: Int64) {
        self.version = version
        self.alias = alias
        self.decision = decision
        self.approver = approver
        self.notes = notes
        self.approvedAt = approvedAt
        self.position = position
    }

    public init(_ approval: Approval) {
        self.init(
            version: approval.version, alias: approval.alias, decision: approval.decision.rawValue, approver: approval.approver,
            notes: approval.notes,
            approvedAt: approval.at, position: approval.position)
    }
}

public struct GrantView: Sendable, Codable, Equatable {
    public var principal: String
    public var role: ModelRole
    public var expiresAt: Date?
    public var grantedBy: String
    public var grantedAt: Date
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case principal, role, expiresAt = "expires_at", grantedBy = "granted_by", grantedAt = "granted_at", reason
    }
}

/// A ledger entry as the API shows it: both times, the actor, the payload, and the chain hashes.
public struct EventView: Sendable, Codable, Equatable {
    public var position: Int64
    /// Lowercase, exactly as hashed.
    public var eventId: String
    public var stream: String
    public var streamVersion: Int64
    public var type: String
    public var recordedAt: Date
    public var effectiveAt: Date
    public var actor: String
    public var data: JSONValue
    public var metadata: JSONValue
    public var prevHash: String
    public var hash: String
    /// In a model's history: why (the event's own reason, or its request's).
    public var reason: String?
    /// In a model's history: recorded later than it took effect — a correction of the past.
    public var backDated: Bool?
    /// For a back-dated fact: the event that was in force for the same fact at its effective time.
    public var supersedes: Reference?
    /// For a retraction: the event it withdrew.
    public var retracts: Reference?
    /// For a withdrawn event: the retraction (as known for the instants asked about).
    public var retractedBy: Reference?

    /// Another event of the same stream, named in a history.
    public struct Reference: Sendable, Codable, Equatable {
        public var eventId: String
        public var position: Int64
        public var type: String
        public var recordedAt: Date
        public var effectiveAt: Date
        public var actor: String
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case eventId = "event_id", position, type, recordedAt = "recorded_at", effectiveAt = "effective_at", actor, reason
        }

        init(_ event: RecordedEvent, reason: String?) {
            eventId = event.eventId.uuidString.lowercased()
            position = event.position
            type = event.type
            recordedAt = event.recordedAt
            effectiveAt = event.effectiveAt
            actor = event.actor
            self.reason = reason
        }
    }

    enum CodingKeys: String, CodingKey {
        case position, eventId = "event_id", stream, streamVersion = "stream_version", type, recordedAt = "recorded_at",
            effectiveAt = "effective_at", actor, data, metadata, prevHash = "prev_hash", hash, reason, backDated = "back_dated", supersedes,
            retracts, retractedBy = "retracted_by"
    }

    public init(_ event: RecordedEvent) {
        let decoder = RegistryEvent.makeDecoder()
        position = event.position
        eventId = event.eventId.uuidString.lowercased()
        stream = event.stream
        streamVersion = event.streamVersion
        type = event.type
        recordedAt = event.recordedAt
        effectiveAt = event.effectiveAt
        actor = event.actor
        data = (try? decoder.decode(JSONValue.self, from: Data(event.data))) ?? .string(String(decoding: event.data, as: UTF8.self))
        metadata = (try? decoder.decode(JSONValue.self, from: Data(event.metadata))) ?? .null
        prevHash = event.prevHash.hexString
        hash = event.hash.hexString
    }
}

/// A page of results and the cursor for the next one (nil at the end).
public struct Page<Item: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    public var items: [Item]
    public var next: String?
    /// Present when the page answers for a past pair of instants rather than now.
    public var asOf: AsOf?

    public init(items: [Item], next: String?, asOf: AsOf? = nil) {
        self.items = items
        self.next = next
        self.asOf = asOf
    }

    enum CodingKeys: String, CodingKey {
        case items, next, asOf = "as_of"
    }
}

/// Which version an alias pointed to, for every model the caller may see, at a pair of instants.
public struct LiveView: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var model: String
        public var version: Int
        /// Since when, in valid time (when the move took effect).
        public var since: Date
        /// Since when, in transaction time (when the registry recorded the move).
        public var sinceRecordedAt: Date
        public var setBy: String

        enum CodingKeys: String, CodingKey {
            case model, version, since, sinceRecordedAt = "since_recorded_at", setBy = "set_by"
        }
    }

    public var asOf: AsOf
    public var alias: String
    public var items: [Item]

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", alias, items
    }
}
