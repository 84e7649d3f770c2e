import TensorEngine

/// OpenBLAS's sgemm rate on a large square product (2048^3, row-major, its own threads
/// at `threads`): the ceiling a step's effective rate is compared against.
enum SgemmCeiling {
    static func measure(threads: Int, size: Int = 2048, repeats: Int = 5) -> Double {
        Parallel.threads = threads
        var rng = RandomGenerator(seed: 9)
        let a = Tensor.uniform([size, size], -1, 1, rng: &rng)
        let b = Tensor.uniform([size, size], -1, 1, rng: &rng)
        let c = Tensor(uninitializedShape: [size, size])
        var best = Double.infinity
        for _ in 0..<repeats + 1 {
            let start = Timing.now()
            BLAS.sgemmWithOpenBLASThreads(m: size, n: size, k: size, a: a.data, lda: size, b: b.data, ldb: size,
                                          c: c.data, ldc: size)
            best = min(best, Timing.now() - start)
        }
        _ = BLAS.takeFlopCount()
        return 2 * Double(size * size * size) / best / 1e9
    }
}
