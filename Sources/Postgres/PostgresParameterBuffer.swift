/// Bind parameters laid out the way `PQexecParams` wants them: one byte buffer holding every value
/// (text values NUL-terminated), plus pointer, length and format arrays into it.
struct PostgresParameterBuffer {
    private var storage: [UInt8] = []
    /// Start of each value in `storage`; nil for SQL NULL.
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []

    init(_ values: [PostgresValue], query: String) throws {
        offsets.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        formats.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                // Text parameters travel as C strings: an embedded NUL would silently cut the value.
                let start = storage.count
                storage.append(contentsOf: text.utf8)
                if storage[start...].contains(0) {
                    throw PostgresError(
                        code: .invalidParameter,
                        message: "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold",
                        query: query
                    )
                }
                storage.append(0)
                offsets.append(start)
                lengths.append(Int32(storage.count - start - 1))
                formats.append(0)
            case .binary(let bytes):
                guard bytes.count <= Int32.max else {
                    throw PostgresError(code: .invalidParameter, message: "parameter $\(index + 1) is too large", query: query)
                }
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        // Guarantees a base address even when every value is NULL or empty.
        storage.append(0)
    }

    var count: Int { offsets.count }

    /// Calls `body` with `paramValues`, `paramLengths` and `paramFormats` pointers valid for its duration.
    func withUnsafeParameters<Result>(
        _ body: (
            UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?
        ) throws -> Result
    ) rethrows -> Result {
        try storage.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.map { (base + $0).assumingMemoryBound(to: CChar.self) }
            }
            return try pointers.withUnsafeBufferPointer { values in
                try lengths.withUnsafeBufferPointer { lengths in
                    try formats.withUnsafeBufferPointer { formats in
                        try body(values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }
}
