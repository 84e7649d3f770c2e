import Foundation

/// The statistics of one claim from paired runs (same subset size and seed): the paired
/// differences (better - worse, in any unit, e.g. mIoU points), their mean, sample
/// standard deviation, count, and a Student-t confidence interval for the mean
/// difference; the verdict the interval supports; and the number of seed pairs a
/// paired t-test would need to detect a given effect at the observed spread.
public struct PairedComparison: Equatable, Sendable {
    /// What the interval says about "better > worse".
    public enum Verdict: String, Sendable {
        /// The whole interval lies above 0.
        case confirmed
        /// The whole interval lies below 0.
        case contradicted
        /// The interval contains 0, or there is no interval (one pair).
        case inconclusive
    }

    /// The seed pairs needed to detect an effect.
    public enum SampleSize: Equatable, Sendable {
        case seeds(Int)
        /// More than the search limit.
        case moreThan(Int)
        /// Why it cannot be estimated (fewer than 2 pairs, or an effect that is not positive).
        case cannotEstimate(String)

        public var text: String {
            switch self {
            case .seeds(let n): return "\(n)"
            case .moreThan(let n): return "more than \(n)"
            case .cannotEstimate(let why): return "cannot estimate (\(why))"
            }
        }
    }

    public let differences: [Double]
    /// The confidence level of `interval`, e.g. 0.95.
    public let confidence: Double

    public init(differences: [Double], confidence: Double = 0.95) {
        precondition(confidence > 0 && confidence < 1, "PairedComparison: confidence must lie in (0, 1)")
        self.differences = differences
        self.confidence = confidence
    }

    public var count: Int { differences.count }

    public var mean: Double {
        differences.isEmpty ? .nan : differences.reduce(0, +) / Double(differences.count)
    }

    /// Sample standard deviation (n - 1); nil below 2 pairs.
    public var standardDeviation: Double? {
        guard count > 1 else { return nil }
        let m = mean
        return (differences.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(count - 1)).squareRoot()
    }

    /// mean ± t_{(1 + confidence) / 2, n - 1} x sd / sqrt(n); nil below 2 pairs.
    public var interval: ClosedRange<Double>? {
        guard let sd = standardDeviation else { return nil }
        let t = StudentT(degreesOfFreedom: Double(count - 1)).quantile(0.5 + confidence / 2)
        let half = t * sd / Double(count).squareRoot()
        return (mean - half)...(mean + half)
    }

    public var verdict: Verdict {
        guard let interval else { return .inconclusive }
        if interval.lowerBound > 0 { return .confirmed }
        if interval.upperBound < 0 { return .contradicted }
        return .inconclusive
    }

    /// Whether the interval contains `value` (nil without an interval).
    public func intervalContains(_ value: Double) -> Bool? {
        interval.map { $0.contains(value) }
    }

    /// Power of a two-sided paired t-test at level `alpha` with `n` pairs when the true
    /// mean difference is `effect` and the differences' standard deviation `sd`:
    /// P(|T| > t_{1 - alpha/2, n-1}) with T non-central t (n - 1, effect / sd x sqrt(n)).
    public static func power(pairs n: Int, effect: Double, sd: Double, alpha: Double = 0.05) -> Double {
        precondition(n >= 2, "PairedComparison.power: needs at least 2 pairs")
        if sd == 0 { return effect == 0 ? alpha : 1 }
        let df = Double(n - 1)
        let critical = StudentT(degreesOfFreedom: df).quantile(1 - alpha / 2)
        let delta = effect / sd * Double(n).squareRoot()
        // Beyond about 37 the series' weights underflow; the power is 1 to double precision there.
        if abs(delta) > 37 { return 1 }
        let t = NoncentralT(degreesOfFreedom: df, noncentrality: delta)
        return (1 - t.cdf(critical)) + t.cdf(-critical)
    }

    /// The smallest number of seed pairs (at least 2) for which a two-sided paired t-test
    /// at level `alpha` reaches `power` against `effect`, taking this comparison's sample
    /// standard deviation as the true one.
    public func seedsNeeded(toDetect effect: Double, alpha: Double = 0.05, power target: Double = 0.8,
                            limit: Int = 10_000) -> SampleSize {
        guard let sd = standardDeviation else { return .cannotEstimate("one seed: no spread") }
        return Self.seedsNeeded(toDetect: effect, sd: sd, alpha: alpha, power: target, limit: limit)
    }

    /// The same for a given standard deviation of the paired differences.
    public static func seedsNeeded(toDetect effect: Double, sd: Double, alpha: Double = 0.05, power target: Double = 0.8,
                                   limit: Int = 10_000) -> SampleSize {
        guard effect.isFinite, effect != 0 else { return .cannotEstimate("no effect to detect") }
        // Power grows with n; find a bracket by doubling, then bisect.
        if Self.power(pairs: 2, effect: effect, sd: sd, alpha: alpha) >= target { return .seeds(2) }
        var lo = 2, hi = 4
        while Self.power(pairs: hi, effect: effect, sd: sd, alpha: alpha) < target {
            lo = hi
            hi *= 2
            if hi > limit {
                if Self.power(pairs: limit, effect: effect, sd: sd, alpha: alpha) < target { return .moreThan(limit) }
                hi = limit
                break
            }
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if Self.power(pairs: mid, effect: effect, sd: sd, alpha: alpha) >= target { hi = mid } else { lo = mid }
        }
        return .seeds(hi)
    }
}
