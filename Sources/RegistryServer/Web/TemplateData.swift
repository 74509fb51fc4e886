import Mustache

/// A page's view structs as Mustache reads them fast: each struct's fields go into a dictionary once, so a lookup
/// is a hash probe, where swift-mustache would otherwise reflect the struct again for every `{{name}}` (and again
/// for each enclosing object while it searches the context stack for a name a row does not have).
enum TemplateData {
    /// Structs become field dictionaries, arrays stay arrays, nil becomes a value that renders empty and counts as
    /// false (so a row's missing field never falls through to a field of the page with the same name).
    static func wrap(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return Null() }
            return wrap(wrapped)
        case .struct, .class:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(mirror.children.count)
            for child in mirror.children {
                if let label = child.label { fields[label] = wrap(child.value) }
            }
            return fields
        case .collection:
            return mirror.children.map { wrap($0.value) }
        default:
            return value
        }
    }

    struct Null: MustacheCustomRenderable {
        var renderText: String { "" }
        var isNull: Bool { true }
    }
}
