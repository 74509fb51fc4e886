import Postgres
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test(
        "the redacted description never contains the password",
        arguments: [
            "host=db.local port=5432 user=app password=s3cr3t-Pa55 dbname=registry",
            "host=db.local password='s3cr3t-Pa55 with space' dbname=registry",
            "postgresql://app:s3cr3t-Pa55@db.local:5432/registry?sslmode=disable",
            "postgresql://app@db.local/registry?password=s3cr3t-Pa55",
        ]
    )
    func redaction(connectionString: String) {
        let configuration = PostgresConfiguration(connectionString: connectionString)
        #expect(!configuration.redactedDescription.contains("s3cr3t"))
        #expect(!"\(configuration)".contains("s3cr3t"))
        #expect(configuration.redactedDescription.contains("db.local"))
    }

    @Test("empty and malformed connection strings have safe descriptions")
    func unusualStrings() {
        #expect(PostgresConfiguration(connectionString: "").redactedDescription == "(libpq defaults)")
        #expect(PostgresConfiguration(connectionString: "password='unterminated").redactedDescription == "(unparseable connection string)")
    }

    @Test("replacing the database keeps the other settings of a URI or keyword string")
    func replacingDatabase() throws {
        for original in ["postgresql://app:pw@127.0.0.1:5433/first", "host=127.0.0.1 port=5433 user=app password=pw dbname=first"] {
            let replaced = try PostgresConfiguration(connectionString: original).replacingDatabase(with: "second db")
            let parameters = try replaced.connectionParameters()
            #expect(parameters["dbname"] == "second db")
            #expect(parameters["host"] == "127.0.0.1")
            #expect(parameters["port"] == "5433")
            #expect(parameters["user"] == "app")
            #expect(parameters["password"] == "pw")
        }
    }

    @Test("built connection strings quote values that need it")
    func quoting() throws {
        let built = PostgresConfiguration.connectionString(parameters: ["password": "it's a \\ test", "user": "app"])
        let parsed = try PostgresConfiguration(connectionString: built).connectionParameters()
        #expect(parsed["password"] == "it's a \\ test")
        #expect(parsed["user"] == "app")
    }
}
