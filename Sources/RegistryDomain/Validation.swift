/// Naming and size rules shared by commands. Names travel in URLs, file paths of exports and CLI arguments,
/// so they are kept to a conservative alphabet: no separators, no whitespace, no control characters.
public enum Validation {
    public static let maxNameLength = 128
    public static let maxDescriptionLength = 10_000
    public static let maxTagKeyLength = 250
    public static let maxTagValueLength = 5_000
    public static let maxTags = 100
    public static let maxReasonLength = 2_000

    /// Model names: a letter or digit, then letters, digits, `.`, `_`, `-`; at most 128 characters.
    public static func validateModelName(_ name: String) throws(DomainError) {
        try validateIdentifier(name, kind: "model name", extra: "._-")
    }

    /// Principal names follow the model-name rules plus `@` so e-mail-like user names work.
    public static func validatePrincipalName(_ name: String) throws(DomainError) {
        try validateIdentifier(name, kind: "principal name", extra: "._-@")
    }

    /// Aliases: lowercase letter first, then lowercase letters, digits, `_`, `-`. `latest` and `v<digits>` are
    /// reserved because clients (MLflow among them) give them a meaning of their own.
    public static func validateAlias(_ alias: String) throws(DomainError) {
        guard let first = alias.unicodeScalars.first, ("a"..."z").contains(first), alias.count <= 64,
            alias.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else {
            throw .invalid("alias '\(printable(alias))' must start with a lowercase letter and use only a-z, 0-9, '_' or '-' (at most 64)")
        }
        if alias == "latest" || (alias.count > 1 && alias.hasPrefix("v") && alias.dropFirst().allSatisfy(\.isNumber)) {
            throw .invalid("alias '\(alias)' is reserved")
        }
    }

    public static func validateDescription(_ text: String) throws(DomainError) {
        guard text.count <= maxDescriptionLength else {
            throw .invalid("description is longer than \(maxDescriptionLength) characters")
        }
    }

    public static func validateReason(_ reason: String?) throws(DomainError) {
        guard let reason else { return }
        guard reason.count <= maxReasonLength else { throw .invalid("reason is longer than \(maxReasonLength) characters") }
    }

    public static func validateTags(_ tags: [String: String]) throws(DomainError) {
        guard tags.count <= maxTags else { throw .invalid("at most \(maxTags) tags are allowed") }
        for (key, value) in tags {
            guard !key.isEmpty, key.count <= maxTagKeyLength, !key.unicodeScalars.contains(where: isControl) else {
                throw .invalid("tag key '\(printable(key))' must be 1 to \(maxTagKeyLength) printable characters")
            }
            guard value.count <= maxTagValueLength else {
                throw .invalid("tag '\(key)' has a value longer than \(maxTagValueLength) characters")
            }
        }
    }

    /// SHA-256 digests are 64 lowercase hexadecimal characters.
    public static func validateSHA256(_ digest: String) throws(DomainError) {
        guard digest.utf8.count == 64, digest.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw .invalid("artifact_sha256 must be 64 lowercase hexadecimal characters")
        }
    }

    /// Formats are open-ended (`linear`, `statsmodels-pickle`, `onnx` …) but kept to a slug alphabet.
    public static func validateFormat(_ format: String) throws(DomainError) {
        guard !format.isEmpty, format.count <= 64,
            format.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." })
        else {
            throw .invalid("format '\(printable(format))' must be 1 to 64 characters of a-z, 0-9, '-', '_' or '.'")
        }
    }

    private static func validateIdentifier(_ name: String, kind: String, extra: String) throws(DomainError) {
        let extraScalars = Set(extra.unicodeScalars)
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || extraScalars.contains(scalar)
        }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) || ("0"..."9").contains(first)
        else {
            throw .invalid("\(kind) '\(printable(name))' must start with a letter or digit")
        }
        guard name.unicodeScalars.count <= maxNameLength, name.unicodeScalars.allSatisfy(allowed) else {
            throw .invalid("\(kind) '\(printable(name))' may use only letters, digits and '\(extra)' (at most \(maxNameLength) characters)")
        }
    }

    /// C0 and C1 control characters and DEL: never echoed, never accepted in keys.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Echoes user input in messages without control characters and without unbounded length.
    public static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
        return cleaned.count > 80 ? String(cleaned.prefix(80)) + "…" : cleaned
    }
}
