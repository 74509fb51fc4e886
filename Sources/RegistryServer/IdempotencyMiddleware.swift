import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryService
import Synchronization

/// Honours `Idempotency-Key` on POST, PUT, PATCH and DELETE: the first answer is stored per principal and key;
/// the same request with the same key gets that answer again (`Idempotent-Replayed: true`) and appends nothing;
/// the same key on a different request is refused. A retry that arrives while the first attempt is still being
/// handled (the client gave up on a dropped connection) waits for that attempt and gets its answer. The key also
/// seeds the event ids, so even a retry that races the first attempt in another server process cannot append twice.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let store: IdempotencyStore
    let inFlight = KeyedTurns()

    static let header = HTTPField.Name("Idempotency-Key")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method), let key = request.headers[Self.header] else {
            return try await next(request, context)
        }
        // Content-addressed uploads are idempotent by nature and may be far too large to buffer here; token issues
        // answer with a secret that must never be stored, so they are not replayable.
        if request.uri.path == "/v1/artifacts" || request.uri.path.hasPrefix("/v1/principals") { return try await next(request, context) }

        guard !key.isEmpty, key.utf8.count <= 255, key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw APIError(.badRequest, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 printable ASCII characters")
        }
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.collectBody(upTo: context.maxJSONBodySize)
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method) \(request.uri.path)?\(request.uri.query ?? "")\n".utf8))
        hasher.update(data: Array(body.readableBytesView))
        let requestHash = Array(hasher.finalize())

        return try await inFlight.withTurn("\(principal.name)\u{0}\(key)") {
            try await answer(request, key: key, requestHash: requestHash, principal: principal.name, context: context, next: next)
        }
    }

    private func answer(
        _ request: Request, key: String, requestHash: [UInt8], principal: String, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let stored = try await store.find(principal: principal, key: key) {
            guard stored.requestHash == requestHash else {
                throw APIError(.unprocessableContent, "idempotency_key_reused", "this Idempotency-Key was already used for a different request")
            }
            var response = Response(
                status: .init(code: stored.status), headers: [.contentType: stored.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body)))
            response.headers[.init("Idempotent-Replayed")!] = "true"
            return response
        }

        var context = context
        context.idempotencyKey = key
        let response = try await next(request, context)
        // Store only definite answers; a 5xx or 429 must stay retryable.
        guard response.status.code < 500, response.status != .tooManyRequests else { return response }
        let collector = BodyCollector()
        var replayable = response
        try await response.body.write(collector)
        let bytes = collector.bytes
        do {
            try await store.save(
                principal: principal, key: key,
                response: .init(
                    requestHash: requestHash, status: Int(response.status.code), contentType: response.headers[.contentType] ?? "application/json",
                    body: bytes))
        } catch {
            // The write committed: failing now would answer 503 for it. A retry then does the work again, which the
            // key-derived event ids make harmless for commands.
            context.logger.warning("could not store the answer for an Idempotency-Key", metadata: ["error": "\(RegistryError.from(error))"])
        }
        replayable.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return replayable
    }
}

/// Captures a response body so it can be stored and sent.
private final class BodyCollector: ResponseBodyWriter, Sendable {
    private let buffer = Mutex<[UInt8]>([])

    var bytes: [UInt8] { buffer.withLock { $0 } }

    func write(_ chunk: ByteBuffer) async throws {
        buffer.withLock { $0.append(contentsOf: chunk.readableBytesView) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
