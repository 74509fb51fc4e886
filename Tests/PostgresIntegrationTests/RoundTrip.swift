import Foundation
import Postgres

/// Helpers for sending a value to the server and reading it back.
enum RoundTrip {
    /// `SELECT $1::<cast>` and decodes the single cell as `D`.
    static func select<V: PostgresEncodable, D: PostgresDecodable & Sendable>(
        _ value: V, cast: String, as type: D.Type
    ) async throws -> D {
        let query: SQLQuery = "SELECT \(value)::\(literalSQL: cast)"
        return try await SharedTestDatabase.session { session in
            try session.query(query)[0].decode(D.self, at: 0)
        }
    }

    /// The `Date` exactly `microseconds` after the Unix epoch.
    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(microseconds - 978_307_200_000_000) / 1_000_000)
    }

    /// Microseconds after the Unix epoch, rounded.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + 978_307_200_000_000
    }
}
