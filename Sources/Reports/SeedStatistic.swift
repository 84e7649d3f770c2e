import Foundation

/// Mean and sample standard deviation of a metric over seeds.
public struct SeedStatistic: Equatable, Sendable {
    public var mean: Double
    /// Sample standard deviation (n - 1); 0 for a single seed.
    public var std: Double
    public var seeds: Int

    public init(_ values: [Double]) {
        seeds = values.count
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        if values.count > 1 {
            let m = mean
            std = (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        } else {
            std = 0
        }
    }

    /// "62.3 ± 0.4 (3)" for fractions shown as percentages, or raw with `scale` 1.
    public func formatted(scale: Double = 100, digits: Int = 1) -> String {
        guard seeds > 0, mean.isFinite else { return "-" }
        let f = "%.\(digits)f"
        return String(format: f, mean * scale) + " ± " + String(format: f, std * scale) + " (\(seeds))"
    }
}
