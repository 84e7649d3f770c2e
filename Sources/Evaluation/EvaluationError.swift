import ImageIO

/// Why a folder evaluation failed. Every message names the file or folder at fault.
public enum EvaluationError: Error, Equatable, Sendable {
    /// A folder to evaluate does not exist or is not a folder.
    case notADirectory(path: String)
    /// No ground-truth file was found under a folder.
    case noGroundTruth(directory: String, pattern: String)
    /// A ground-truth file's name does not start with `{city}_{sequence}_{frame}`.
    case unrecognisedFileName(path: String)
    /// A ground-truth file has no prediction under the prediction folder.
    case missingPrediction(groundTruth: String, predictionDirectory: String, pattern: String)
    /// Several prediction files match one ground-truth file.
    case multiplePredictions(groundTruth: String, candidates: [String])
    /// A prediction's size differs from its ground truth's.
    case sizeMismatch(prediction: String, predictionSize: [Int], groundTruth: String, groundTruthSize: [Int])
    /// A PNG has the wrong pixel layout (e.g. colour where one 8-bit channel is needed).
    case wrongPixelLayout(path: String, found: String, expected: String)
    /// A ground-truth label image holds an id that is not in the Cityscapes label table.
    case unknownLabelId(path: String, id: Int)
    /// A PNG could not be read.
    case unreadablePNG(PNGError)
    /// A camera file is missing or malformed.
    case badCamera(path: String, reason: String)
    /// A depth prediction's values give no usable median-scaling ratio.
    case degeneratePrediction(path: String, reason: String)
}

extension EvaluationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notADirectory(let path):
            return "'\(path)' is not a folder"
        case .noGroundTruth(let directory, let pattern):
            return "no ground-truth files matching '\(pattern)' under '\(directory)'"
        case .unrecognisedFileName(let path):
            return "'\(path)' is not named like a Cityscapes file ({city}_{sequence:06d}_{frame:06d}_...)"
        case .missingPrediction(let groundTruth, let directory, let pattern):
            return "no prediction for ground truth '\(groundTruth)': nothing matches '\(pattern)' under '\(directory)'"
        case .multiplePredictions(let groundTruth, let candidates):
            return "several predictions for ground truth '\(groundTruth)': "
                + candidates.map { "'\($0)'" }.joined(separator: ", ")
        case .sizeMismatch(let prediction, let p, let groundTruth, let g):
            return "prediction '\(prediction)' is \(p[0])x\(p[1]) but ground truth '\(groundTruth)' is \(g[0])x\(g[1]) (width x height)"
        case .wrongPixelLayout(let path, let found, let expected):
            return "'\(path)' is \(found); expected \(expected)"
        case .unknownLabelId(let path, let id):
            return "ground truth '\(path)' holds label id \(id), which is not a Cityscapes label (0...33)"
        case .unreadablePNG(let error):
            return error.description
        case .badCamera(let path, let reason):
            return "cannot use camera file '\(path)': \(reason)"
        case .degeneratePrediction(let path, let reason):
            return "cannot scale prediction '\(path)': \(reason)"
        }
    }
}

extension PixelKind {
    /// Words for error messages, e.g. "8-bit RGB".
    var wordsForErrors: String {
        switch self {
        case .rgb8: return "8-bit RGB (or palette)"
        case .gray8: return "8-bit greyscale"
        case .gray16: return "16-bit greyscale"
        }
    }
}
