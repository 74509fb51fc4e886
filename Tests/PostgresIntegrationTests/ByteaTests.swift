import Foundation
import Postgres
import Testing

@Suite("bytea")
struct ByteaTests {
    static let allBytes = (0...255).map { UInt8($0) }

    @Test("all 256 byte values round-trip through a binary parameter and a text result")
    func textResult() async throws {
        let (decoded, length) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT \(Self.allBytes)::bytea, length(\(Self.allBytes)::bytea)")[0]
            return (try row.decode([UInt8].self, at: 0), try row.decode(Int.self, at: 1))
        }
        #expect(length == 256)
        #expect(decoded == Self.allBytes)
    }

    @Test("all 256 byte values round-trip through a binary result")
    func binaryResult() async throws {
        let bytes = try await SharedTestDatabase.session { session in
            try session.queryBinary("SELECT \(Self.allBytes)::bytea")[0].bytes(0)
        }
        #expect(bytes == Self.allBytes)
    }

    @Test("bytes stored in a table read back identically in both result formats")
    func storedAndReadBack() async throws {
        var generator = SystemRandomNumberGenerator()
        let large = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (text, binary, data) = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("CREATE TEMP TABLE blobs (id int, content bytea) ON COMMIT DROP")
                try session.execute("INSERT INTO blobs VALUES (1, \(large)), (2, \(Data(Self.allBytes)))")
                let text = try session.query("SELECT content FROM blobs WHERE id = 1")[0].decode([UInt8].self, at: 0)
                let binary = try session.queryBinary("SELECT content FROM blobs WHERE id = 1")[0].bytes(0)
                let data = try session.query("SELECT content FROM blobs WHERE id = 2")[0].decode(Data.self, at: 0)
                return (text, binary, data)
            }
        }
        #expect(text == large)
        #expect(binary == large)
        #expect(data == Data(Self.allBytes))
    }

    @Test("the legacy escape output format decodes too")
    func escapeFormat() async throws {
        let decoded = try await SharedTestDatabase.session { session in
            try session.transaction { session in
                try session.execute("SET LOCAL bytea_output = 'escape'")
                return try session.query("SELECT \(Self.allBytes)::bytea")[0].decode([UInt8].self, at: 0)
            }
        }
        #expect(decoded == Self.allBytes)
    }

    @Test("an empty byte array is an empty bytea, not NULL")
    func empty() async throws {
        let (isNull, decoded) = try await SharedTestDatabase.session { session in
            let row = try session.query("SELECT \([UInt8]())::bytea IS NULL, \([UInt8]())::bytea")[0]
            return (try row.decode(Bool.self, at: 0), try row.decode([UInt8].self, at: 1))
        }
        #expect(!isNull)
        #expect(decoded == [])
    }
}
