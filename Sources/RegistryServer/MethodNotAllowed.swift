import Foundation
import HTTPTypes

/// Which methods each documented path answers, from the OpenAPI document, so that a known path asked with another
/// method is told 405 with `Allow` rather than 404 (the router only knows "no route").
enum DocumentedRoutes {
    private struct Route {
        let segments: [Substring]
        let methods: [String]
    }

    private static let routes: [Route] = {
        guard let document = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any],
            let paths = document["paths"] as? [String: Any]
        else { return [] }
        let verbs = ["get", "put", "post", "delete", "patch"]
        return paths.compactMap { path, item in
            guard let operations = item as? [String: Any] else { return nil }
            let methods = verbs.filter { operations[$0] != nil }.map { $0.uppercased() }
            return methods.isEmpty ? nil : Route(segments: path.split(separator: "/"), methods: methods)
        }
    }()

    /// The methods `path` answers, if it is a documented path (a `{parameter}` matches any one segment).
    static func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, actual in template.hasPrefix("{") || template == actual }
        }
        guard !matching.isEmpty else { return nil }
        return Array(Set(matching.flatMap(\.methods))).sorted()
    }
}
