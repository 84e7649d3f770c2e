#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident memory.
public enum PeakMemory {
    /// Bytes (Linux reports kilobytes in ru_maxrss).
    public static func residentBytes() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
