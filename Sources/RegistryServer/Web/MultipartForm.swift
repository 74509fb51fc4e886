import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// A `multipart/form-data` body (RFC 7578), read whole: the UI's version upload, bounded by the form's limit.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var content: [UInt8]
    }

    var parts: [Part]

    func text(_ name: String) -> String {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.content, as: UTF8.self) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    /// Nil when the body is not multipart with the boundary of `contentType`.
    static func parse(_ body: [UInt8], contentType: String) -> MultipartForm? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return nil }
        var boundary = String(contentType[range.upperBound...].prefix { $0 != ";" })
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard !boundary.isEmpty else { return nil }
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var cursor = find(delimiter, in: body, from: 0) else { return nil }
        while true {
            cursor += delimiter.count
            // "--" after a delimiter ends the body.
            if cursor + 1 < body.count, body[cursor] == 45, body[cursor + 1] == 45 { break }
            guard cursor + 1 < body.count, body[cursor] == 13, body[cursor + 1] == 10 else { return nil }
            cursor += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: cursor) else { return nil }
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find([13, 10] + delimiter, in: body, from: contentStart) else { return nil }
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = parameter("name", in: disposition)
            else { return nil }
            parts.append(Part(name: name, filename: parameter("filename", in: disposition), content: Array(body[contentStart..<next])))
            cursor = next + 2
        }
        return MultipartForm(parts: parts)
    }

    /// `name="value"` in a Content-Disposition header.
    private static func parameter(_ key: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(key + "=") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
