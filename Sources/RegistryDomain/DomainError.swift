/// A refusal decided by the domain: a stable code the server maps to an HTTP status, and a message safe to show.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable reason; the server maps these to statuses, clients may branch on them.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidArgument = Code("invalid_argument")
        public static let modelAlreadyExists = Code("model_already_exists")
        public static let modelNotFound = Code("model_not_found")
        public static let versionNotFound = Code("version_not_found")
        public static let aliasNotFound = Code("alias_not_found")
        public static let approvalRequired = Code("approval_required")
        public static let selfApproval = Code("self_approval")
        public static let grantNotFound = Code("grant_not_found")
        public static let principalAlreadyExists = Code("principal_already_exists")
        public static let principalNotFound = Code("principal_not_found")
        public static let tokenNotFound = Code("token_not_found")
        public static let nothingToChange = Code("nothing_to_change")
        public static let eventNotFound = Code("event_not_found")
        public static let alreadyRetracted = Code("already_retracted")
        public static let invalidModel = Code("invalid_model")
        public static let unsupportedTerm = Code("unsupported_term")
        public static let invalidInput = Code("invalid_input")
        public static let gateFailed = Code("gate_failed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func invalid(_ message: String) -> DomainError { DomainError(.invalidArgument, message) }
}
