import CBLAS
import CBLASRuntime

/// Thin, typed wrappers over OpenBLAS's single-precision routines (row-major).
public enum BLAS {
    /// Sets OpenBLAS's own thread count (called when `Parallel.threads` changes).
    public static func setThreads(_ n: Int) {
        _ = kernelsSelected
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// The kernel set OpenBLAS runs (e.g. "SkylakeX"); recorded with benchmark figures.
    public static var kernelName: String {
        _ = kernelsSelected
        return String(cString: tw_blas_kernel_name())
    }

    /// One-time check that OpenBLAS uses kernels matching the CPU (see
    /// blas_runtime.h), then the engine's thread count. Touched before every product.
    @usableFromInline static let kernelsSelected: Bool = {
        let switched = tw_blas_select_kernels() == 1
        openblas_set_num_threads(Int32(max(1, Parallel.threads)))
        return switched
    }()

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
        if k == 0 {
            // BLAS leaves C untouched when k == 0 only if beta == 1; make it explicit.
            if beta == 0 { c.update(repeating: 0, count: (m - 1) * ldc + n) }
            else if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } } }
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
