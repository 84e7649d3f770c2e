#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timing with a monotonic clock.
enum Timing {
    /// Seconds since an arbitrary fixed point.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Median seconds of `repeats` calls of `body` after two warm-up calls.
    static func median(repeats: Int, _ body: () -> Void) -> Double {
        body(); body()
        var samples: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = now()
            body()
            samples.append(now() - start)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// Peak resident set size of this process in bytes (Linux: VmHWM).
    static func peakResidentBytes() -> Int? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, f) != nil {
            let text = String(cString: line)
            if text.hasPrefix("VmHWM:") {
                let digits = text.filter(\.isNumber)
                return Int(digits).map { $0 * 1024 }
            }
        }
        return nil
    }
}
