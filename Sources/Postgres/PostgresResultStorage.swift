import CLibPQ

/// The cells of one result, copied out of the `PGresult` so it can be freed immediately and the
/// rows can cross threads. One flat byte buffer keeps a 10,000-row page to a handful of allocations.
final class PostgresResultStorage: Sendable {
    let columns: PostgresColumns
    let rowCount: Int
    /// Start of each cell (row-major) in `bytes`.
    private let offsets: [Int]
    /// Length of each cell; -1 is SQL NULL.
    private let lengths: [Int32]
    private let bytes: [UInt8]

    /// Copies everything out of `result`; the caller still owns (and clears) it.
    init(result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var names: [String] = []
        names.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            names.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "?column?")
        }

        let cellCount = rowCount * columnCount
        var lengths: [Int32] = []
        lengths.reserveCapacity(cellCount)
        var total = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
                    lengths.append(-1)
                } else {
                    let length = PQgetlength(result, Int32(row), Int32(column))
                    lengths.append(length)
                    total += Int(length)
                }
            }
        }

        var offsets: [Int] = []
        offsets.reserveCapacity(cellCount)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                offsets.append(bytes.count)
                let length = Int(lengths[row * columnCount + column])
                guard length > 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else { continue }
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
            }
        }

        self.columns = PostgresColumns(names: names)
        self.rowCount = rowCount
        self.offsets = offsets
        self.lengths = lengths
        self.bytes = bytes
    }

    /// The storage of every result without columns.
    static let empty = PostgresResultStorage()

    private init() {
        columns = PostgresColumns(names: [])
        rowCount = 0
        offsets = []
        lengths = []
        bytes = []
    }

    private func cell(row: Int, column: Int) -> Int {
        precondition(column >= 0 && column < columns.count, "column index \(column) out of range 0..<\(columns.count)")
        return row * columns.count + column
    }

    func isNull(row: Int, column: Int) -> Bool {
        lengths[cell(row: row, column: column)] < 0
    }

    func string(row: Int, column: Int) -> String? {
        let cell = cell(row: row, column: column)
        let length = Int(lengths[cell])
        guard length >= 0 else { return nil }
        let start = offsets[cell]
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]), as: UTF8.self)
        }
    }

    func bytes(row: Int, column: Int) -> [UInt8]? {
        let cell = cell(row: row, column: column)
        let length = Int(lengths[cell])
        guard length >= 0 else { return nil }
        let start = offsets[cell]
        return Array(bytes[start..<(start + length)])
    }
}
