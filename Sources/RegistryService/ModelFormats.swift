import Foundation
import RegistryDomain

/// Formats the registry reads itself. A `linear` version is checked when it is registered — an unsupported term
/// is refused then, never at prediction time — and its signature is derived from its terms.
public enum ModelFormats {
    /// The largest model the registry reads into memory to check.
    public static let readLimit = 4 << 20

    /// Whether the registry must read the artifact of a version in `format`.
    public static func isChecked(_ format: String) -> Bool { format == "linear" }

    /// The signature to store with a version, after checking the artifact: the derived one for `linear` (a
    /// declared one must agree with it), the declared one otherwise.
    public static func signature(format: String, artifact bytes: [UInt8], declared: JSONValue?) throws -> JSONValue? {
        guard isChecked(format) else { return declared }
        let model: LinearModel
        do {
            model = try LinearModel.parse(Data(bytes))
        } catch {
            throw RegistryError.from(error)
        }
        if let declared, declared != model.signature {
            throw RegistryError(
                .unprocessable, DomainError.Code.invalidModel.rawValue,
                "a linear version's signature is derived from its terms; leave 'signature' out (it would be \(String(decoding: try RegistryEvent.makeEncoder().encode(model.signature), as: UTF8.self)))"
            )
        }
        return model.signature
    }
}
