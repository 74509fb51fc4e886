extension EmbeddedPostgres {
    /// Where and how to run the embedded cluster.
    public struct Options: Sendable {
        /// The cluster's data directory, e.g. `.modelreg/pgdata`; relative paths are resolved
        /// against the current directory. Password, port and log files go next to it.
        public var dataDirectory: String
        /// The TCP port on 127.0.0.1. `nil`: the port recorded at the last start if it is still
        /// free, else any free port.
        public var port: Int?
        /// Where `pg_ctl` and `initdb` live. `nil`: `$MODELREG_PG_BIN`, else the newest
        /// /usr/lib/postgresql/*/bin, else PATH.
        public var binDirectory: String?
        /// `false` (tests only) turns off fsync, synchronous_commit and full_page_writes: much
        /// faster, but a machine crash can corrupt the cluster.
        public var durable: Bool
        /// The user initdb and the server run as when we are root (PostgreSQL refuses to run as
        /// root); `nobody` if this user does not exist.
        public var unprivilegedUser: String = "postgres"
        /// The server's `max_connections`. The default (100) suits one registry; a test run with many databases
        /// and pools at once needs more.
        public var maxConnections: Int = 100

        /// Creates options.
        public init(dataDirectory: String, port: Int? = nil, binDirectory: String? = nil, durable: Bool = true) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.binDirectory = binDirectory
            self.durable = durable
        }
    }
}
