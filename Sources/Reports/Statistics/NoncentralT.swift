import Foundation

/// The non-central t distribution (degrees of freedom v > 0, non-centrality delta): the
/// distribution of (Z + delta) / sqrt(V / v), Z standard normal and V chi-squared with v
/// degrees of freedom; the t statistic of a paired test when the true mean difference
/// is delta x sigma / sqrt(n). Cumulative distribution by Lenth's series (Applied
/// Statistics algorithm AS 243), checked against SciPy's `nct.cdf` in the tests.
public struct NoncentralT: Sendable {
    public let degreesOfFreedom: Double
    public let noncentrality: Double

    public init(degreesOfFreedom: Double, noncentrality: Double) {
        precondition(degreesOfFreedom > 0, "NoncentralT: degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
        self.noncentrality = noncentrality
    }

    /// P(T <= t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN || noncentrality.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        // For t < 0: P(T <= t; delta) = 1 - P(T <= -t; -delta) by symmetry.
        let negative = t < 0
        let tt = negative ? -t : t
        let delta = negative ? -noncentrality : noncentrality
        let v = degreesOfFreedom
        var total = 0.0
        let x = tt * tt / (tt * tt + v)
        if x > 0 {
            // The Poisson-weighted series of incomplete beta functions, odd and even terms.
            let lambda = delta * delta
            var p = 0.5 * exp(-0.5 * lambda)
            var q = (2 / Double.pi).squareRoot() * p * delta
            var remaining = 0.5 - p
            var a = 0.5
            let b = 0.5 * v
            let rxb = pow(1 - x, b)
            let logBeta = 0.5 * log(Double.pi) + lgamma(b) - lgamma(0.5 + b)
            var xOdd = SpecialFunctions.regularizedIncompleteBeta(x, a, b)
            var gOdd = 2 * rxb * exp(a * log(x) - logBeta)
            var xEven = 1 - rxb
            var gEven = b * x * rxb
            total = p * xOdd + q * xEven
            var term = 1.0
            while term <= 10_000 {
                a += 1
                xOdd -= gOdd
                xEven -= gEven
                gOdd *= x * (a + b - 1) / a
                gEven *= x * (a + b - 0.5) / (a + 0.5)
                p *= lambda / (2 * term)
                q *= lambda / (2 * term + 1)
                remaining -= p
                term += 1
                total += p * xOdd + q * xEven
                if 2 * remaining * (xOdd - gOdd) <= 1e-14 { break }
            }
        }
        total += SpecialFunctions.normalCDF(-delta)
        let result = negative ? 1 - total : total
        return min(1, max(0, result))
    }
}
