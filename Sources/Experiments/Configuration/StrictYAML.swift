import Foundation
import Yams

/// YAML configurations decoded strictly: every key of the file must be a field of the
/// target type (a typo is an error naming the key, its line and the known keys), and
/// a value of the wrong type is an error naming the key and the expected type.
public enum StrictYAML {
    /// Parses YAML text into a node (an empty document is an empty mapping).
    public static func parse(_ text: String, file: String) throws -> Node {
        do {
            return try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch {
            throw ConfigError.syntax(file: file, message: "\(error)")
        }
    }

    /// Reads and parses a YAML file.
    public static func parse(file: String) throws -> Node {
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8) else { throw ConfigError.unreadable(file: file) }
        return try parse(text, file: file)
    }

    /// `overlay` merged into `base`: mappings merge key by key (recursively), anything
    /// else in `overlay` replaces what `base` has.
    public static func merged(_ base: Node, _ overlay: Node) -> Node {
        guard let b = base.mapping, let o = overlay.mapping else { return overlay }
        var pairs: [(Node, Node)] = Array(b.map { ($0.key, $0.value) })
        for (key, value) in o {
            if let i = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[i].1 = merged(pairs[i].1, value)
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs))
    }

    /// Decodes `T` from `node`, rejecting unknown keys and naming type errors.
    public static func decode<T: Codable>(_ type: T.Type, from node: Node, file: String) throws -> T {
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: node)
        } catch let error as DecodingError {
            throw describe(error, node: node, file: file)
        }
        // Every key the file has must survive a round trip through T.
        let echoed = try parse(try YAMLEncoder().encode(value), file: file)
        try checkKeys(node, against: echoed, path: [], file: file)
        return value
    }

    private static func checkKeys(_ input: Node, against echoed: Node, path: [String], file: String) throws {
        if let m = input.mapping, let e = echoed.mapping {
            let known = e.keys.compactMap(\.string)
            for (key, value) in m {
                let name = key.string ?? "\(key)"
                if value.null != nil { continue } // an explicit null means "not set"
                guard let echoedValue = e[key] else {
                    throw ConfigError.unknownKey(file: file, key: (path + [name]).joined(separator: "."),
                                                 line: key.mark?.line, known: known.sorted())
                }
                try checkKeys(value, against: echoedValue, path: path + [name], file: file)
            }
        } else if let s = input.sequence, let e = echoed.sequence {
            for (i, (a, b)) in zip(s, e).enumerated() {
                try checkKeys(a, against: b, path: path + ["\(i)"], file: file)
            }
        }
    }

    /// The node at a coding path, for line numbers.
    private static func node(at path: [CodingKey], in root: Node) -> Node? {
        var current: Node? = root
        for key in path {
            if let i = key.intValue, let s = current?.sequence, i < s.count {
                current = s[i]
            } else {
                current = current?.mapping?[Node(key.stringValue)]
            }
        }
        return current
    }

    private static func dotted(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ error: DecodingError, node root: Node, file: String) -> ConfigError {
        switch error {
        case let .typeMismatch(type, context):
            return .wrongType(file: file, key: dotted(context.codingPath), expected: typeName(type),
                              line: node(at: context.codingPath, in: root)?.mark?.line)
        case let .valueNotFound(type, context):
            return .wrongType(file: file, key: dotted(context.codingPath), expected: typeName(type),
                              line: node(at: context.codingPath, in: root)?.mark?.line)
        case let .keyNotFound(key, context):
            return .missingKey(file: file, key: dotted(context.codingPath + [key]))
        case let .dataCorrupted(context):
            return .invalidValue(file: file, key: dotted(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .invalidValue(file: file, key: "?", reason: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is UInt64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "of type \(type)"
        }
    }
}

extension StrictYAML {
    /// `base` with the YAML file's values laid over it key by key (the file may set any
    /// subset of keys; unknown keys and wrong types are errors naming the file).
    public static func overlay<T: Codable>(_ base: T, file: String) throws -> T {
        let baseNode = try parse(try YAMLEncoder().encode(base), file: file)
        return try decode(T.self, from: merged(baseNode, try parse(file: file)), file: file)
    }
}
