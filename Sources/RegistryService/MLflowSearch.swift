import Foundation
import Postgres
import RegistryDomain

/// MLflow's search grammar for registered models and model versions (`mlflow/utils/search_utils.py`): comparisons
/// joined by `AND`, on attributes (`name`, `run_id`, `source_path`, `version_number`) and tags (`tag.<key>`, the
/// key optionally in backticks or double quotes), with `= != < <= > >= LIKE ILIKE IN NOT IN`. Parsed here, and
/// turned into SQL over the projection tables with every value a parameter.
public struct MLflowFilter: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case attribute(String)
        case tag(String)
    }

    public enum Value: Sendable, Equatable {
        case string(String)
        case number(Int64)
        case list([String])
    }

    public struct Clause: Sendable, Equatable {
        public var subject: Subject
        /// Upper-cased: `=`, `!=`, `<`, `<=`, `>`, `>=`, `LIKE`, `ILIKE`, `IN`, `NOT IN`.
        public var comparator: String
        public var value: Value

        public init(subject: Subject, comparator: String, value: Value) {
            self.subject = subject
            self.comparator = comparator
            self.value = value
        }
    }

    public var clauses: [Clause]

    /// What is searched: the comparators each attribute allows differ.
    public enum Target: Sendable {
        case registeredModels
        case modelVersions

        var attributes: [String: Set<String>] {
            let strings: Set<String> = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"]
            switch self {
            case .registeredModels: return ["name": strings]
            case .modelVersions:
                return [
                    "name": strings, "run_id": strings, "source_path": ["=", "!=", "LIKE", "ILIKE"],
                    "version_number": ["=", "!=", "<", "<=", ">", ">="],
                ]
            }
        }
    }

    /// The tag MLflow marks prompts with: absent counts as 'false', and prompts are left out unless asked for.
    public static let promptTag = "mlflow.prompt.is_prompt"

    /// Parses `text` (empty: no condition); throws `invalid` with MLflow's wording for anything it does not accept.
    public static func parse(_ text: String, for target: Target) throws -> MLflowFilter {
        var scanner = Scanner(text)
        var clauses: [Clause] = []
        scanner.skipSpaces()
        if scanner.atEnd { return MLflowFilter(clauses: []) }
        while true {
            clauses.append(try scanner.clause(target))
            scanner.skipSpaces()
            if scanner.atEnd { break }
            let word = scanner.word()
            guard word.uppercased() == "AND" else { throw invalid("Invalid clause(s) in filter string: \(word.isEmpty ? scanner.rest : word)") }
        }
        return MLflowFilter(clauses: clauses)
    }

    /// Whether the filter asks for prompts (`tag.mlflow.prompt.is_prompt = 'true'` or `!= 'false'`).
    public var asksForPrompts: Bool {
        clauses.contains {
            $0.subject == .tag(Self.promptTag)
                && (($0.comparator == "=" && $0.value == .string("true")) || ($0.comparator == "!=" && $0.value == .string("false")))
        }
    }

    /// The SQL condition. `column` maps an attribute to its SQL expression; `tags` is the jsonb tags column.
    func condition(tags: String, column: (String) -> String) -> SQLQuery {
        var sql: SQLQuery = "TRUE"
        for clause in clauses {
            let expression: SQLQuery
            switch clause.subject {
            case .attribute(let name): expression = "\(literalSQL: column(name))"
            case .tag(let key):
                // A tag comparison needs the tag (->> is NULL without it), except the prompt marker's 'false' default.
                expression =
                    key == Self.promptTag
                    ? "coalesce(\(literalSQL: tags) ->> \(key)::text, 'false')" : "(\(literalSQL: tags) ->> \(key)::text)"
            }
            sql.append(" AND ")
            sql.append(expression)
            sql.append(" ")
            switch (clause.comparator, clause.value) {
            case ("IN", .list(let values)): sql.append("= ANY(\(values)::text[])")
            case ("NOT IN", .list(let values)): sql.append("<> ALL(\(values)::text[])")
            case (let comparator, .string(let text)):
                sql.append("\(literalSQL: comparator == "!=" ? "<>" : comparator) \(text)::text")
            case (let comparator, .number(let number)):
                sql.append("\(literalSQL: comparator == "!=" ? "<>" : comparator) \(number)::bigint")
            default:
                // Parsing pairs list values with IN / NOT IN only.
                sql.append("IS NULL AND FALSE")
            }
        }
        return sql
    }

    static func invalid(_ message: String) -> RegistryError {
        RegistryError(.invalid, "INVALID_PARAMETER_VALUE", message)
    }

    /// A hand-written scanner: the grammar is small and its error messages should name what was wrong.
    struct Scanner {
        let characters: [Character]
        var index = 0

        init(_ text: String) { characters = Array(text) }

        var atEnd: Bool { index >= characters.count }
        var rest: String { String(characters[min(index, characters.count)...]) }

        mutating func skipSpaces() {
            while !atEnd && characters[index].isWhitespace { index += 1 }
        }

        /// A bare word: letters, digits, `_`, `.`.
        mutating func word() -> String {
            let start = index
            while !atEnd && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == ".") {
                index += 1
            }
            return String(characters[start..<index])
        }

        mutating func quoted() throws -> String? {
            guard !atEnd, ["'", "\"", "`"].contains(characters[index]) else { return nil }
            let quote = characters[index]
            index += 1
            var text = ""
            while !atEnd {
                let character = characters[index]
                index += 1
                if character == quote {
                    // SQL style: a doubled quote is one quote character.
                    if !atEnd && characters[index] == quote {
                        text.append(quote)
                        index += 1
                        continue
                    }
                    return text
                }
                if character == "\\" && !atEnd {
                    text.append(characters[index])
                    index += 1
                    continue
                }
                text.append(character)
            }
            throw MLflowFilter.invalid("Invalid filter string: unterminated quoted value")
        }

        mutating func clause(_ target: Target) throws -> Clause {
            skipSpaces()
            let subject = try self.subject(target)
            skipSpaces()
            let comparator = try self.comparator()
            skipSpaces()
            let allowed: Set<String>
            switch subject {
            case .attribute(let name): allowed = target.attributes[name] ?? []
            case .tag: allowed = ["=", "!=", "LIKE", "ILIKE"]
            }
            guard allowed.contains(comparator) else {
                throw MLflowFilter.invalid(
                    "Invalid comparator '\(comparator)' not one of '\(allowed.sorted())' for \(Self.describe(subject))")
            }
            let value: Value
            if comparator == "IN" || comparator == "NOT IN" {
                value = .list(try list())
            } else if case .attribute("version_number") = subject {
                let text = try quoted() ?? word()
                guard let number = Int64(text) else {
                    throw MLflowFilter.invalid("Invalid value '\(text)' for version_number: expected an integer")
                }
                value = .number(number)
            } else {
                guard let text = try quoted() else {
                    throw MLflowFilter.invalid(
                        "Expected a quoted string value for \(Self.describe(subject)) (e.g. '\(Self.name(subject)) = \"value\"')")
                }
                value = .string(text)
            }
            return Clause(subject: subject, comparator: comparator, value: value)
        }

        static func describe(_ subject: Subject) -> String {
            switch subject {
            case .attribute(let name): "attributes '\(name)'"
            case .tag(let key): "tag '\(key)'"
            }
        }

        static func name(_ subject: Subject) -> String {
            switch subject {
            case .attribute(let name): name
            case .tag(let key): "tags.\(key)"
            }
        }

        mutating func subject(_ target: Target) throws -> Subject {
            if let whole = try quoted() { return try attribute(whole, target) }
            let first = word()
            guard !first.isEmpty else { throw MLflowFilter.invalid("Invalid filter string: expected an identifier at '\(rest)'") }
            var prefix = ""
            var key = first
            if let dot = first.firstIndex(of: ".") {
                prefix = String(first[..<dot]).lowercased()
                key = String(first[first.index(after: dot)...])
            }
            // `tag.` followed by a quoted key: the word stopped at the dot's end.
            if key.isEmpty && !prefix.isEmpty, let quotedKey = try quoted() { key = quotedKey }
            switch prefix {
            case "":
                return try attribute(key, target)
            case "tag", "tags":
                guard !key.isEmpty else { throw MLflowFilter.invalid("Invalid filter string: a tag needs a key") }
                return .tag(key)
            case "attribute", "attributes", "attr":
                return try attribute(key, target)
            default:
                throw MLflowFilter.invalid("Invalid entity type '\(prefix)'. Valid values are ['tag', 'attribute']")
            }
        }

        func attribute(_ name: String, _ target: Target) throws -> Subject {
            guard target.attributes[name] != nil else {
                throw MLflowFilter.invalid(
                    "Invalid attribute key '\(name)' specified. Valid keys are '\(Set(target.attributes.keys).sorted())'")
            }
            return .attribute(name)
        }

        mutating func comparator() throws -> String {
            guard !atEnd else { throw MLflowFilter.invalid("Invalid filter string: a comparison has no operator") }
            for symbol in ["!=", "<=", ">=", "=", "<", ">"] where rest.hasPrefix(symbol) {
                index += symbol.count
                return symbol
            }
            let first = word().uppercased()
            if first == "NOT" {
                skipSpaces()
                guard word().uppercased() == "IN" else { throw MLflowFilter.invalid("Invalid comparator: expected 'NOT IN'") }
                return "NOT IN"
            }
            guard ["LIKE", "ILIKE", "IN"].contains(first) else {
                throw MLflowFilter.invalid("Invalid comparator '\(first)'")
            }
            return first
        }

        mutating func list() throws -> [String] {
            guard !atEnd, characters[index] == "(" else { throw MLflowFilter.invalid("While parsing a list in the query, expected '('") }
            index += 1
            var values: [String] = []
            while true {
                skipSpaces()
                guard let value = try quoted() else {
                    throw MLflowFilter.invalid("While parsing a list in the query, expected string value, punctuation, or whitespace")
                }
                values.append(value)
                skipSpaces()
                guard !atEnd else { throw MLflowFilter.invalid("While parsing a list in the query, expected ')'") }
                if characters[index] == ")" {
                    index += 1
                    return values
                }
                guard characters[index] == "," else { throw MLflowFilter.invalid("While parsing a list in the query, expected ','") }
                index += 1
            }
        }
    }
}

/// MLflow's `order_by`: `<key> [ASC|DESC]` items, keys checked per target, duplicates refused.
public struct MLflowOrder: Sendable, Equatable {
    public var items: [(key: String, ascending: Bool)]

    public static func == (lhs: MLflowOrder, rhs: MLflowOrder) -> Bool {
        lhs.items.map(\.key) == rhs.items.map(\.key) && lhs.items.map(\.ascending) == rhs.items.map(\.ascending)
    }

    public static func parse(_ texts: [String], for target: MLflowFilter.Target) throws -> MLflowOrder {
        let valid: Set<String> =
            switch target {
            case .registeredModels: ["name", "timestamp", "last_updated_timestamp", "creation_timestamp"]
            case .modelVersions: ["name", "version_number", "creation_timestamp", "last_updated_timestamp", "timestamp"]
            }
        var items: [(key: String, ascending: Bool)] = []
        for text in texts {
            let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard (1...2).contains(parts.count) else { throw MLflowFilter.invalid("Invalid order_by clause '\(text)'") }
            var key = parts[0]
            for prefix in ["attribute.", "attributes.", "attr."] where key.lowercased().hasPrefix(prefix) {
                key = String(key.dropFirst(prefix.count))
            }
            key = key.trimmingCharacters(in: CharacterSet(charactersIn: "`\""))
            guard valid.contains(key) else {
                throw MLflowFilter.invalid("Invalid order by key '\(key)' specified. Valid keys are '\(valid.sorted())'")
            }
            var ascending = true
            if parts.count == 2 {
                switch parts[1].uppercased() {
                case "ASC": ascending = true
                case "DESC": ascending = false
                default: throw MLflowFilter.invalid("Invalid ordering key in order_by clause '\(text)'.")
                }
            }
            if key == "timestamp" { key = "last_updated_timestamp" }
            guard !items.contains(where: { $0.key == key }) else { throw MLflowFilter.invalid("`order_by` contains duplicate fields: \(texts)") }
            items.append((key, ascending))
        }
        return MLflowOrder(items: items)
    }
}

extension MLflowOrder {
    /// `ORDER BY … OFFSET … LIMIT` over SQL `columns` by key: `whenEmpty` when no order was asked for, then each
    /// tie-break whose key was not asked for. The limit is one more than the page, to tell whether more follow.
    func sql(columns: [String: String], whenEmpty: [String] = [], tieBreaks: [(key: String, sql: String)], offset: Int, limit: Int) -> String {
        var orderBy = items.compactMap { item in columns[item.key].map { $0 + (item.ascending ? " ASC" : " DESC") } }
        if items.isEmpty { orderBy += whenEmpty }
        for tieBreak in tieBreaks where !items.contains(where: { $0.key == tieBreak.key }) { orderBy.append(tieBreak.sql) }
        return " ORDER BY \(orderBy.joined(separator: ", ")) OFFSET \(offset) LIMIT \(limit + 1)"
    }
}

/// MLflow's page token: base64 of `{"offset": N}`, as its own server writes it.
public enum MLflowPageToken {
    public static func encode(offset: Int) -> String {
        Data("{\"offset\": \(offset)}".utf8).base64EncodedString()
    }

    public static func decode(_ token: String?) throws -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token) else { throw MLflowFilter.invalid("Invalid page token, could not base64-decode") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let offset = object["offset"] as? Int, offset >= 0
        else { throw MLflowFilter.invalid("Invalid page token, decoded value=\(String(decoding: data, as: UTF8.self))") }
        return offset
    }
}
