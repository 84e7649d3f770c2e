/// Why a configuration file was refused. Every message names the file and, where it
/// applies, the dotted key and the line.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String)
    case syntax(file: String, message: String)
    case unknownKey(file: String, key: String, line: Int?, known: [String])
    case wrongType(file: String, key: String, expected: String, line: Int?)
    case missingKey(file: String, key: String)
    case invalidValue(file: String, key: String, reason: String)

    public var description: String {
        func at(_ line: Int?) -> String { line.map { ":\($0)" } ?? "" }
        switch self {
        case .unreadable(let file):
            return "cannot read configuration \(file)"
        case let .syntax(file, message):
            return "\(file): not valid YAML: \(message)"
        case let .unknownKey(file, key, line, known):
            return "\(file)\(at(line)): unknown key '\(key)'" + (known.isEmpty ? "" : " (known here: \(known.joined(separator: ", ")))")
        case let .wrongType(file, key, expected, line):
            return "\(file)\(at(line)): key '\(key)' must be \(expected)"
        case let .missingKey(file, key):
            return "\(file): missing key '\(key)'"
        case let .invalidValue(file, key, reason):
            return "\(file): key '\(key)': \(reason)"
        }
    }
}
