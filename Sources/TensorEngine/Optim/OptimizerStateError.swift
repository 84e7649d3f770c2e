/// Why optimiser state could not be loaded.
public enum OptimizerStateError: Error, Equatable, CustomStringConvertible {
    /// A name that does not belong to this optimiser's groups and buffers.
    case unexpectedKey(String)
    /// A buffer whose shape differs from its parameter's.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// A parameter with some but not all of its buffers.
    case incompleteState(key: String)

    public var description: String {
        switch self {
        case .unexpectedKey(let k): return "optimizer state: unexpected entry \(k)"
        case let .shapeMismatch(k, e, f): return "optimizer state: \(k) has shape \(f), expected \(e)"
        case .incompleteState(let k): return "optimizer state: \(k) is missing"
        }
    }
}
