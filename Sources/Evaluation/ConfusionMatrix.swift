import CityscapesData

/// Pixel counts of (ground-truth class, predicted class) pairs for semantic segmentation.
///
/// Rows are ground-truth train ids, columns predicted train ids, both in
/// `0..<classCount` (19 for Cityscapes: 0 road ... 18 bicycle). Conventions, chosen to
/// agree with cityscapesScripts' `evalPixelLevelSemanticLabeling`:
///
/// - A pixel whose ground truth lies outside `0..<classCount` (255 = ignore, or any
///   other value) is not counted at all.
/// - A pixel whose prediction lies outside `0..<classCount` (a "void" prediction, e.g.
///   255, or a Cityscapes label such as parking that has no train id) is counted in
///   `voidPredictions[gt]`: a false negative of its ground-truth class and a false
///   positive of no class. cityscapesScripts does the same for predicted label ids of
///   ignored labels: they add to the row of the ground-truth class (its FN) but its
///   false positives only sum columns of evaluated labels.
///
/// Counts are integers, so matrices accumulated on several threads and merged give
/// the same result in any order.
public struct ConfusionMatrix: Equatable, Sendable, Codable {
    /// Number of classes (rows and columns).
    public let classCount: Int
    /// `classCount * classCount` counts, row-major: `counts[gt * classCount + predicted]`.
    public private(set) var counts: [Int64]
    /// Per ground-truth class: pixels predicted as a value outside `0..<classCount`.
    public private(set) var voidPredictions: [Int64]
    /// Pixels skipped because their ground truth lies outside `0..<classCount`.
    public private(set) var ignoredPixels: Int64

    /// An empty matrix over `classCount` classes (default: the 19 Cityscapes train ids).
    public init(classCount: Int = CityscapesLabels.evaluatedClassCount) {
        precondition(classCount > 0 && classCount <= 255,
                     "ConfusionMatrix: classCount must be in 1...255, got \(classCount)")
        self.classCount = classCount
        counts = [Int64](repeating: 0, count: classCount * classCount)
        voidPredictions = [Int64](repeating: 0, count: classCount)
        ignoredPixels = 0
    }

    /// Decodes a matrix, checking that the count arrays fit `classCount`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        classCount = try container.decode(Int.self, forKey: .classCount)
        counts = try container.decode([Int64].self, forKey: .counts)
        voidPredictions = try container.decode([Int64].self, forKey: .voidPredictions)
        ignoredPixels = try container.decode(Int64.self, forKey: .ignoredPixels)
        guard classCount > 0, counts.count == classCount * classCount, voidPredictions.count == classCount else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "confusion matrix of \(classCount) classes needs \(classCount * classCount) "
                    + "counts and \(classCount) void counts, got \(counts.count) and \(voidPredictions.count)"))
        }
    }

    /// Adds one image: `predicted` and `groundTruth` are train ids of the same pixels
    /// (any layout, e.g. H x W row-major), equal in length.
    public mutating func add(predicted: UnsafeBufferPointer<UInt8>,
                             groundTruth: UnsafeBufferPointer<UInt8>) {
        precondition(predicted.count == groundTruth.count,
                     "ConfusionMatrix.add: \(predicted.count) predicted pixels but "
                     + "\(groundTruth.count) ground-truth pixels")
        let n = classCount
        var ignored: Int64 = 0
        counts.withUnsafeMutableBufferPointer { cells in
            voidPredictions.withUnsafeMutableBufferPointer { void in
                for i in 0..<predicted.count {
                    let gt = Int(groundTruth[i])
                    guard gt < n else { ignored += 1; continue }
                    let p = Int(predicted[i])
                    if p < n {
                        cells[gt * n + p] += 1
                    } else {
                        void[gt] += 1
                    }
                }
            }
        }
        ignoredPixels += ignored
    }

    /// Adds one image given as arrays of train ids (see `add(predicted:groundTruth:)`).
    public mutating func add(predicted: [UInt8], groundTruth: [UInt8]) {
        predicted.withUnsafeBufferPointer { p in
            groundTruth.withUnsafeBufferPointer { g in add(predicted: p, groundTruth: g) }
        }
    }

    /// Adds every count of `other`, which must have the same class count.
    public mutating func merge(_ other: ConfusionMatrix) {
        precondition(other.classCount == classCount,
                     "ConfusionMatrix.merge: \(other.classCount) classes vs \(classCount)")
        for i in 0..<counts.count { counts[i] += other.counts[i] }
        for c in 0..<classCount { voidPredictions[c] += other.voidPredictions[c] }
        ignoredPixels += other.ignoredPixels
    }

    /// The sum of two matrices over the same classes.
    public static func + (a: ConfusionMatrix, b: ConfusionMatrix) -> ConfusionMatrix {
        var sum = a
        sum.merge(b)
        return sum
    }

    /// The count of pixels of ground-truth class `gt` predicted as class `predicted`.
    public func count(groundTruth gt: Int, predicted: Int) -> Int64 {
        counts[gt * classCount + predicted]
    }

    /// Pixels of class `c` predicted as `c`.
    public func truePositives(_ c: Int) -> Int64 { count(groundTruth: c, predicted: c) }

    /// Pixels of another evaluated class predicted as `c`.
    public func falsePositives(_ c: Int) -> Int64 {
        var sum: Int64 = 0
        for gt in 0..<classCount where gt != c { sum += count(groundTruth: gt, predicted: c) }
        return sum
    }

    /// Pixels of class `c` predicted as anything else (another class or void).
    public func falseNegatives(_ c: Int) -> Int64 { groundTruthPixels(c) - truePositives(c) }

    /// Evaluated pixels whose ground truth is class `c` (row total, void predictions included).
    public func groundTruthPixels(_ c: Int) -> Int64 {
        var sum = voidPredictions[c]
        for p in 0..<classCount { sum += count(groundTruth: c, predicted: p) }
        return sum
    }

    /// All evaluated pixels (ground truth in `0..<classCount`).
    public var evaluatedPixels: Int64 {
        counts.reduce(0, +) + voidPredictions.reduce(0, +)
    }

    /// Correctly predicted pixels (the diagonal).
    public var correctPixels: Int64 {
        var sum: Int64 = 0
        for c in 0..<classCount { sum += truePositives(c) }
        return sum
    }
}
