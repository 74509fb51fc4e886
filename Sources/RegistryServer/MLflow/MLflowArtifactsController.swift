import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RegistryDomain
import RegistryService

/// MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/…`): upload, list, download and delete files,
/// stored in the content-addressed artifact store (`MLflowArtifacts`). Uploads stream; nothing is held whole.
struct MLflowArtifactsController {
    let services: RegistryServices
    let files: MLflowArtifacts

    static let prefix = "/api/2.0/mlflow-artifacts/artifacts"

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("artifacts", use: list)
        group.put("artifacts/**", use: upload)
        group.get("artifacts/**", use: download)
        group.delete("artifacts/**", use: delete)
    }

    /// The file path after the route's prefix, percent-decoded.
    private func path(_ request: Request) throws -> String {
        let raw = request.uri.path.dropFirst(Self.prefix.count).drop { $0 == "/" }
        guard let decoded = String(raw).removingPercentEncoding else {
            throw MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", "the artifact path is not valid percent-encoding")
        }
        return try MLflowArtifacts.normalise(decoded)
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let directory = MLflowParameters(query: request.uri.query ?? "").string("path") ?? ""
        let entries = try await files.list(directory, caller: try context.caller())
        guard !entries.isEmpty else { return MLflowJSON.response([:]) }
        return MLflowJSON.response([
            "files": .array(
                entries.map { entry in
                    var object: [String: JSONValue] = ["path": .string(entry.path), "is_dir": .bool(entry.isDirectory)]
                    if let size = entry.size { object["file_size"] = .number(Double(size)) }
                    return .object(object)
                })
        ])
    }

    @Sendable func upload(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let caller = try context.caller()
        try AccessControl.requireWriter(caller)
        let path = try path(request)
        var iterator = request.body.makeAsyncIterator()
        _ = try await files.put(path: path, caller: caller) {
            guard let buffer = try await iterator.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
        return MLflowJSON.response([:])
    }

    @Sendable func download(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let path = try path(request)
        guard let file = try await files.file(path, caller: try context.caller()) else {
            throw MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", "No such artifact: '\(path)'")
        }
        let artifacts = services.artifacts
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let body = ResponseBody(contentLength: Int(file.size)) { writer in
            try await artifacts.download(file.sha256) { chunk in try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream",
                .contentDisposition: "attachment; filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\"",
                .eTag: "\"\(file.sha256)\"",
            ], body: body)
    }

    @Sendable func delete(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        try AccessControl.requireWriter(try context.caller())
        try await files.delete(try path(request), caller: try context.caller())
        return MLflowJSON.response([:])
    }
}
