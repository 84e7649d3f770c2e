/// Matrix products on OpenBLAS.
extension Tensor {
    /// (M x K) x (K x N) -> (M x N); also batched (B x M x K) x (B x K x N).
    public func matmul(_ other: Tensor) -> Tensor {
        let a = self, b = other
        if a.rank == 3 && b.rank == 3 {
            precondition(a.shape[0] == b.shape[0] && a.shape[2] == b.shape[1],
                         "matmul: \(a.shape) x \(b.shape)")
            let (batch, m, k, n) = (a.shape[0], a.shape[1], a.shape[2], b.shape[2])
            let out = Tensor(uninitializedShape: [batch, m, n])
            for i in 0..<batch {
                BLAS.sgemm(m: m, n: n, k: k, a: a.data + i * m * k, lda: k,
                           b: b.data + i * k * n, ldb: n, c: out.data + i * m * n, ldc: n)
            }
            return Tensor.record("bmm", output: out, inputs: [a, b]) { g in
                if a.requiresGrad {
                    let ga = Tensor(uninitializedShape: a.shape)
                    for i in 0..<batch {
                        BLAS.sgemm(transB: true, m: m, n: k, k: n, a: g.data + i * m * n, lda: n,
                                   b: b.data + i * k * n, ldb: n, c: ga.data + i * m * k, ldc: k)
                    }
                    a.accumulateGrad(ga)
                }
                if b.requiresGrad {
                    let gb = Tensor(uninitializedShape: b.shape)
                    for i in 0..<batch {
                        BLAS.sgemm(transA: true, m: k, n: n, k: m, a: a.data + i * m * k, lda: k,
                                   b: g.data + i * m * n, ldb: n, c: gb.data + i * k * n, ldc: n)
                    }
                    b.accumulateGrad(gb)
                }
            }
        }
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                     "matmul: \(a.shape) x \(b.shape)")
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let out = Tensor(uninitializedShape: [m, n])
        BLAS.sgemm(m: m, n: n, k: k, a: a.data, lda: k, b: b.data, ldb: n, c: out.data, ldc: n)
        return Tensor.record("matmul", output: out, inputs: [a, b]) { g in
            if a.requiresGrad {
                let ga = Tensor(uninitializedShape: a.shape)
                BLAS.sgemm(transB: true, m: m, n: k, k: n, a: g.data, lda: n, b: b.data, ldb: n,
                           c: ga.data, ldc: k)
                a.accumulateGrad(ga)
            }
            if b.requiresGrad {
                let gb = Tensor(uninitializedShape: b.shape)
                BLAS.sgemm(transA: true, m: k, n: n, k: m, a: a.data, lda: k, b: g.data, ldb: n,
                           c: gb.data, ldc: n)
                b.accumulateGrad(gb)
            }
        }
    }
}
