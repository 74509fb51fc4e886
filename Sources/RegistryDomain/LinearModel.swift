import Foundation

/// The `linear` model format, evaluated natively: a linear predictor over patsy/statsmodels terms and a link
/// function — exactly the JSON statsmodels' results give (`formula`, `family`, `link`, `params` keyed by term name).
///
/// Terms: `Intercept`, numeric variables (`hp`), categorical indicators `C(cyl)[4]` (full-rank coding) and
/// `C(cyl)[T.6]` (treatment coding against an unnamed reference level), and interactions `a:b` of these. Anything
/// else is refused when the model is read — at registration, never at prediction time.
public struct LinearModel: Sendable, Equatable {
    public enum Link: String, Sendable, CaseIterable {
        case identity, logit, log, probit, inverse
    }

    /// One factor of a term.
    public enum Factor: Sendable, Equatable {
        case numeric(String)
        /// 1 when the variable equals `level`, else 0. `treatment`: coded against a reference level.
        case indicator(variable: String, level: String, treatment: Bool)
    }

    /// A coefficient times the product of its factors (none: the intercept).
    public struct Term: Sendable, Equatable {
        public var name: String
        public var coefficient: Double
        public var factors: [Factor]
    }

    /// What an input row must hold: each variable a number, or one of a categorical variable's levels.
    public enum InputType: Sendable, Equatable {
        case number
        /// `open`: treatment-coded without a declared level list, so a level not named by a term is the reference.
        case category(levels: [String], open: Bool)
    }

    public var formula: String
    public var family: String
    public var link: Link
    public var terms: [Term]
    public var inputs: [String: InputType]

    public static let families: Set<String> = ["gaussian", "binomial", "poisson", "gamma", "inverse_gaussian", "negativebinomial", "tweedie"]

    /// Reads the artifact's JSON. Refusals name the offending term or field.
    public static func parse(_ data: Data) throws(DomainError) -> LinearModel {
        // Decoded as JSONValue, which keeps numbers and booleans apart (Foundation's parser does not on Linux).
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw DomainError(.invalidModel, "a linear model is a JSON object with formula, family, link and params")
        }
        guard case .string(let formula)? = object["formula"] else { throw DomainError(.invalidModel, "the linear model has no 'formula'") }
        var family = "gaussian"
        if case .string(let named)? = object["family"] { family = named.lowercased() }
        guard families.contains(family) else {
            throw DomainError(.invalidModel, "unknown family '\(Validation.printable(family))'; known: \(families.sorted().joined(separator: ", "))")
        }
        guard case .string(let linkName)? = object["link"], let link = Link(rawValue: linkName.lowercased()) else {
            throw DomainError(.invalidModel, "link must be one of \(Link.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard case .object(let params)? = object["params"], !params.isEmpty else {
            throw DomainError(.invalidModel, "the linear model has no 'params' (coefficients by term name)")
        }
        var declared: [String: [String]] = [:]
        if case .object(let levels)? = object["levels"] {
            for (variable, value) in levels {
                guard case .array(let list) = value else { throw DomainError(.invalidModel, "levels of '\(variable)' must be a list") }
                declared[variable] = list.map(levelText)
            }
        }
        var terms: [Term] = []
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            guard case .number(let coefficient) = value, coefficient.isFinite else {
                throw DomainError(.invalidModel, "the coefficient of '\(Validation.printable(name))' is not a finite number")
            }
            terms.append(Term(name: name, coefficient: coefficient, factors: try factors(of: name)))
        }
        return LinearModel(formula: formula, family: family, link: link, terms: terms, inputs: try inputTypes(terms, declared: declared))
    }

    /// The signature, as stored with the version: `{"inputs": {name: {"type": "number"} | {"type": "category", …}}}`.
    public var signature: JSONValue {
        .object([
            "inputs": .object(
                inputs.mapValues { type in
                    switch type {
                    case .number: .object(["type": .string("number")])
                    case .category(let levels, let open):
                        .object(["type": .string("category"), "levels": .array(levels.map(JSONValue.string)), "open": .bool(open)])
                    }
                }),
            "output": .object(["type": .string("number"), "link": .string(link.rawValue), "family": .string(family)]),
        ])
    }

    /// The model's output for one input row. A missing, extra or mistyped field, or an unknown level, is refused
    /// naming the field.
    public func predict(_ row: [String: JSONValue]) throws(DomainError) -> Double {
        if let extra = row.keys.sorted().first(where: { inputs[$0] == nil }) {
            throw DomainError(
                .invalidInput,
                "'\(Validation.printable(extra))' is not an input of this model (inputs: \(inputs.keys.sorted().joined(separator: ", ")))")
        }
        var numbers: [String: Double] = [:]
        var levels: [String: String] = [:]
        for (name, type) in inputs {
            guard let value = row[name], value != .null else { throw DomainError(.invalidInput, "input '\(name)' is missing") }
            switch (type, value) {
            case (.number, .number(let number)):
                guard number.isFinite else { throw DomainError(.invalidInput, "input '\(name)' must be a finite number") }
                numbers[name] = number
            case (.number, _):
                throw DomainError(.invalidInput, "input '\(name)' must be a number")
            case (.category(let known, let open), .string(let text)):
                levels[name] = try level(text, of: name, known: known, open: open)
            case (.category(let known, let open), .number(let number)):
                levels[name] = try level(Self.levelText(number), of: name, known: known, open: open)
            case (.category, _):
                throw DomainError(.invalidInput, "input '\(name)' must be one of its levels (a string)")
            }
        }
        var eta = 0.0
        for term in terms {
            var value = term.coefficient
            for factor in term.factors {
                switch factor {
                case .numeric(let name): value *= numbers[name] ?? 0
                case .indicator(let variable, let level, _): value *= levels[variable] == level ? 1 : 0
                }
            }
            eta += value
        }
        switch link {
        case .identity: return eta
        case .logit: return 1 / (1 + exp(-eta))
        case .log: return exp(eta)
        case .probit: return 0.5 * erfc(-eta / 2.0.squareRoot())
        case .inverse: return 1 / eta
        }
    }

    private func level(_ text: String, of name: String, known: [String], open: Bool) throws(DomainError) -> String {
        if known.contains(text) || open { return text }
        throw DomainError(.invalidInput, "'\(Validation.printable(text))' is not a level of '\(name)' (levels: \(known.joined(separator: ", ")))")
    }

    // MARK: Reading terms

    private static func factors(of term: String) throws(DomainError) -> [Factor] {
        if term == "Intercept" { return [] }
        var factors: [Factor] = []
        for part in try splitInteraction(term) {
            factors.append(try factor(part, in: term))
        }
        return factors
    }

    /// Splits `a:b` at colons outside brackets and parentheses (a level may contain a colon).
    private static func splitInteraction(_ term: String) throws(DomainError) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in term {
            switch character {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            default: break
            }
            if character == ":" && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        guard depth == 0, !parts.contains(where: \.isEmpty) else { throw unsupported(term) }
        return parts
    }

    private static func factor(_ text: String, in term: String) throws(DomainError) -> Factor {
        if isIdentifier(text) { return .numeric(text) }
        // C(variable)[level] or C(variable)[T.level]
        guard text.hasPrefix("C("), let close = text.firstIndex(of: ")"), text.last == "]" else { throw unsupported(term) }
        let variable = String(text[text.index(text.startIndex, offsetBy: 2)..<close])
        let rest = text[text.index(after: close)...]
        guard isIdentifier(variable), rest.hasPrefix("["), rest.count >= 3 else { throw unsupported(term) }
        var level = String(rest.dropFirst().dropLast())
        let treatment = level.hasPrefix("T.")
        if treatment { level.removeFirst(2) }
        guard !level.isEmpty else { throw unsupported(term) }
        return .indicator(variable: variable, level: level, treatment: treatment)
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0 == "." || CharacterSet.alphanumerics.contains($0) }
    }

    private static func unsupported(_ term: String) -> DomainError {
        DomainError(
            .unsupportedTerm,
            "unsupported term '\(Validation.printable(term))': terms are Intercept, numeric variables, C(x)[level], C(x)[T.level] and a:b interactions"
        )
    }

    private static func inputTypes(_ terms: [Term], declared: [String: [String]]) throws(DomainError) -> [String: InputType] {
        var numeric: Set<String> = []
        var levels: [String: [String]] = [:]
        var treatment: Set<String> = []
        for term in terms {
            for factor in term.factors {
                switch factor {
                case .numeric(let name): numeric.insert(name)
                case .indicator(let variable, let level, let isTreatment):
                    if !(levels[variable]?.contains(level) ?? false) { levels[variable, default: []].append(level) }
                    if isTreatment { treatment.insert(variable) }
                }
            }
        }
        if let both = numeric.intersection(levels.keys).sorted().first {
            throw DomainError(.unsupportedTerm, "'\(both)' is used both as a number and as a category")
        }
        var inputs: [String: InputType] = [:]
        for name in numeric { inputs[name] = .number }
        for (variable, named) in levels {
            if let declaredLevels = declared[variable] {
                if let stray = named.first(where: { !declaredLevels.contains($0) }) {
                    throw DomainError(.invalidModel, "level '\(stray)' of '\(variable)' is not among its declared levels")
                }
                inputs[variable] = .category(levels: declaredLevels, open: false)
            } else {
                inputs[variable] = .category(levels: named.sorted(), open: treatment.contains(variable))
            }
        }
        return inputs
    }

    /// How a level is written: as patsy names it (integral numbers without a fraction).
    static func levelText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): levelText(number)
        case .bool(let flag): flag ? "True" : "False"
        default: "\(value)"
        }
    }

    static func levelText(_ number: Double) -> String { JSONValue.numberText(number) }
}
