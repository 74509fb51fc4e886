import Hummingbird
import Postgres

/// `GET /health`: 200 when the database answers, 503 otherwise. No authentication: load balancers call it.
struct HealthController {
    let pool: PostgresConnectionPool

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("health") { _, _ in
            do {
                _ = try await pool.withSession { session in try session.query("SELECT 1").count }
                return try JSONResponse.make(["status": "ok", "database": "ok"])
            } catch {
                var response = try JSONResponse.make(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
                response.headers[.retryAfter] = "1"
                return response
            }
        }
    }
}
