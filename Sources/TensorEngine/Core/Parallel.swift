import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work splitting over the machine's cores with fixed, deterministic index ranges.
///
/// Every parallel loop in the engine goes through `Parallel.forEachChunk`, which cuts
/// `0..<count` into at most `threads` contiguous ranges whose bounds depend only on
/// `count` and `threads`. Reductions write one partial result per chunk and combine
/// them in chunk order, so results are bit-identical for a given thread count.
public enum Parallel {
    /// Number of worker threads for the engine's own loops (and for OpenBLAS).
    public nonisolated(unsafe) static var threads: Int = defaultThreads {
        didSet { BLAS.setThreads(threads) }
    }

    /// The THREEWAYS_THREADS environment variable, else the number of active cores.
    public static var defaultThreads: Int {
        if let text = getenvString("THREEWAYS_THREADS"), let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfoLite.activeProcessorCount)
    }

    /// Below this many elements of work a loop runs on the calling thread.
    public static let minimumGrain = 32_768

    /// Calls `body(chunkIndex, range)` for each of `chunkCount(count, grain)` ranges.
    @inlinable
    public static func forEachChunk(_ count: Int, grain: Int = minimumGrain,
                                    _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body(c, chunkRange(c, of: chunks, count: count))
        }
    }

    /// How many chunks `forEachChunk` uses for `count` items of at least `grain` each.
    @inlinable
    public static func chunkCount(_ count: Int, grain: Int = minimumGrain) -> Int {
        guard count > 0 else { return 0 }
        return max(1, min(threads, count / max(grain, 1)))
    }

    /// The `c`-th of `chunks` contiguous ranges covering `0..<count`.
    @inlinable
    public static func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lo = count * c / chunks
        let hi = count * (c + 1) / chunks
        return lo..<hi
    }
}


@usableFromInline func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

/// Core count without Foundation (keeps the engine's dependencies minimal).
enum ProcessInfoLite {
    static var activeProcessorCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
