import CWorkerPool
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
///
/// The chunks run on the engine's one pool of threads (`CWorkerPool`: the caller plus
/// `threads - 1` workers that spin briefly between jobs and then sleep), which also runs
/// the blocks of every matrix product (`BLAS.sgemm`); OpenBLAS's own threads stay idle.
public enum Parallel {
    /// Number of threads for the engine's loops and matrix products.
    public nonisolated(unsafe) static var threads: Int = defaultThreads {
        didSet {
            tw_pool_set_threads(Int32(threads))
            BLAS.setThreads(threads)
        }
    }

    /// Configures the pool once, before the first parallel loop.
    @usableFromInline static let poolConfigured: Bool = {
        tw_pool_set_threads(Int32(threads))
        return true
    }()

    /// The THREEWAYS_THREADS environment variable, else the number of active cores.
    public static var defaultThreads: Int {
        if let text = getenvString("THREEWAYS_THREADS"), let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfoLite.activeProcessorCount)
    }

    /// Elements of simple streaming work (a few operations each) per chunk: below this
    /// a loop runs on the calling thread. With the pool's sub-microsecond hand-over,
    /// 4096 elements (a few microseconds) already pay for a second thread. Loops with more
    /// work per element scale it down (e.g. `spatialGrain(perItem:)`).
    public static let minimumGrain = 4_096

    /// Calls `body(chunkIndex, range)` for each of `chunkCount(count, grain)` ranges.
    @inlinable
    public static func forEachChunk(_ count: Int, grain: Int = minimumGrain,
                                    _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        _ = poolConfigured
        withoutActuallyEscaping(body) { escapable in
            var job = ChunkJob(body: escapable, chunks: chunks, count: count)
            withUnsafeMutablePointer(to: &job) { pointer in
                tw_pool_run(chunks, { context, chunk in
                    let job = context!.assumingMemoryBound(to: ChunkJob.self)
                    let c = Int(chunk)
                    job.pointee.body(c, Parallel.chunkRange(c, of: job.pointee.chunks, count: job.pointee.count))
                }, pointer)
            }
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


/// A loop handed to the worker pool.
@usableFromInline struct ChunkJob {
    @usableFromInline let body: (Int, Range<Int>) -> Void
    @usableFromInline let chunks: Int
    @usableFromInline let count: Int

    @usableFromInline init(body: @escaping (Int, Range<Int>) -> Void, chunks: Int, count: Int) {
        self.body = body
        self.chunks = chunks
        self.count = count
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
