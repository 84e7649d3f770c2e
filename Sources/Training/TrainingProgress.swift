/// A snapshot of a training loop for progress displays: where it is, how fast it goes
/// and what the loss does.
public struct TrainingProgress: Sendable {
    /// The phase, e.g. "depth phase 1" or "segmentation".
    public var phase: String
    /// Completed steps and the total of the phase.
    public var step: Int
    public var totalSteps: Int
    /// The latest loss terms by name ("total" first when present).
    public var losses: [(name: String, value: Float)]
    /// Steps per second over the recent window.
    public var stepsPerSecond: Double
    /// Estimated seconds to the end of the phase.
    public var secondsRemaining: Double

    public init(phase: String, step: Int, totalSteps: Int, losses: [(name: String, value: Float)],
                stepsPerSecond: Double, secondsRemaining: Double) {
        self.phase = phase
        self.step = step
        self.totalSteps = totalSteps
        self.losses = losses
        self.stepsPerSecond = stepsPerSecond
        self.secondsRemaining = secondsRemaining
    }
}

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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on a monotonic clock (for durations only).
public enum MonotonicClock {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
