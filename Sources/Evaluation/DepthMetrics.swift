import Foundation

/// The standard monocular depth errors (Eigen et al.; monodepth2's `compute_errors`).
///
/// Over the valid pixels of an image, with ground truth g and prediction p in metres:
/// abs_rel = mean(|g - p| / g), sq_rel = mean((g - p)^2 / g), rmse = sqrt(mean((g - p)^2))
/// in metres, rmse_log = sqrt(mean((ln g - ln p)^2)), and a1, a2, a3 = the fraction of
/// pixels with max(g / p, p / g) below 1.25, 1.25^2, 1.25^3.
public struct DepthErrors: Codable, Equatable, Sendable {
    public var absRel: Double
    public var sqRel: Double
    /// Metres.
    public var rmse: Double
    public var rmseLog: Double
    public var a1: Double
    public var a2: Double
    public var a3: Double

    public init(absRel: Double, sqRel: Double, rmse: Double, rmseLog: Double,
                a1: Double, a2: Double, a3: Double) {
        self.absRel = absRel
        self.sqRel = sqRel
        self.rmse = rmse
        self.rmseLog = rmseLog
        self.a1 = a1
        self.a2 = a2
        self.a3 = a3
    }

    /// The errors in the usual column order: abs_rel, sq_rel, rmse, rmse_log, a1, a2, a3.
    public var columns: [Double] { [absRel, sqRel, rmse, rmseLog, a1, a2, a3] }

    /// Column names matching `columns`.
    public static let columnNames = ["abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"]

    /// The element-wise mean of per-image errors (monodepth2 averages images, not
    /// pixels); nil for an empty list.
    public static func mean(_ images: [DepthErrors]) -> DepthErrors? {
        guard !images.isEmpty else { return nil }
        var sums = [Double](repeating: 0, count: 7)
        for image in images {
            for (k, value) in image.columns.enumerated() { sums[k] += value }
        }
        let m = sums.map { $0 / Double(images.count) }
        return DepthErrors(absRel: m[0], sqRel: m[1], rmse: m[2], rmseLog: m[3], a1: m[4], a2: m[5], a3: m[6])
    }
}

/// How predicted depth is compared with ground truth.
///
/// Defaults follow monodepth2's evaluation and the reference's test caps
/// (`test_min_depth: 1.0e-3`, `test_max_depth: 80` in its Cityscapes configs): a
/// ground-truth pixel is valid when minDepth < g < maxDepth (strictly); the prediction
/// is multiplied by median(g) / median(p) over the valid pixels (median scaling, since
/// monocular depth has no metric scale) and then clamped to [minDepth, maxDepth]. No
/// crop is applied (the reference evaluates no depth crop; SynthCity has no ego car).
public struct DepthEvaluationSettings: Codable, Equatable, Sendable {
    /// Lower cap in metres.
    public var minDepth: Double
    /// Upper cap in metres.
    public var maxDepth: Double
    /// Whether predictions are median-scaled per image.
    public var medianScaling: Bool

    public init(minDepth: Double = 1e-3, maxDepth: Double = 80, medianScaling: Bool = true) {
        self.minDepth = minDepth
        self.maxDepth = maxDepth
        self.medianScaling = medianScaling
    }
}

/// Depth errors of one image, with the scale that was applied.
public struct DepthImageErrors: Codable, Equatable, Sendable {
    /// The errors over the valid pixels.
    public var errors: DepthErrors
    /// median(g) / median(p) over valid pixels (1 without median scaling).
    public var scale: Double
    /// Number of valid ground-truth pixels.
    public var validPixels: Int
}

/// Why one image's depth could not be scored.
public enum DepthMetricsError: Error, Equatable, Sendable {
    /// The prediction's median over valid pixels is not a positive finite number.
    case nonPositiveMedian(Double)
}

public enum DepthMetrics {
    /// Scores one image. `predicted` and `groundTruth` hold depth in metres for the same
    /// pixels (any layout, equal length); ground-truth pixels outside
    /// (minDepth, maxDepth), or NaN, are invalid (0 marks a missing measurement).
    /// Returns nil when no pixel is valid; throws when median scaling is impossible.
    public static func evaluate(predicted: UnsafeBufferPointer<Float>, groundTruth: UnsafeBufferPointer<Float>,
                                settings: DepthEvaluationSettings = DepthEvaluationSettings()) throws -> DepthImageErrors? {
        precondition(predicted.count == groundTruth.count,
                     "DepthMetrics.evaluate: \(predicted.count) predicted pixels but "
                     + "\(groundTruth.count) ground-truth pixels")
        var g: [Double] = []
        var p: [Double] = []
        for i in 0..<groundTruth.count {
            let depth = Double(groundTruth[i])
            if depth > settings.minDepth && depth < settings.maxDepth {
                g.append(depth)
                p.append(Double(predicted[i]))
            }
        }
        guard !g.isEmpty else { return nil }
        var scale = 1.0
        if settings.medianScaling {
            let predictedMedian = median(p)
            guard predictedMedian > 0, predictedMedian.isFinite else {
                throw DepthMetricsError.nonPositiveMedian(predictedMedian)
            }
            scale = median(g) / predictedMedian
        }
        var absRel = 0.0, sqRel = 0.0, squared = 0.0, squaredLog = 0.0
        var below1 = 0, below2 = 0, below3 = 0
        for i in 0..<g.count {
            let pi = min(max(p[i] * scale, settings.minDepth), settings.maxDepth)
            let gi = g[i]
            let difference = gi - pi
            absRel += abs(difference) / gi
            sqRel += difference * difference / gi
            squared += difference * difference
            let logDifference = log(gi) - log(pi)
            squaredLog += logDifference * logDifference
            let ratio = max(gi / pi, pi / gi)
            if ratio < 1.25 { below1 += 1 }
            if ratio < 1.25 * 1.25 { below2 += 1 }
            if ratio < 1.25 * 1.25 * 1.25 { below3 += 1 }
        }
        let n = Double(g.count)
        let errors = DepthErrors(absRel: absRel / n, sqRel: sqRel / n, rmse: (squared / n).squareRoot(),
                                 rmseLog: (squaredLog / n).squareRoot(), a1: Double(below1) / n,
                                 a2: Double(below2) / n, a3: Double(below3) / n)
        return DepthImageErrors(errors: errors, scale: scale, validPixels: g.count)
    }

    /// `evaluate` for arrays.
    public static func evaluate(predicted: [Float], groundTruth: [Float],
                                settings: DepthEvaluationSettings = DepthEvaluationSettings()) throws -> DepthImageErrors? {
        try predicted.withUnsafeBufferPointer { p in
            try groundTruth.withUnsafeBufferPointer { g in
                try evaluate(predicted: p, groundTruth: g, settings: settings)
            }
        }
    }

    /// The median as numpy computes it: the middle value, or the mean of the two
    /// middle values for an even count.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
