import Foundation

/// Finds an object key that appears twice in a JSON text. Foundation's decoders keep the last of two equal keys
/// without a word; for a registry whose records are evidence, `{"version": 1, "version": 2}` is ambiguous input
/// and is refused instead. Works on the raw bytes in one pass (strings and escapes respected).
enum JSONDuplicateKeys {
    /// The first repeated key (decoded), or nil.
    static func first(in bytes: [UInt8]) -> String? {
        // One frame per open object or array: objects remember their keys and whether a key comes next.
        struct Frame {
            var isObject: Bool
            var expectingKey: Bool
            var keys: Set<String>
        }
        var stack: [Frame] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(Frame(isObject: true, expectingKey: true, keys: []))
            case UInt8(ascii: "["):
                stack.append(Frame(isObject: false, expectingKey: false, keys: []))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if let top = stack.indices.last, stack[top].isObject { stack[top].expectingKey = true }
            case UInt8(ascii: "\""):
                let start = index
                var escaped = false
                index += 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\\") {
                        escaped = true
                        index += 2
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "\"") { break }
                    index += 1
                }
                if let top = stack.indices.last, stack[top].isObject, stack[top].expectingKey {
                    let token = Array(bytes[start...min(index, bytes.count - 1)])
                    // Escaped keys are decoded, so "a" and "\u0061" are the same key.
                    let key =
                        escaped
                        ? (try? JSONSerialization.jsonObject(with: Data(token), options: [.fragmentsAllowed]) as? String)
                            ?? String(decoding: token, as: UTF8.self)
                        : String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
                    if !stack[top].keys.insert(key).inserted { return key }
                    stack[top].expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
