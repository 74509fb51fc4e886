import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// The `at` / `known_at` pair a page is viewed at, as the header's control sets it and every link carries it.
struct TimeTravel: Equatable {
    /// nil: the present.
    var asOf: AsOf?
    /// Whether `known_at` was given (otherwise the past is shown with everything known now).
    var knownAtGiven = false

    static let present = TimeTravel(asOf: nil)

    /// Reads `at` and `known_at` from a query: RFC 3339, a bare date, or a browser's datetime-local value
    /// (`2025-05-01T00:00`, read as UTC). Empty values mean "not given".
    init(query: [String: String]) throws(WebError) {
        let at = try Self.instant(query["at"], name: "at")
        let knownAt = try Self.instant(query["known_at"], name: "known_at")
        guard at != nil || knownAt != nil else { return }
        let now = Date()
        asOf = AsOf(at: at ?? now, knownAt: knownAt ?? now)
        knownAtGiven = knownAt != nil
    }

    init(asOf: AsOf?, knownAtGiven: Bool = false) {
        self.asOf = asOf
        self.knownAtGiven = knownAtGiven
    }

    /// The query items that carry this view into a link.
    var queryItems: [(String, String)] {
        guard let asOf else { return [] }
        var items = [("at", RFC3339.format(asOf.at))]
        if knownAtGiven { items.append(("known_at", RFC3339.format(asOf.knownAt))) }
        return items
    }

    /// "As recorded on 2025-05-01 00:00 UTC", or with both times when `known_at` was given.
    var banner: String? {
        guard let asOf else { return nil }
        if knownAtGiven {
            return "As it stood on \(Self.display(asOf.at)), as recorded on \(Self.display(asOf.knownAt))"
        }
        return "As recorded on \(Self.display(asOf.at))"
    }

    /// `2025-05-01 00:00 UTC`, with seconds only when they are not zero.
    static func display(_ date: Date) -> String {
        let text = RFC3339.format(date)
        let seconds = text.dropFirst(17).prefix(2)
        let fraction = text.dropFirst(20).prefix(6)
        let minute = text.prefix(16).replacingOccurrences(of: "T", with: " ")
        if seconds == "00" && fraction == "000000" { return minute + " UTC" }
        if fraction == "000000" { return minute + ":" + seconds + " UTC" }
        return minute + ":" + seconds + "." + fraction + " UTC"
    }

    /// `2025-05-01 14:03 UTC`: to the minute, for lists.
    static func short(_ date: Date) -> String {
        RFC3339.format(date).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// The value for a datetime-local input (`2025-05-01T00:00`, seconds when needed).
    static func inputValue(_ date: Date?) -> String {
        guard let date else { return "" }
        let text = RFC3339.format(date)
        return text.dropFirst(17).prefix(2) == "00" ? String(text.prefix(16)) : String(text.prefix(19))
    }

    static func instant(_ text: String?, name: String) throws(WebError) -> Date? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        // datetime-local: no zone, perhaps no seconds; the control is labelled UTC.
        if text.count == 16, text.dropFirst(10).first == "T" { text += ":00Z" }
        if text.count == 19, text.dropFirst(10).first == "T" { text += "Z" }
        guard let date = RFC3339.parse(text) else {
            throw WebError(.badRequest, "\(name) must be a date and time (for example 2025-05-01T12:00, read as UTC) or an RFC 3339 timestamp")
        }
        return date
    }
}
