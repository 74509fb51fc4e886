import Foundation
import Postgres

/// Answers already given to requests that carried an `Idempotency-Key`, per principal.
public struct IdempotencyStore: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    public struct StoredResponse: Sendable, Equatable {
        public var requestHash: [UInt8]
        public var status: Int
        public var contentType: String
        public var body: [UInt8]

        public init(requestHash: [UInt8], status: Int, contentType: String, body: [UInt8]) {
            self.requestHash = requestHash
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public func find(principal: String, key: String) async throws -> StoredResponse? {
        try await pool.withSession { session in
            try session.query(
                "SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE principal = \(principal) AND key = \(key)"
            ).first.map { row in
                StoredResponse(
                    requestHash: try row.decode([UInt8].self, at: 0), status: try row.decode(Int.self, at: 1),
                    contentType: try row.decode(String.self, at: 2), body: try row.decode([UInt8].self, at: 3))
            }
        }
    }

    /// Keeps the first answer: a concurrent duplicate that finished second does not overwrite it.
    public func save(principal: String, key: String, response: StoredResponse) async throws {
        _ = try await pool.withSession { session in
            try session.execute(
                """
                INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body)
                VALUES (\(principal), \(key), \(response.requestHash), \(response.status), \(response.contentType), \(response.body))
                ON CONFLICT (principal, key) DO NOTHING
                """)
        }
    }
}
