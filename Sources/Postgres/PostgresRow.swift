/// One row of a result. Cheap to copy: it refers to the result's shared storage.
///
/// Column accessors trap on an out-of-range index, like array subscripts; name lookups throw.
public struct PostgresRow: Sendable {
    /// The result's columns (shared between its rows).
    public let columns: PostgresColumns
    private let storage: PostgresResultStorage
    private let row: Int

    init(storage: PostgresResultStorage, row: Int) {
        self.columns = storage.columns
        self.storage = storage
        self.row = row
    }

    /// The cell as text; `nil` is SQL NULL. For text-format results.
    public subscript(_ index: Int) -> String? {
        storage.string(row: row, column: index)
    }

    /// The cell's raw bytes; `nil` is SQL NULL. For binary-format results (`queryBinary`), where
    /// a `bytea` column arrives as its bytes.
    public func bytes(_ index: Int) -> [UInt8]? {
        storage.bytes(row: row, column: index)
    }

    /// Decodes the cell at `index` from text. SQL NULL is an error unless `T` is optional:
    /// `decode(String?.self, at: 0)` returns `nil` for NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T {
        guard let text = storage.string(row: row, column: index) else {
            if let null = T.decodeNull() { return null }
            throw PostgresError.decoding("column \(columnName(index)) is NULL but \(T.self) was expected")
        }
        do {
            return try T.decode(from: text)
        } catch let error as PostgresError {
            throw PostgresError(
                code: error.code, message: "column \(columnName(index)): \(error.message)",
                detail: error.detail
            )
        }
    }

    /// Decodes the column called `column` (see `decode(_:at:)`).
    public func decode<T: PostgresDecodable>(_ type: T.Type, named column: String) throws -> T {
        try decode(type, at: index(named: column))
    }

    /// Decodes the cell at `index`, returning `nil` for SQL NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T? {
        if storage.isNull(row: row, column: index) { return nil }
        return try decode(type, at: index)
    }

    /// Decodes the column called `column`, returning `nil` for SQL NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, named column: String) throws -> T? {
        try decodeIfPresent(type, at: index(named: column))
    }

    /// Whether the cell at `index` is SQL NULL.
    public func isNull(_ index: Int) -> Bool {
        storage.isNull(row: row, column: index)
    }

    private func index(named column: String) throws -> Int {
        guard let index = columns.index(of: column) else {
            throw PostgresError.decoding("no column named \"\(column)\"")
        }
        return index
    }

    private func columnName(_ index: Int) -> String {
        "\(index) (\"\(columns[index])\")"
    }
}
