import CBLAS

/// Thin, typed wrappers over OpenBLAS's single-precision routines (row-major).
public enum BLAS {
    /// Sets OpenBLAS's own thread count (called when `Parallel.threads` changes).
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

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
