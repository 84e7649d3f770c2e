/// Why a label schedule or a selection could not be made.
public enum DataSelectionError: Error, Equatable, CustomStringConvertible {
    /// The training set is too small for the schedule's strictly increasing sizes.
    case trainingSetTooSmall(size: Int, steps: Int)
    /// An iteration factor that is not a positive, finite number.
    case invalidIterationFactor(Double)
    /// A method needs an input (features, difficulty or entropy) that was not given.
    case missingInput(method: SelectionMethod, input: String)
    /// An input does not hold one value (or one feature map) per candidate.
    case inputCountMismatch(input: String, expected: Int, actual: Int)
    /// An already selected index outside 0..<candidates, or listed twice.
    case invalidSelection(index: Int, candidates: Int)
    /// Fewer unselected candidates than requested.
    case notEnoughCandidates(requested: Int, available: Int)
    /// Farthest-point selection found no candidate farther than the selected set
    /// (every remaining minimum distance is 0 or NaN): the reference stops there too.
    case farthestPointStopped(after: Int, requested: Int)

    public var description: String {
        switch self {
        case let .trainingSetTooSmall(size, steps):
            return "label schedule: a training set of \(size) images cannot hold \(steps) strictly increasing subset sizes"
        case let .invalidIterationFactor(factor):
            return "label schedule: the iteration factor must be positive and finite, got \(factor)"
        case let .missingInput(method, input):
            return "selection method \(method.rawValue) needs \(input)"
        case let .inputCountMismatch(input, expected, actual):
            return "\(input) has \(actual) entries for \(expected) candidates"
        case let .invalidSelection(index, candidates):
            return "already selected index \(index) is out of 0..<\(candidates) or repeated"
        case let .notEnoughCandidates(requested, available):
            return "\(requested) new samples requested but only \(available) candidates are unselected"
        case let .farthestPointStopped(after, requested):
            return "farthest-point selection stopped after \(after) of \(requested) samples: no remaining candidate is farther than the selected set"
        }
    }
}
