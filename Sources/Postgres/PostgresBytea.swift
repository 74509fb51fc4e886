/// Decodes `bytea` values from their text output form.
enum PostgresBytea {
    /// Decodes `\x0a1b…` (hex, PostgreSQL's default) or the legacy escape format.
    static func decode(_ text: String) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") {
            return try decodeHex(bytes, text: text)
        }
        return try decodeEscaped(bytes, text: text)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func decodeHex(_ bytes: [UInt8], text: String) throws -> [UInt8] {
        guard bytes.count % 2 == 0 else { throw PostgresError.decoding("odd-length bytea hex", text: text) }
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else {
                throw PostgresError.decoding("invalid bytea hex digit", text: text)
            }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    /// The escape format: `\\` for a backslash, `\ooo` octal for other bytes, the rest as is.
    private static func decodeEscaped(_ bytes: [UInt8], text: String) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
                output.append(byte)
                index += 2
                continue
            }
            guard index + 3 < bytes.count else { throw PostgresError.decoding("truncated bytea escape", text: text) }
            var value = 0
            for digit in bytes[(index + 1)...(index + 3)] {
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else {
                    throw PostgresError.decoding("invalid bytea escape", text: text)
                }
                value = value * 8 + Int(digit - UInt8(ascii: "0"))
            }
            guard value <= 255 else { throw PostgresError.decoding("invalid bytea escape", text: text) }
            output.append(UInt8(value))
            index += 4
        }
        return output
    }
}
