import Foundation

/// Stream names: one stream per registered model (keyed by its id, so a name can be reused after a deletion and
/// renamed without moving history) and one per principal.
public enum Streams {
    public static func model(_ id: UUID) -> String { "model-" + id.uuidString.lowercased() }
    public static func principal(_ name: String) -> String { "principal-" + name }

    /// The model id of a model stream, nil for other streams.
    public static func modelId(of stream: String) -> UUID? {
        stream.hasPrefix("model-") ? UUID(uuidString: String(stream.dropFirst(6))) : nil
    }

    /// The principal name of a principal stream, nil for other streams.
    public static func principalName(of stream: String) -> String? {
        stream.hasPrefix("principal-") ? String(stream.dropFirst(10)) : nil
    }
}
