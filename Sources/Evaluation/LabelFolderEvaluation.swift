import CityscapesData
import Foundation
import ImageIO

/// Segmentation evaluation of a folder of predicted label PNGs against a Cityscapes
/// `gtFine` folder, matching cityscapesScripts' `evalPixelLevelSemanticLabeling`.
///
/// Ground truth: every `*_gtFine_labelIds.png` under `groundTruthDirectory`
/// (recursively, e.g. `gtFine/val`), 8-bit label ids 0...33. Predictions: for each
/// ground-truth file `{stem}_gtFine_labelIds.png`, exactly one file `{stem}*.png`
/// anywhere under `predictionDirectory` (cityscapesScripts' rule), 8-bit greyscale,
/// the same size. Prediction values are Cityscapes label ids (`.labelIds`, as
/// cityscapesScripts expects; ids of ignored labels and ids above 33 count as void
/// predictions) or train ids 0...18 (`.trainIds`; any other value is void).
public struct LabelFolderEvaluation: Sendable {
    /// What the prediction PNGs' values mean.
    public enum PredictionEncoding: String, Sendable, CaseIterable {
        /// Cityscapes label ids (7 road ... 33 bicycle), as in `*_gtFine_labelIds.png`.
        case labelIds
        /// Train ids 0...18; other values (e.g. 255) are void.
        case trainIds
    }

    /// Folder of predicted label PNGs (searched recursively).
    public var predictionDirectory: String
    /// Folder of ground-truth `*_gtFine_labelIds.png` files (searched recursively).
    public var groundTruthDirectory: String
    /// What the prediction values mean.
    public var predictionEncoding: PredictionEncoding
    /// Threads for reading and counting (default: THREEWAYS_THREADS or all cores).
    public var threads: Int

    /// Suffix of the ground-truth files.
    public static let groundTruthSuffix = "_gtFine_labelIds.png"

    public init(predictionDirectory: String, groundTruthDirectory: String,
                predictionEncoding: PredictionEncoding = .labelIds,
                threads: Int = ImageParallelism.defaultThreads) {
        self.predictionDirectory = predictionDirectory
        self.groundTruthDirectory = groundTruthDirectory
        self.predictionEncoding = predictionEncoding
        self.threads = threads
    }

    /// The result of a folder evaluation.
    public struct Result: Sendable {
        /// Counts over all images.
        public var matrix: ConfusionMatrix
        /// Scores derived from `matrix`.
        public var scores: SegmentationScores
        /// (prediction, ground truth) paths in evaluation order.
        public var pairs: [(prediction: String, groundTruth: String)]
    }

    /// Reads every pair and accumulates one confusion matrix over the 19 train ids.
    /// Throws an `EvaluationError` naming the file for a ground-truth file without
    /// prediction, several predictions, an unreadable PNG, a size or layout mismatch,
    /// or a ground-truth id outside the label table.
    public func run() throws -> Result {
        let groundTruth = try PredictionFiles.files(under: groundTruthDirectory,
                                                    endingWith: Self.groundTruthSuffix)
        guard !groundTruth.isEmpty else {
            throw EvaluationError.noGroundTruth(directory: groundTruthDirectory,
                                                pattern: "*" + Self.groundTruthSuffix)
        }
        let predictions = try PredictionFiles.pair(groundTruth: groundTruth,
                                                   predictionDirectory: predictionDirectory,
                                                   predictionSuffix: nil)
        let encoding = predictionEncoding
        let perImage = try ImageParallelism.map(count: groundTruth.count, threads: threads) { i in
            try Self.confusion(prediction: predictions[i], groundTruth: groundTruth[i], encoding: encoding)
        }
        var matrix = ConfusionMatrix()
        for image in perImage { matrix.merge(image) }
        return Result(matrix: matrix, scores: matrix.scores(imageCount: groundTruth.count),
                      pairs: Array(zip(predictions, groundTruth)).map { ($0.0, $0.1) })
    }

    /// The confusion matrix of one pair of label PNGs.
    public static func confusion(prediction: String, groundTruth: String,
                                 encoding: PredictionEncoding) throws -> ConfusionMatrix {
        let gt = try readGray8(groundTruth)
        let pred = try readGray8(prediction)
        guard pred.width == gt.width, pred.height == gt.height else {
            throw EvaluationError.sizeMismatch(prediction: prediction, predictionSize: [pred.width, pred.height],
                                               groundTruth: groundTruth, groundTruthSize: [gt.width, gt.height])
        }
        let trainIdOf = CityscapesLabels.trainIdOfLabelId
        let largestLabelId = CityscapesLabels.all.map(\.id).max() ?? 33
        var gtTrainIds = [UInt8](repeating: 0, count: gt.pixels.count)
        for (i, id) in gt.pixels.enumerated() {
            guard Int(id) <= largestLabelId else {
                throw EvaluationError.unknownLabelId(path: groundTruth, id: Int(id))
            }
            gtTrainIds[i] = trainIdOf[Int(id)]
        }
        let predTrainIds = encoding == .labelIds ? pred.pixels.map { trainIdOf[Int($0)] } : pred.pixels
        var matrix = ConfusionMatrix()
        matrix.add(predicted: predTrainIds, groundTruth: gtTrainIds)
        return matrix
    }

    /// An 8-bit greyscale PNG, or a clear error for any other layout.
    static func readGray8(_ path: String) throws -> PNGImage {
        let image: PNGImage
        do {
            image = try PNGImage.read(path: path)
        } catch let error as PNGError {
            throw EvaluationError.unreadablePNG(error)
        }
        guard image.kind == .gray8 else {
            throw EvaluationError.wrongPixelLayout(path: path, found: image.kind.wordsForErrors,
                                                   expected: "8-bit greyscale label ids")
        }
        return image
    }
}
