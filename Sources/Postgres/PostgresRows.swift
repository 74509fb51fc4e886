/// The rows of one result, in order.
public struct PostgresRows: Sendable, RandomAccessCollection {
    private let storage: PostgresResultStorage
    /// The column names in result order.
    public let columnNames: [String]
    /// Rows affected (INSERT/UPDATE/DELETE/COPY) or returned (SELECT), as the server reported.
    public let affectedRows: Int

    init(storage: PostgresResultStorage, affectedRows: Int) {
        self.storage = storage
        self.columnNames = storage.columns.names
        self.affectedRows = affectedRows
    }

    /// The result's columns with name lookup.
    public var columns: PostgresColumns { storage.columns }
    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of rows.
    public var endIndex: Int { storage.rowCount }

    /// The row at `position`.
    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < storage.rowCount, "row index \(position) out of range")
        return PostgresRow(storage: storage, row: position)
    }
}
