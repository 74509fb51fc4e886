import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Progress lines for long work: shown on a terminal, silent when standard error is piped or redirected.
struct Progress: Sendable {
    let label: String
    let enabled: Bool = isatty(STDERR_FILENO) == 1

    func update(_ done: Int64, of total: Int64) {
        guard enabled else { return }
        let percent = total > 0 ? Double(done) * 100 / Double(total) : 100
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) (\(String(format: "%.0f", percent))%)\u{1B}[K".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Prints an aligned text table.
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }
    print(line(header))
    for row in rows { print(line(row)) }
}

/// Writes a JSON document to standard output.
func printJSON(_ data: Data) {
    FileHandle.standardOutput.write(data)
    if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
}
