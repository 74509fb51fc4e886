/// Reads and writes PostgreSQL array literals such as `{a,"b c",NULL}`.
enum PostgresArrayLiteral {
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Writes a one-dimensional literal. Every element is quoted: that keeps empty strings, the
    /// word NULL, whitespace and delimiters as data without needing to know which need quoting.
    static func encode(_ elements: some Sequence<String>) -> String {
        var output: [UInt8] = [openBrace]
        var first = true
        for element in elements {
            if !first { output.append(comma) }
            first = false
            output.append(quote)
            for byte in element.utf8 {
                if byte == quote || byte == backslash { output.append(backslash) }
                output.append(byte)
            }
            output.append(quote)
        }
        output.append(closeBrace)
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses a one-dimensional literal; `nil` elements are SQL NULLs.
    static func parse(_ text: String) throws -> [String?] {
        let bytes = Array(text.utf8)
        var index = 0

        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
        }
        func skipSpaces() {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        }
        func fail(_ reason: String) -> PostgresError {
            PostgresError.decoding("malformed array literal: \(reason)", text: text)
        }

        skipSpaces()
        // Arrays whose lower bound is not 1 are printed with a "[0:2]=" prefix; the bounds don't
        // matter for a Swift array.
        if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { throw fail("dimension prefix") }
            index = equals + 1
            skipSpaces()
        }
        guard index < bytes.count, bytes[index] == openBrace else { throw fail("missing {") }
        index += 1
        skipSpaces()
        var elements: [String?] = []
        if index < bytes.count, bytes[index] == closeBrace {
            index += 1
            skipSpaces()
            guard index == bytes.count else { throw fail("text after }") }
            return elements
        }

        while true {
            skipSpaces()
            guard index < bytes.count else { throw fail("unterminated") }
            var element: [UInt8] = []
            if bytes[index] == openBrace {
                throw fail("multidimensional arrays are not supported")
            } else if bytes[index] == quote {
                index += 1
                while true {
                    guard index < bytes.count else { throw fail("unterminated quoted element") }
                    let byte = bytes[index]
                    if byte == quote { index += 1; break }
                    if byte == backslash {
                        index += 1
                        guard index < bytes.count else { throw fail("dangling backslash") }
                    }
                    element.append(bytes[index])
                    index += 1
                }
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                var sawEscape = false
                var trimmedLength = 0
                while index < bytes.count, bytes[index] != comma, bytes[index] != closeBrace {
                    var byte = bytes[index]
                    if byte == backslash {
                        index += 1
                        guard index < bytes.count else { throw fail("dangling backslash") }
                        byte = bytes[index]
                        sawEscape = true
                        element.append(byte)
                        trimmedLength = element.count  // an escaped space is data, never trimmed
                    } else {
                        element.append(byte)
                        if !isSpace(byte) { trimmedLength = element.count }
                    }
                    index += 1
                }
                element.removeSubrange(trimmedLength...)
                if element.isEmpty { throw fail("empty unquoted element") }
                let value = String(decoding: element, as: UTF8.self)
                elements.append(!sawEscape && value.uppercased() == "NULL" ? nil : value)
            }
            skipSpaces()
            guard index < bytes.count else { throw fail("unterminated") }
            if bytes[index] == comma {
                index += 1
            } else if bytes[index] == closeBrace {
                index += 1
                break
            } else {
                throw fail("expected , or }")
            }
        }
        skipSpaces()
        guard index == bytes.count else { throw fail("text after }") }
        return elements
    }
}
