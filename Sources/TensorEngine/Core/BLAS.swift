import CBLAS
import CBLASRuntime

/// Thin, typed wrappers over OpenBLAS's single-precision routines (row-major).
///
/// One pool of threads runs the engine: OpenBLAS itself is kept single-threaded and
/// `sgemm` splits each product into at most `Parallel.threads` blocks of rows or columns
/// of C, each computed by one single-threaded OpenBLAS call on a thread of the engine's
/// pool. OpenBLAS's own workers never run, so no second set of threads spins in
/// `sched_yield` while the engine's loops run. The split depends only on the product's
/// shape and the thread count, and OpenBLAS runs the same kernel set on every x86-64 CPU
/// with the same vector ISA (see `kernelsSelected`), so products are bit-identical for a
/// given thread count on any such machine.
public enum BLAS {
    /// How products use threads: the engine's split (default), or OpenBLAS's own
    /// threads (`THREEWAYS_BLAS_THREADS=openblas`, kept for measuring the difference).
    public enum Threading: String, Sendable {
        case engine
        case openblas
    }

    /// The threading mode, read once from THREEWAYS_BLAS_THREADS.
    public static let threading: Threading = {
        getenvString("THREEWAYS_BLAS_THREADS").flatMap(Threading.init(rawValue:)) ?? .engine
    }()

    /// Sets OpenBLAS's own thread count (called when `Parallel.threads` changes): 1 unless
    /// the threading mode is `.openblas`.
    public static func setThreads(_ n: Int) {
        _ = kernelsSelected
        openblas_set_num_threads(Int32(threading == .openblas ? max(1, n) : 1))
    }

    /// The kernel set OpenBLAS runs (e.g. "SkylakeX"); recorded with benchmark figures.
    public static var kernelName: String {
        _ = kernelsSelected
        return String(cString: tw_blas_kernel_name())
    }

    /// Floating-point operations of the matrix products since the last call (2 m n k
    /// each); benchmarks use it to state a step's work.
    public static func takeFlopCount() -> Int { Int(tw_flops_read_and_reset()) }

    /// One-time selection of OpenBLAS's kernel set (see blas_runtime.h: the same set on
    /// every CPU of an ISA class), then the thread count. Touched before every product.
    @usableFromInline static let kernelsSelected: Bool = {
        let switched = tw_blas_select_kernels() == 1
        openblas_set_num_threads(Int32(threading == .openblas ? max(1, Parallel.threads) : 1))
        return switched
    }()

    /// The same product run by OpenBLAS's own threads (Parallel.threads of them): the
    /// reference a benchmark's ceiling is measured with. Restores the engine's setting.
    public static func sgemmWithOpenBLASThreads(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                                                b: UnsafePointer<Float>, ldb: Int,
                                                c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = kernelsSelected
        openblas_set_num_threads(Int32(max(1, Parallel.threads)))
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                    a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
        setThreads(Parallel.threads)
    }

    /// Below this many multiply-adds a product runs on the calling thread.
    @usableFromInline static let splitThreshold = 1 << 18

    /// C[m x n] = alpha * op(A) * op(B) + beta * C, row-major, where op(A) is m x k and
    /// op(B) is k x n. `lda`, `ldb`, `ldc` are row strides of the stored matrices.
    @inlinable
    public static func sgemm(transA: Bool = false, transB: Bool = false,
                             m: Int, n: Int, k: Int,
                             alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0,
                             c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        _ = kernelsSelected
        tw_flops_add(Int64(2 * m * n * k))
        if k == 0 {
            // BLAS leaves C untouched when k == 0 only if beta == 1; make it explicit.
            if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            else if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } } }
            return
        }
        let threads = threading == .engine ? Parallel.threads : 1
        guard threads > 1, m * n * k >= splitThreshold else {
            serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Split C into column blocks (multiples of 16: whole vector tiles) when it is wide
        // enough, else into row blocks; one block per thread.
        let columnBlocks = min(threads, n / 64)
        let rowBlocks = min(threads, m / 16)
        if columnBlocks >= rowBlocks && columnBlocks > 1 {
            let tiles = (n + 15) / 16
            Parallel.forEachChunk(columnBlocks, grain: 1) { _, range in
                for block in range {
                    let lo = min(n, tiles * block / columnBlocks * 16), hi = min(n, tiles * (block + 1) / columnBlocks * 16)
                    guard hi > lo else { continue }
                    serial(transA, transB, m, hi - lo, k, alpha, a, lda,
                           transB ? b + lo * ldb : b + lo, ldb, beta, c + lo, ldc)
                }
            }
        } else if rowBlocks > 1 {
            Parallel.forEachChunk(rowBlocks, grain: 1) { _, range in
                for block in range {
                    let lo = m * block / rowBlocks, hi = m * (block + 1) / rowBlocks
                    guard hi > lo else { continue }
                    serial(transA, transB, hi - lo, n, k, alpha, transA ? a + lo : a + lo * lda, lda,
                           b, ldb, beta, c + lo * ldc, ldc)
                }
            }
        } else {
            serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// One OpenBLAS call on the calling thread.
    @usableFromInline
    static func serial(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                       _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                       _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
