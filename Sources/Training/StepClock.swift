/// Step timing for progress and timing records: an exponential moving average of the
/// step rate for the ETA, and every step's duration for medians and percentiles.
public struct StepClock {
    private var last: Double
    private var averageSeconds: Double?
    /// Duration of every step timed so far, seconds.
    public private(set) var durations: [Double] = []

    public init(now: Double = MonotonicClock.seconds()) { last = now }

    /// Marks the end of a step.
    public mutating func tick(now: Double = MonotonicClock.seconds()) {
        let d = now - last
        last = now
        durations.append(d)
        averageSeconds = averageSeconds.map { 0.9 * $0 + 0.1 * d } ?? d
    }

    /// Recent steps per second (0 before the first step).
    public var stepsPerSecond: Double { averageSeconds.map { $0 > 0 ? 1 / $0 : 0 } ?? 0 }

    /// Seconds for `steps` more steps at the recent rate.
    public func secondsFor(steps: Int) -> Double { (averageSeconds ?? 0) * Double(steps) }

    /// The q-quantile (0...1) of the step durations, seconds (nearest rank).
    public func quantile(_ q: Double) -> Double? {
        guard !durations.isEmpty else { return nil }
        let sorted = durations.sorted()
        return sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))]
    }
}
