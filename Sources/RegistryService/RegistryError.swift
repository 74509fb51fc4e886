import EventLog
import Postgres
import RegistryDomain

/// Every refusal the service gives, classified so the server can pick a status without knowing the causes.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case invalid  // malformed request
        case unauthenticated
        case forbidden
        case notFound
        case conflict  // state changed under the caller, or already exists
        case tooLarge
        case unprocessable  // well-formed but refused by a rule
        case unavailable  // the database is unreachable or overloaded: try again
    }

    public let kind: Kind
    /// Stable machine-readable code (`model_not_found`, `version_conflict` …).
    public let code: String
    /// Safe to show to the caller; never contains secrets.
    public let message: String

    public init(_ kind: Kind, _ code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func modelNotFound(_ name: String) -> RegistryError {
        RegistryError(.notFound, "model_not_found", "model '\(name)' not found")
    }

    /// Classifies any error thrown below the service.
    public static func from(_ error: any Error) -> RegistryError {
        switch error {
        case let error as RegistryError:
            return error
        case let error as DomainError:
            return RegistryError(kind(of: error.code), error.code.rawValue, error.message)
        case let error as EventLogError:
            switch error.code {
            case .versionConflict: return RegistryError(.conflict, error.code.rawValue, "the model changed concurrently; retry")
            case .idempotencyConflict: return RegistryError(.conflict, error.code.rawValue, error.message)
            case .effectiveInFuture: return RegistryError(.unprocessable, error.code.rawValue, error.message)
            default: return RegistryError(.unavailable, error.code.rawValue, error.message)
            }
        case let error as PostgresError:
            // Input PostgreSQL cannot hold (a NUL in text) or that is not data it accepts (SQLSTATE class 22: a
            // number or time out of range, invalid text) is the caller's to fix, not a reason to retry.
            if error.code == .invalidParameter || error.sqlState?.hasPrefix("22") == true || error.sqlState == "23514" {
                let reason =
                    error.code == .invalidParameter && error.message.contains("NUL") ? "text may not contain NUL (U+0000) characters" : error.message
                return RegistryError(.invalid, "invalid_input", "the request holds a value the registry cannot store: \(reason)")
            }
            // Busy (every connection taken, a statement or lock wait cancelled) is told apart from down, since an operator
            // answers them differently; a client retries both after Retry-After.
            if error.code == .poolTimeout || error.code == .poolExhausted || error.isTimeout {
                return RegistryError(.unavailable, "database_busy", "the registry is at capacity or the database is slow; retry shortly")
            }
            if error.code == .commitOutcomeUnknown {
                return RegistryError(
                    .unavailable, "outcome_unknown",
                    "the database went away while the write was committing, so it may have landed: retry with the same Idempotency-Key, which never writes twice, or read before retrying"
                )
            }
            if error.isConnectionProblem {
                return RegistryError(.unavailable, "database_unavailable", "the database is unavailable; retry shortly")
            }
            return RegistryError(.unavailable, "database_error", "the database refused the operation (SQLSTATE \(error.sqlState ?? "?"))")
        default:
            return RegistryError(.unavailable, "internal_error", "the request could not be completed")
        }
    }

    private static func kind(of code: DomainError.Code) -> Kind {
        switch code {
        case .modelNotFound, .versionNotFound, .aliasNotFound, .grantNotFound, .principalNotFound, .tokenNotFound, .eventNotFound: .notFound
        case .modelAlreadyExists, .principalAlreadyExists, .alreadyRetracted, .gateFailed: .conflict
        case .selfApproval, .approvalRequired: .forbidden
        case .invalidArgument, .nothingToChange: .unprocessable
        default: .unprocessable
        }
    }
}
