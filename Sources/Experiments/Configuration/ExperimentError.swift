/// Why an experiment could not be set up or run. Messages name the file, key or run.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
    case missingFile(path: String, what: String)
    case invalidFile(path: String, reason: String)
    case unknownProfile(String, known: [String])
    case unknownExperiment(String, known: [String])
    case invalidConfig(file: String, reason: String)
    case networkMismatch(path: String, expected: String, found: String)
    case dependencyFailed(String, message: String)
    /// The data selection a selected-labels run trains on could not be made.
    case selectionFailed(String, message: String)

    public var description: String {
        switch self {
        case let .missingFile(path, what): return "\(what) \(path) does not exist"
        case let .invalidFile(path, reason): return "\(path): \(reason)"
        case let .unknownProfile(name, known):
            return "unknown profile '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .unknownExperiment(name, known):
            return "unknown experiment '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .invalidConfig(file, reason): return "\(file): \(reason)"
        case let .dependencyFailed(entry, message):
            return "the depth pretraining \(entry) that this run starts from did not finish: \(message)"
        case let .selectionFailed(what, message):
            return "the data selection \(what) that this run trains on could not be made: \(message)"
        case let .networkMismatch(path, expected, found):
            return "\(path) holds networks '\(found)' but this run builds '\(expected)' (use the depth pretraining of the same profile)"
        }
    }
}
