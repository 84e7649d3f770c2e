import Foundation

/// Scores predicted depth against ground truth per image, in metres: picks the valid
/// ground-truth pixels, median-scales and caps the prediction as
/// `DepthEvaluationSettings` says, and computes `DepthErrors` (monodepth2's
/// `compute_errors`).
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
