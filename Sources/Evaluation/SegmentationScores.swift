import CityscapesData
import Foundation

/// Segmentation scores derived from a `ConfusionMatrix`.
///
/// IoU of class c = TP / (TP + FP + FN), with FN including void predictions. A class
/// with TP + FP + FN = 0 (absent from the ground truth and never predicted on evaluated
/// pixels) has IoU NaN and is left out of the mean; a class absent from the ground truth
/// but predicted somewhere has IoU 0 and counts in the mean. This is cityscapesScripts'
/// rule (`getIouScoreForLabel` returns NaN only for a zero denominator,
/// `getScoreAverage` skips NaN) and also the reference's (`runningScore` divides by
/// TP + FP + FN and takes `np.nanmean`), so the two agree on every class IoU and on mIoU.
/// They differ only outside IoU: cityscapesScripts reports no pixel accuracy by default,
/// and `runningScore` has no notion of void predictions (its predictions are argmax
/// indices, always in range).
extension ConfusionMatrix {
    /// Per-class IoU in `0...1`, NaN for classes with TP + FP + FN = 0.
    public var classIoU: [Double] {
        (0..<classCount).map { c in
            let denominator = truePositives(c) + falsePositives(c) + falseNegatives(c)
            return denominator == 0 ? .nan : Double(truePositives(c)) / Double(denominator)
        }
    }

    /// Mean of the non-NaN class IoUs (NaN when all are NaN).
    public var meanIoU: Double { Self.meanIgnoringNaN(classIoU) }

    /// Correct pixels / evaluated pixels (NaN for an empty matrix); void predictions are wrong.
    public var pixelAccuracy: Double {
        let total = evaluatedPixels
        return total == 0 ? .nan : Double(correctPixels) / Double(total)
    }

    /// Per-class recall TP / (TP + FN), NaN for classes absent from the ground truth.
    public var classAccuracy: [Double] {
        (0..<classCount).map { c in
            let total = groundTruthPixels(c)
            return total == 0 ? .nan : Double(truePositives(c)) / Double(total)
        }
    }

    /// Mean of the non-NaN class accuracies (the reference's "Mean Acc").
    public var meanClassAccuracy: Double { Self.meanIgnoringNaN(classAccuracy) }

    /// Sum over classes present in the ground truth of (class pixel share) x IoU (the
    /// reference's "FreqW Acc").
    public var frequencyWeightedIoU: Double {
        let total = evaluatedPixels
        guard total > 0 else { return .nan }
        let iou = classIoU
        var sum = 0.0
        for c in 0..<classCount where groundTruthPixels(c) > 0 {
            sum += Double(groundTruthPixels(c)) / Double(total) * iou[c]
        }
        return sum
    }

    /// The scores as a record, with `classNames[c]` naming class c (default: the 19
    /// Cityscapes classes, when the matrix has 19 classes).
    public func scores(classNames: [String]? = nil, imageCount: Int = 0) -> SegmentationScores {
        let names = classNames ?? (classCount == CityscapesLabels.evaluatedClassCount
            ? CityscapesLabels.evaluated.map(\.name) : (0..<classCount).map { "class \($0)" })
        precondition(names.count == classCount,
                     "ConfusionMatrix.scores: \(names.count) names for \(classCount) classes")
        let iou = classIoU
        return SegmentationScores(
            classes: (0..<classCount).map {
                SegmentationScores.ClassScore(trainId: $0, name: names[$0], iou: Self.finite(iou[$0]),
                                              groundTruthPixels: groundTruthPixels($0))
            },
            meanIoU: Self.finite(meanIoU), pixelAccuracy: Self.finite(pixelAccuracy),
            meanClassAccuracy: Self.finite(meanClassAccuracy),
            frequencyWeightedIoU: Self.finite(frequencyWeightedIoU),
            evaluatedPixels: evaluatedPixels, ignoredPixels: ignoredPixels, imageCount: imageCount)
    }

    static func meanIgnoringNaN(_ values: [Double]) -> Double {
        let valid = values.filter { !$0.isNaN }
        return valid.isEmpty ? .nan : valid.reduce(0, +) / Double(valid.count)
    }

    static func finite(_ value: Double) -> Double? { value.isNaN ? nil : value }
}

/// Segmentation scores as a plain record (what `threeways evaluate --json` writes).
///
/// Ratios are in `0...1`; `nil` (JSON null) stands for an undefined score (NaN).
public struct SegmentationScores: Codable, Equatable, Sendable {
    /// One class's score.
    public struct ClassScore: Codable, Equatable, Sendable {
        /// Train id, 0...18 for Cityscapes.
        public var trainId: Int
        /// Class name, e.g. "traffic light".
        public var name: String
        /// IoU, or nil when the class is absent from both ground truth and prediction.
        public var iou: Double?
        /// Evaluated pixels of this class in the ground truth.
        public var groundTruthPixels: Int64

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trainId, forKey: .trainId)
            try container.encode(name, forKey: .name)
            try container.encode(iou, forKey: .iou)
            try container.encode(groundTruthPixels, forKey: .groundTruthPixels)
        }
    }

    /// Per-class IoU in train-id order.
    public var classes: [ClassScore]
    /// Mean IoU over classes with a defined IoU.
    public var meanIoU: Double?
    /// Correct / evaluated pixels.
    public var pixelAccuracy: Double?
    /// Mean per-class recall (the reference's "Mean Acc").
    public var meanClassAccuracy: Double?
    /// Frequency-weighted IoU (the reference's "FreqW Acc").
    public var frequencyWeightedIoU: Double?
    /// Pixels with an evaluated ground-truth class.
    public var evaluatedPixels: Int64
    /// Pixels skipped for an ignored ground truth.
    public var ignoredPixels: Int64
    /// Number of images accumulated.
    public var imageCount: Int

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(classes, forKey: .classes)
        try container.encode(meanIoU, forKey: .meanIoU)
        try container.encode(pixelAccuracy, forKey: .pixelAccuracy)
        try container.encode(meanClassAccuracy, forKey: .meanClassAccuracy)
        try container.encode(frequencyWeightedIoU, forKey: .frequencyWeightedIoU)
        try container.encode(evaluatedPixels, forKey: .evaluatedPixels)
        try container.encode(ignoredPixels, forKey: .ignoredPixels)
        try container.encode(imageCount, forKey: .imageCount)
    }

    /// A readable table: one line per class (name, IoU in percent), then mIoU and pixel
    /// accuracy; undefined values print as "n/a".
    public var table: String {
        func percent(_ value: Double?) -> String {
            guard let value else { return "   n/a" }
            return String(format: "%6.2f", value * 100)
        }
        var lines = ["class              IoU (%)", "--------------------------"]
        for c in classes {
            lines.append(c.name.padding(toLength: 18, withPad: " ", startingAt: 0) + " " + percent(c.iou))
        }
        lines.append("--------------------------")
        lines.append("mIoU".padding(toLength: 18, withPad: " ", startingAt: 0) + " " + percent(meanIoU))
        lines.append("pixel accuracy".padding(toLength: 18, withPad: " ", startingAt: 0) + " "
                     + percent(pixelAccuracy))
        lines.append("(\(imageCount) images, \(evaluatedPixels) evaluated pixels, "
                     + "\(ignoredPixels) ignored)")
        return lines.joined(separator: "\n")
    }
}
