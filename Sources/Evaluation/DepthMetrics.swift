import Foundation

/// Depth errors of monodepth2's evaluation: per image, pixels with ground truth in
/// (minDepth, maxDepth) count; the prediction is scaled by median(gt) / median(pred)
/// over them (self-supervised depth has no metric scale) and clamped to
/// [minDepth, maxDepth]; the dataset value is the mean of the per-image values.
public struct DepthMetrics: Equatable, Sendable, Codable {
    public var absRel: Double
    public var sqRel: Double
    /// Metres.
    public var rmse: Double
    public var rmseLog: Double
    /// Fractions of pixels with max(gt / pred, pred / gt) below 1.25, 1.25^2, 1.25^3.
    public var delta1: Double
    public var delta2: Double
    public var delta3: Double

    public init(absRel: Double, sqRel: Double, rmse: Double, rmseLog: Double,
                delta1: Double, delta2: Double, delta3: Double) {
        self.absRel = absRel
        self.sqRel = sqRel
        self.rmse = rmse
        self.rmseLog = rmseLog
        self.delta1 = delta1
        self.delta2 = delta2
        self.delta3 = delta3
    }

    /// The caps of monodepth2's evaluation, metres.
    public static let minDepth: Float = 1e-3
    public static let maxDepth: Float = 80

    /// The metrics of one image (predicted and ground-truth depth in metres, same
    /// size; ground truth 0 where unknown), and the median-scaling ratio used; nil
    /// when no pixel has valid ground truth.
    public static func image(predicted: UnsafePointer<Float>, groundTruth: UnsafePointer<Float>, count: Int,
                             minDepth: Float = minDepth, maxDepth: Float = maxDepth,
                             medianScaling: Bool = true) -> (metrics: DepthMetrics, ratio: Double)? {
        var gt: [Double] = [], pred: [Double] = []
        for i in 0..<count where groundTruth[i] > minDepth && groundTruth[i] < maxDepth {
            gt.append(Double(groundTruth[i]))
            pred.append(Double(predicted[i]))
        }
        guard !gt.isEmpty else { return nil }
        var ratio = 1.0
        if medianScaling {
            let mp = median(pred)
            ratio = mp > 0 ? median(gt) / mp : 1
        }
        let lo = Double(minDepth), hi = Double(maxDepth)
        var absRel = 0.0, sqRel = 0.0, se = 0.0, seLog = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        for i in gt.indices {
            let g = gt[i], p = min(max(pred[i] * ratio, lo), hi)
            let d = g - p
            absRel += abs(d) / g
            sqRel += d * d / g
            se += d * d
            let dl = log(g) - log(p)
            seLog += dl * dl
            let t = max(g / p, p / g)
            if t < 1.25 { a1 += 1 }
            if t < 1.25 * 1.25 { a2 += 1 }
            if t < 1.25 * 1.25 * 1.25 { a3 += 1 }
        }
        let n = Double(gt.count)
        return (DepthMetrics(absRel: absRel / n, sqRel: sqRel / n, rmse: (se / n).squareRoot(),
                             rmseLog: (seLog / n).squareRoot(), delta1: a1 / n, delta2: a2 / n, delta3: a3 / n), ratio)
    }

    /// The mean of per-image metrics.
    public static func mean(_ images: [DepthMetrics]) -> DepthMetrics? {
        guard !images.isEmpty else { return nil }
        let n = Double(images.count)
        func avg(_ f: (DepthMetrics) -> Double) -> Double { images.map(f).reduce(0, +) / n }
        return DepthMetrics(absRel: avg(\.absRel), sqRel: avg(\.sqRel), rmse: avg(\.rmse), rmseLog: avg(\.rmseLog),
                            delta1: avg(\.delta1), delta2: avg(\.delta2), delta3: avg(\.delta3))
    }

    /// The middle value (mean of the two middle values for even counts, as numpy).
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
