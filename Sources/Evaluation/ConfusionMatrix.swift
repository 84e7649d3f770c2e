/// Pixel counts of (ground-truth class, predicted class) over the evaluated classes.
///
/// Ground-truth pixels outside 0..<classes (the ignore index 255 and anything else)
/// are skipped. A prediction outside 0..<classes on a counted pixel is a miss of the
/// ground-truth class: it adds to that class's false negatives and to no class's
/// false positives (the reference's networks always predict a class, so this only
/// arises for prediction files with void labels).
public struct ConfusionMatrix: Equatable, Sendable {
    /// Number of evaluated classes (19 for Cityscapes).
    public let classes: Int
    /// counts[gt * (classes + 1) + prediction]; column `classes` holds invalid predictions.
    public private(set) var counts: [Int64]

    public init(classes: Int = 19) {
        precondition(classes > 0, "ConfusionMatrix: no classes")
        self.classes = classes
        counts = [Int64](repeating: 0, count: classes * (classes + 1))
    }

    /// The count of ground-truth class `gt` predicted as `prediction` (`classes` for
    /// invalid predictions).
    public func count(groundTruth gt: Int, prediction: Int) -> Int64 { counts[gt * (classes + 1) + prediction] }

    /// Adds one image (or batch) of train ids stored as Float (as tensors hold them).
    public mutating func add(predictions: UnsafePointer<Float>, groundTruth: UnsafePointer<Float>, count: Int) {
        let c = classes, stride = c + 1
        counts.withUnsafeMutableBufferPointer { m in
            for i in 0..<count {
                let g = groundTruth[i]
                guard g >= 0, g < Float(c) else { continue }
                let p = predictions[i]
                let column = (p >= 0 && p < Float(c)) ? Int(p) : c
                m[Int(g) * stride + column] += 1
            }
        }
    }

    /// Adds one image of 8-bit train ids.
    public mutating func add(predictions: [UInt8], groundTruth: [UInt8]) {
        precondition(predictions.count == groundTruth.count,
                     "ConfusionMatrix.add: \(predictions.count) predictions for \(groundTruth.count) labels")
        let c = classes, stride = c + 1
        counts.withUnsafeMutableBufferPointer { m in
            for i in 0..<predictions.count {
                let g = Int(groundTruth[i])
                guard g < c else { continue }
                let p = Int(predictions[i])
                m[g * stride + (p < c ? p : c)] += 1
            }
        }
    }

    /// Adds another matrix's counts.
    public mutating func merge(_ other: ConfusionMatrix) {
        precondition(other.classes == classes, "ConfusionMatrix.merge: \(other.classes) classes into \(classes)")
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// IoU, mean IoU and pixel accuracy of the counts.
    public var scores: SegmentationScores {
        let stride = classes + 1
        var iou: [Double?] = []
        var correct: Int64 = 0, total: Int64 = 0
        for k in 0..<classes {
            let tp = counts[k * stride + k]
            let rowSum = (0..<stride).reduce(Int64(0)) { $0 + counts[k * stride + $1] }
            let columnSum = (0..<classes).reduce(Int64(0)) { $0 + counts[$1 * stride + k] }
            let union = rowSum + columnSum - tp
            iou.append(union == 0 ? nil : Double(tp) / Double(union))
            correct += tp
            total += rowSum
        }
        return SegmentationScores(classIoU: iou, pixelAccuracy: total == 0 ? nil : Double(correct) / Double(total))
    }
}

/// Segmentation scores from a confusion matrix.
public struct SegmentationScores: Equatable, Sendable, Codable {
    /// IoU per class in train-id order, in [0, 1]; nil for a class that occurs in
    /// neither the ground truth nor the predictions (NaN in the reference).
    public var classIoU: [Double?]
    /// Fraction of counted pixels predicted correctly; nil without counted pixels.
    public var pixelAccuracy: Double?

    public init(classIoU: [Double?], pixelAccuracy: Double?) {
        self.classIoU = classIoU
        self.pixelAccuracy = pixelAccuracy
    }

    /// Mean over the classes with an IoU (the reference's nanmean); nil when none has one.
    public var meanIoU: Double? {
        let present = classIoU.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    }
}
