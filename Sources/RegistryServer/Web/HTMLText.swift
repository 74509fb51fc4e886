import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// Markup the server builds itself (documents from JSON, escaped text), for the places a template cannot express.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A JSON value as a readable document: objects as definition lists (keys in a person's words), arrays as
    /// lists, numbers and strings as text. `order` puts the keys a reader looks for first.
    static func document(_ value: JSONValue, order: [String] = []) -> String {
        switch value {
        case .object(let fields):
            guard !fields.isEmpty else { return "<span class=\"muted\">none</span>" }
            let keys = order.filter { fields[$0] != nil } + fields.keys.filter { !order.contains($0) }.sorted()
            var html = "<dl class=\"document\">"
            for key in keys {
                // Line breaks between the terms, so the document's text (copied, or read by a test) keeps its words apart.
                html += "\n<dt>\(escape(label(key)))</dt>\n<dd>\(document(fields[key] ?? .null))</dd>"
            }
            return html + "\n</dl>"
        case .array(let items):
            guard !items.isEmpty else { return "<span class=\"muted\">none</span>" }
            return "<ul>" + items.map { "\n<li>\(document($0))</li>" }.joined() + "\n</ul>"
        case .string(let text):
            if text.count == 64, text.allSatisfy(\.isHexDigit) { return "<code>\(text)</code>" }
            return escape(text)
        case .null:
            return "<span class=\"muted\">—</span>"
        default:
            return "<span class=\"num\">\(escape(scalar(value)))</span>"
        }
    }

    /// A number, boolean or string as plain text.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "yes" : "no"
        case .null: "—"
        default: String(decoding: value.canonicalBytes, as: UTF8.self)
        }
    }

    /// A key in a person's words when it is one of the registry's own (`intended_use` → "Intended use"); any other
    /// key is a variable, coefficient or metric name and is shown exactly as written (`hp`, `wt`, `C(cyl)[T.6]`).
    static func label(_ key: String) -> String { knownLabels[key] ?? key }

    static let knownLabels = [
        "purpose": "Purpose", "intended_use": "Intended use", "limitations": "Limitations", "risk_tier": "Risk tier", "formula": "Formula",
        "coefficients": "Coefficients", "training_data": "Training data", "statsmodels_version": "statsmodels version",
        "r_squared": "R²", "aic": "AIC", "bic": "BIC", "nobs": "Observations", "rmse": "RMSE", "mae": "MAE", "inputs": "Inputs",
        "outputs": "Outputs", "model_name": "Model", "prediction": "Prediction", "version": "Version", "approval_in_force": "Approval in force",
        "alias_history": "Alias history", "re_execution": "Re-execution", "recorded_at": "Recorded at", "batch": "Batch", "seal": "Seal",
        "as_of": "As of", "model": "Model", "caller_grants_in_force": "Caller's grants in force", "caller_is_owner": "Caller is the owner",
        "ledger_proof": "Ledger proof", "made_at": "Made at", "caller": "Caller", "output": "Output", "description": "Description",
        "owner": "Owner", "tags": "Tags", "aliases": "Aliases", "approvals": "Approvals", "metrics": "Metrics", "lineage": "Lineage",
        "signature": "Signature", "card": "Card",
    ]
}
