import Foundation

/// Every event the registry appends to its ledger. The `type` string and the JSON payload are what the log stores;
/// both are part of the hashed bytes, so they never change meaning once written.
public enum RegistryEvent: Sendable, Equatable {
    case modelRegistered(ModelRegistered)
    case modelUpdated(ModelUpdated)
    case versionRegistered(VersionRegistered)
    case aliasSet(AliasSet)
    case aliasRemoved(AliasRemoved)
    case versionApproved(VersionApproved)
    case protectedAliasesChanged(ProtectedAliasesChanged)
    case accessGranted(AccessGranted)
    case accessRevoked(AccessRevoked)
    case artifactDownloaded(ArtifactDownloaded)
    case eventRetracted(EventRetracted)
    case predictionBatchSealed(PredictionBatchSealed)
    case evaluationDatasetSet(EvaluationDatasetSet)
    case metricsComputed(MetricsComputed)
    case promotionGateSet(PromotionGateSet)
    case principalCreated(PrincipalCreated)
    case tokenIssued(TokenIssued)
    case tokenRevoked(TokenRevoked)
    case modelRenamed(ModelRenamed)
    case modelDeleted(ModelDeleted)
    case versionUpdated(VersionUpdated)
    case versionDeleted(VersionDeleted)

    /// The ledger's `type` column.
    public var typeName: String {
        switch self {
        case .modelRegistered: "ModelRegistered"
        case .modelUpdated: "ModelUpdated"
        case .versionRegistered: "VersionRegistered"
        case .aliasSet: "AliasSet"
        case .aliasRemoved: "AliasRemoved"
        case .versionApproved: "VersionApproved"
        case .protectedAliasesChanged: "ProtectedAliasesChanged"
        case .accessGranted: "AccessGranted"
        case .accessRevoked: "AccessRevoked"
        case .artifactDownloaded: "ArtifactDownloaded"
        case .eventRetracted: "EventRetracted"
        case .predictionBatchSealed: "PredictionBatchSealed"
        case .evaluationDatasetSet: "EvaluationDatasetSet"
        case .metricsComputed: "MetricsComputed"
        case .promotionGateSet: "PromotionGateSet"
        case .principalCreated: "PrincipalCreated"
        case .tokenIssued: "TokenIssued"
        case .tokenRevoked: "TokenRevoked"
        case .modelRenamed: "ModelRenamed"
        case .modelDeleted: "ModelDeleted"
        case .versionUpdated: "VersionUpdated"
        case .versionDeleted: "VersionDeleted"
        }
    }

    /// The payload as canonical JSON: sorted keys, no insignificant whitespace, RFC 3339 microsecond timestamps.
    public func encodedPayload() -> [UInt8] {
        let encoder = Self.makeEncoder()
        // Encoding plain value types with string keys cannot fail; a failure here is a programming error.
        let data: Data
        do {
            switch self {
            case .modelRegistered(let payload): data = try encoder.encode(payload)
            case .modelUpdated(let payload): data = try encoder.encode(payload)
            case .versionRegistered(let payload): data = try encoder.encode(payload)
            case .aliasSet(let payload): data = try encoder.encode(payload)
            case .aliasRemoved(let payload): data = try encoder.encode(payload)
            case .versionApproved(let payload): data = try encoder.encode(payload)
            case .protectedAliasesChanged(let payload): data = try encoder.encode(payload)
            case .accessGranted(let payload): data = try encoder.encode(payload)
            case .accessRevoked(let payload): data = try encoder.encode(payload)
            case .artifactDownloaded(let payload): data = try encoder.encode(payload)
            case .eventRetracted(let payload): data = try encoder.encode(payload)
            case .predictionBatchSealed(let payload): data = try encoder.encode(payload)
            case .evaluationDatasetSet(let payload): data = try encoder.encode(payload)
            case .metricsComputed(let payload): data = try encoder.encode(payload)
            case .promotionGateSet(let payload): data = try encoder.encode(payload)
            case .principalCreated(let payload): data = try encoder.encode(payload)
            case .tokenIssued(let payload): data = try encoder.encode(payload)
            case .tokenRevoked(let payload): data = try encoder.encode(payload)
            case .modelRenamed(let payload): data = try encoder.encode(payload)
            case .modelDeleted(let payload): data = try encoder.encode(payload)
            case .versionUpdated(let payload): data = try encoder.encode(payload)
            case .versionDeleted(let payload): data = try encoder.encode(payload)
            }
        } catch {
            preconditionFailure("registry events always encode: \(error)")
        }
        return Array(data)
    }

    /// Decodes a stored event. Unknown types are an error: the reader is older than the log.
    public static func decode(type: String, payload: [UInt8]) throws -> RegistryEvent {
        let decoder = makeDecoder()
        let data = Data(payload)
        switch type {
        case "ModelRegistered": return .modelRegistered(try decoder.decode(ModelRegistered.self, from: data))
        case "ModelUpdated": return .modelUpdated(try decoder.decode(ModelUpdated.self, from: data))
        case "VersionRegistered": return .versionRegistered(try decoder.decode(VersionRegistered.self, from: data))
        case "AliasSet": return .aliasSet(try decoder.decode(AliasSet.self, from: data))
        case "AliasRemoved": return .aliasRemoved(try decoder.decode(AliasRemoved.self, from: data))
        case "VersionApproved": return .versionApproved(try decoder.decode(VersionApproved.self, from: data))
        case "ProtectedAliasesChanged": return .protectedAliasesChanged(try decoder.decode(ProtectedAliasesChanged.self, from: data))
        case "AccessGranted": return .accessGranted(try decoder.decode(AccessGranted.self, from: data))
        case "AccessRevoked": return .accessRevoked(try decoder.decode(AccessRevoked.self, from: data))
        case "ArtifactDownloaded": return .artifactDownloaded(try decoder.decode(ArtifactDownloaded.self, from: data))
        case "EventRetracted": return .eventRetracted(try decoder.decode(EventRetracted.self, from: data))
        case "PredictionBatchSealed": return .predictionBatchSealed(try decoder.decode(PredictionBatchSealed.self, from: data))
        case "EvaluationDatasetSet": return .evaluationDatasetSet(try decoder.decode(EvaluationDatasetSet.self, from: data))
        case "MetricsComputed": return .metricsComputed(try decoder.decode(MetricsComputed.self, from: data))
        case "PromotionGateSet": return .promotionGateSet(try decoder.decode(PromotionGateSet.self, from: data))
        case "PrincipalCreated": return .principalCreated(try decoder.decode(PrincipalCreated.self, from: data))
        case "TokenIssued": return .tokenIssued(try decoder.decode(TokenIssued.self, from: data))
        case "TokenRevoked": return .tokenRevoked(try decoder.decode(TokenRevoked.self, from: data))
        case "ModelRenamed": return .modelRenamed(try decoder.decode(ModelRenamed.self, from: data))
        case "ModelDeleted": return .modelDeleted(try decoder.decode(ModelDeleted.self, from: data))
        case "VersionUpdated": return .versionUpdated(try decoder.decode(VersionUpdated.self, from: data))
        case "VersionDeleted": return .versionDeleted(try decoder.decode(VersionDeleted.self, from: data))
        default: throw DomainError(.invalidArgument, "unknown event type '\(type)'")
        }
    }

    /// The encoder for payloads and API documents: sorted keys make the bytes reproducible.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    /// The matching decoder; it accepts any RFC 3339 timestamp.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp")
            }
            return date
        }
        return decoder
    }
}
