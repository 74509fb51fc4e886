import Foundation
import RegistryDomain

/// Reads a backfill file — CSV with a header line, or a JSON array of objects — into rows, naming the line (CSV)
/// or entry (JSON) of every problem. The `artifact` column holds a SHA-256 digest (optionally `sha256:`-prefixed)
/// of an artifact already in the registry, or the path of a file to upload (relative to the backfill file).
public enum BackfillFile {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json

        /// The unit problems are counted in.
        public var unit: String { self == .csv ? "line" : "entry" }
    }

    /// A row as read, before artifacts are resolved: the artifact as written in the file.
    public struct Record: Sendable, Equatable {
        public var row: BackfillRow
        /// A digest, or a path when `artifactIsPath`.
        public var artifact: String
        public var artifactIsPath: Bool
    }

    public static let columns = ["model", "version", "artifact", "format", "live_from", "retired_at", "approver", "owner", "description", "reason"]
    static let required: Set<String> = ["model", "artifact", "format", "live_from", "approver", "owner"]

    /// The records of a file, or every problem found in it.
    public static func read(_ data: Data, format: Format) -> Result<[Record], BackfillError> {
        let unit = format.unit
        let entries: [(line: Int, fields: [String: String])]
        switch format {
        case .csv:
            switch CSV.parse(String(decoding: data, as: UTF8.self)) {
            case .failure(let problem): return .failure(BackfillError(problems: [problem], unit: unit))
            case .success(let table):
                guard let header = table.first else {
                    return .failure(BackfillError(problems: [.init(line: 1, message: "the file is empty")], unit: unit))
                }
                let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if let unknown = names.first(where: { !columns.contains($0) }) {
                    return .failure(
                        BackfillError(
                            problems: [
                                .init(line: header.line, message: "unknown column '\(unknown)'; columns are \(columns.joined(separator: ", "))")
                            ],
                            unit: unit))
                }
                if let missing = required.subtracting(names).sorted().first {
                    return .failure(BackfillError(problems: [.init(line: header.line, message: "the header has no '\(missing)' column")], unit: unit))
                }
                var rows: [(Int, [String: String])] = []
                for record in table.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
                    guard record.fields.count == names.count else {
                        return .failure(
                            BackfillError(
                                problems: [.init(line: record.line, message: "\(record.fields.count) fields where the header has \(names.count)")],
                                unit: unit))
                    }
                    rows.append((record.line, Dictionary(uniqueKeysWithValues: zip(names, record.fields))))
                }
                entries = rows
            }
        case .json:
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                return .failure(BackfillError(problems: [.init(line: 1, message: "a JSON backfill is an array of objects")], unit: unit))
            }
            var rows: [(Int, [String: String])] = []
            for (index, element) in array.enumerated() {
                guard let object = element as? [String: Any] else {
                    return .failure(BackfillError(problems: [.init(line: index + 1, message: "not an object")], unit: unit))
                }
                var fields: [String: String] = [:]
                for (key, value) in object {
                    guard columns.contains(key) else {
                        return .failure(
                            BackfillError(
                                problems: [.init(line: index + 1, message: "unknown field '\(key)'; fields are \(columns.joined(separator: ", "))")],
                                unit: unit))
                    }
                    switch value {
                    case let text as String: fields[key] = text
                    case let number as NSNumber: fields[key] = number.stringValue
                    case is NSNull: break
                    default: return .failure(BackfillError(problems: [.init(line: index + 1, message: "'\(key)' must be a string")], unit: unit))
                    }
                }
                rows.append((index + 1, fields))
            }
            entries = rows
        }
        var records: [Record] = []
        var problems: [BackfillError.Problem] = []
        for (line, fields) in entries {
            switch record(line: line, fields) {
            case .success(let record): records.append(record)
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { return .failure(BackfillError(problems: problems, unit: unit)) }
        guard !records.isEmpty else { return .failure(BackfillError(problems: [.init(line: 1, message: "the file has no rows")], unit: unit)) }
        return .success(records)
    }

    private static func record(line: Int, _ fields: [String: String]) -> Result<Record, BackfillError.Problem> {
        func value(_ name: String) -> String? {
            guard let text = fields[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        for name in required.sorted() where value(name) == nil {
            return .failure(.init(line: line, message: "'\(name)' is empty"))
        }
        func instant(_ name: String) -> Result<Date?, BackfillError.Problem> {
            guard let text = value(name) else { return .success(nil) }
            guard let date = RFC3339.parse(text) else {
                return .failure(.init(line: line, message: "\(name) '\(text)' is not an RFC 3339 timestamp or a date (YYYY-MM-DD)"))
            }
            return .success(date)
        }
        let liveFrom: Date?
        let retiredAt: Date?
        switch (instant("live_from"), instant("retired_at")) {
        case (.failure(let problem), _), (_, .failure(let problem)): return .failure(problem)
        case (.success(let live), .success(let retired)): (liveFrom, retiredAt) = (live, retired)
        }
        var version: Int?
        if let text = value("version") {
            guard let number = Int(text), number >= 1 else {
                return .failure(.init(line: line, message: "version '\(text)' is not a positive integer"))
            }
            version = number
        }
        let artifact = value("artifact")!
        let digest = (artifact.hasPrefix("sha256:") ? String(artifact.dropFirst(7)) : artifact).lowercased()
        let isDigest = digest.count == 64 && digest.allSatisfy(\.isHexDigit)
        let row = BackfillRow(
            line: line, model: value("model")!, version: version, artifactSHA256: isDigest ? digest : "", format: value("format")!,
            liveFrom: liveFrom!, retiredAt: retiredAt, approver: value("approver")!, owner: value("owner")!, description: value("description"),
            reason: value("reason"))
        return .success(Record(row: row, artifact: isDigest ? digest : artifact, artifactIsPath: !isDigest))
    }
}

/// RFC 4180 CSV: commas, double-quoted fields with "" for a quote, CRLF or LF line ends, newlines inside quotes.
enum CSV {
    struct Record {
        /// The physical line the record starts on (1-based).
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) -> Result<[Record], BackfillError.Problem> {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var characters = text.unicodeScalars.makeIterator()
        var pending = characters.next()
        func endField() {
            fields.append(field)
            field = ""
            quotedField = false
        }
        while let scalar = pending {
            pending = characters.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = characters.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\"":
                guard field.isEmpty && !quotedField else {
                    return .failure(.init(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote"))
                }
                inQuotes = true
                quotedField = true
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                recordLine = line
            default:
                guard !quotedField else { return .failure(.init(line: line, message: "text after a closing quote")) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { return .failure(.init(line: recordLine, message: "a quoted field is never closed")) }
        if !field.isEmpty || !fields.isEmpty || quotedField {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return .success(records)
    }
}
