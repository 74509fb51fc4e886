/// Finds positional parameters (`$1`, `$2` …) in SQL text so that `SQLQuery.append` can renumber
/// them. It skips string literals, quoted identifiers, dollar-quoted bodies and comments, because a
/// `$1` inside those is data, not a placeholder.
enum SQLPlaceholderScanner {
    private static let singleQuote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let dollar = UInt8(ascii: "$")
    private static let backslash = UInt8(ascii: "\\")
    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let newline = UInt8(ascii: "\n")

    /// Returns `sql` with every placeholder `$n` replaced by `$(n + offset)`.
    static func renumber(_ sql: String, offset: Int) -> String {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var index = 0
        var previous: UInt8 = 0

        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let start = index
            switch byte {
            case singleQuote:
                // E'…' strings treat backslash as an escape; standard strings only double quotes.
                let escapes =
                    (previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e"))
                    && (start < 2 || !isIdentifierByte(bytes[start - 2]))
                index = endOfQuoted(bytes, from: index, quote: singleQuote, backslashEscapes: escapes)
            case doubleQuote:
                index = endOfQuoted(bytes, from: index, quote: doubleQuote, backslashEscapes: false)
            case dash where next == dash:
                index = bytes[index...].firstIndex(of: newline) ?? bytes.count
            case slash where next == star:
                index = endOfBlockComment(bytes, from: index)
            case dollar where !isIdentifierByte(previous):
                if isDigit(next) {
                    var end = index + 1
                    var number = 0
                    while end < bytes.count, isDigit(bytes[end]) {
                        number = number &* 10 &+ Int(bytes[end] - UInt8(ascii: "0"))
                        end += 1
                    }
                    output.append(dollar)
                    output.append(contentsOf: Array(String(number + offset).utf8))
                    previous = bytes[end - 1]
                    index = end
                    continue
                }
                index = endOfDollarQuoted(bytes, from: index) ?? index + 1
            default:
                index += 1
            }
            output.append(contentsOf: bytes[start..<index])
            previous = bytes[index - 1]
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Bytes that may continue an identifier; `$` counts, so `a$1` is an identifier, not `a` + `$1`.
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_") || byte == dollar || byte >= 0x80
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    private static func endOfQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if backslashEscapes && byte == backslash {
                index += 2
            } else if byte == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2  // doubled quote stands for one quote character
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    private static func endOfBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        // PostgreSQL block comments nest.
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == slash && bytes[index + 1] == star {
                depth += 1
                index += 2
            } else if bytes[index] == star && bytes[index + 1] == slash {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// If a dollar-quote tag (`$$` or `$tag$`) starts at `start`, returns the index after the
    /// matching closing tag.
    private static func endOfDollarQuoted(_ bytes: [UInt8], from start: Int) -> Int? {
        var tagEnd = start + 1
        while tagEnd < bytes.count, bytes[tagEnd] != dollar {
            guard isIdentifierByte(bytes[tagEnd]) else { return nil }
            tagEnd += 1
        }
        guard tagEnd < bytes.count else { return nil }
        let tag = bytes[start...tagEnd]
        var index = tagEnd + 1
        while index + tag.count <= bytes.count {
            if bytes[index] == dollar && bytes[index..<(index + tag.count)].elementsEqual(tag) {
                return index + tag.count
            }
            index += 1
        }
        return bytes.count
    }
}
