/// How the HTTP server listens and what it accepts. Read once at the entry point and passed down.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest artifact accepted by `POST /v1/artifacts` (413 beyond).
    public var maxArtifactSize: Int64
    /// The largest JSON body accepted by any other route (413 beyond).
    public var maxJSONBodySize: Int
    /// The largest artifact the web UI's upload form takes (it is read whole; the API streams larger ones).
    public var maxFormUpload: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxArtifactSize: Int64 = 2 << 30, maxJSONBodySize: Int = 1 << 20, maxFormUpload: Int = 64 << 20
    ) {
        self.host = host
        self.port = port
        self.maxArtifactSize = maxArtifactSize
        self.maxJSONBodySize = maxJSONBodySize
        self.maxFormUpload = Int(min(Int64(maxFormUpload), maxArtifactSize))
    }
}
