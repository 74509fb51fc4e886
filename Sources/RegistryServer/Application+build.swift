import Hummingbird
import Logging
import NIOCore
import Postgres
import RegistryDomain
import RegistryService

/// Assembles the HTTP application: routes, middleware, and the services behind them.
public func buildApplication(
    services: RegistryServices, pool: PostgresConnectionPool, configuration: ServerConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(services: services, pool: pool, configuration: configuration)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "modelreg"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The router alone, for tests that drive it in-process.
public func buildRouter(services: RegistryServices, pool: PostgresConnectionPool, configuration: ServerConfiguration) -> Router<
    RegistryRequestContext
> {
    let router = Router(context: RegistryRequestContext.self)
    router.add(middleware: ErrorMiddleware(maxJSONBodySize: configuration.maxJSONBodySize))
    HealthController(pool: pool).addRoutes(to: router)
    router.get("v1/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    let api = router.group("v1")
        .add(middleware: AuthenticationMiddleware(authenticator: services.authenticator))
        .add(middleware: IdempotencyMiddleware(store: services.idempotency))
    ModelsController(services: services).addRoutes(to: api)
    VersionsController(services: services).addRoutes(to: api)
    GrantsController(services: services).addRoutes(to: api)
    ArtifactsController(services: services).addRoutes(to: api)
    EventsController(services: services).addRoutes(to: api)
    PrincipalsController(services: services).addRoutes(to: api)
    ImportsController(services: services).addRoutes(to: api)
    PredictionsController(services: services).addRoutes(to: api)
    EvaluationsController(services: services).addRoutes(to: api)
    AuditController(services: services).addRoutes(to: api)
    addMLflowRoutes(to: router, services: services, pool: pool)
    WebController(
        services: services, sessions: WebSessions(pool: pool, authenticator: services.authenticator), catalogue: ModelCatalogue(pool: pool),
        auditTrail: AuditTrail(pool: pool), chain: ChainWatch(pool: pool), maxFormUpload: configuration.maxFormUpload
    ).addRoutes(to: router)
    return router
}

/// MLflow's REST API and artifact proxy, with MLflow's authentication habits and error shape (docs/MLFLOW.md).
private func addMLflowRoutes(to router: Router<RegistryRequestContext>, services: RegistryServices, pool: PostgresConnectionPool) {
    let files = MLflowArtifacts(pool: pool, store: services.artifacts)
    let middleware = MLflowMiddleware(authenticator: services.authenticator)
    MLflowController(services: services, mlflow: MLflowRegistry(pool: pool), files: files)
        .addRoutes(to: router.group("api/2.0/mlflow").add(middleware: middleware))
    MLflowArtifactsController(services: services, files: files).addRoutes(to: router.group("api/2.0/mlflow-artifacts").add(middleware: middleware))
    // Probed (no retries, 3 s) before artifact transfers: multipart is off, so files go through the proxy in one request.
    router.get("api/3.0/mlflow/server-info") { _, _ in
        MLflowJSON.response([
            "store_type": .string("ModelRegistry"), "multipart_uploads_enabled": .bool(false), "multipart_downloads_enabled": .bool(false),
        ])
    }
}
