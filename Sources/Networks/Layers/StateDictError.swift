/// Why a state dictionary could not be loaded into a module. Nothing is written into
/// the module when any of these is thrown.
public enum StateDictError: Error, Equatable, Sendable {
    /// The module has tensors the dictionary lacks (strict loading only).
    case missingKeys([String])
    /// The dictionary has tensors the module lacks (strict loading only).
    case unexpectedKeys([String])
    /// A tensor's shape differs from the module's.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// A checkpoint file could not be read or written (the message names the file).
    case checkpoint(String)
}

extension StateDictError: CustomStringConvertible {
    /// E.g. "missing key(s) in state dict: encoder.conv1.weight".
    public var description: String {
        switch self {
        case .missingKeys(let keys):
            return "missing key(s) in state dict: " + keys.joined(separator: ", ")
        case .unexpectedKeys(let keys):
            return "unexpected key(s) in state dict: " + keys.joined(separator: ", ")
        case .shapeMismatch(let key, let expected, let found):
            return "size mismatch for \(key): the module has shape \(expected), the state dict \(found)"
        case .checkpoint(let message):
            return message
        }
    }
}
