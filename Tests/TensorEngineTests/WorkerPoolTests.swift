import Foundation
import XCTest
@testable import TensorEngine

/// The engine's worker pool and the products it splits: every chunk runs exactly once,
/// nested and concurrent loops stay correct, and a split product equals OpenBLAS's own
/// on random shapes (transposes, odd sizes, leading dimensions wider than the matrix).
final class WorkerPoolTests: XCTestCase {
    override func tearDown() { Parallel.threads = Parallel.defaultThreads }

    func testEveryChunkRunsOnceAtEveryThreadCount() {
        for threads in [1, 2, 3, 5] {
            Parallel.threads = threads
            for count in [0, 1, 7, 8_192, 8_193, 100_003] {
                var hits = [Int](repeating: 0, count: count)
                hits.withUnsafeMutableBufferPointer { h in
                    let p = h.baseAddress
                    for _ in 0..<3 {
                        Parallel.forEachChunk(count, grain: 1_000) { _, range in
                            for i in range { p![i] += 1 }
                        }
                    }
                }
                XCTAssertEqual(hits.filter { $0 != 3 }.count, 0, "threads \(threads), count \(count)")
            }
        }
    }

    func testNestedAndConcurrentLoopsComplete() {
        Parallel.threads = 2
        let outer = 64, inner = 50_000
        var sums = [Double](repeating: 0, count: outer)
        sums.withUnsafeMutableBufferPointer { s in
            let p = s.baseAddress!
            Parallel.forEachChunk(outer, grain: 1) { _, range in
                for o in range {
                    // A nested loop runs serially inside the worker that owns the chunk.
                    var partial = [Double](repeating: 0, count: 4)
                    partial.withUnsafeMutableBufferPointer { q in
                        let qp = q.baseAddress!
                        Parallel.forEachChunk(inner, grain: inner / 4) { c, r in qp[c] = Double(r.count) }
                    }
                    p[o] = partial.reduce(0, +)
                }
            }
        }
        XCTAssertEqual(sums, [Double](repeating: Double(inner), count: outer))
        // Two threads submitting at once: one gets the pool, the other runs serially.
        let group = DispatchGroup()
        nonisolated(unsafe) let results = UnsafeMutablePointer<Double>.allocate(capacity: 2)
        defer { results.deallocate() }
        for t in 0..<2 {
            DispatchQueue.global().async(group: group) {
                var total = 0.0
                for _ in 0..<200 {
                    let values = Tensor(repeating: 1, shape: [40_000])
                    total += Kernels.sum(values.data, count: values.count)
                }
                results[t] = total
            }
        }
        group.wait()
        XCTAssertEqual(results[0], 8_000_000)
        XCTAssertEqual(results[1], 8_000_000)
    }

    func testSplitProductsEqualOpenBLASOnRandomShapes() {
        var rng = RandomGenerator(seed: 3)
        let shapes = [(16, 1024, 144), (64, 8192, 576), (3, 70_000, 27), (513, 200, 77), (1, 9000, 300),
                      (300, 64, 1000), (17, 2049, 65)]
        for threads in [2, 3] {
            Parallel.threads = threads
            for (m, n, k) in shapes {
                for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                    let lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 5, ldc = n + 2
                    let a = Tensor.uniform([(transA ? k : m) * lda], -1, 1, rng: &rng)
                    let b = Tensor.uniform([(transB ? n : k) * ldb], -1, 1, rng: &rng)
                    let c0 = Tensor.uniform([m * ldc], -1, 1, rng: &rng)
                    let split = c0.copy(), whole = c0.copy()
                    BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: lda,
                               b: b.data, ldb: ldb, beta: 0.25, c: split.data, ldc: ldc)
                    BLAS.serial(transA, transB, m, n, k, 0.5, a.data, lda, b.data, ldb, 0.25, whole.data, ldc)
                    var worst: Float = 0
                    for i in 0..<m {
                        for j in 0..<n {
                            let x = split.data[i * ldc + j], y = whole.data[i * ldc + j]
                            worst = max(worst, abs(x - y) / max(1, abs(y)))
                        }
                        // The padding between rows is untouched.
                        for j in n..<ldc { XCTAssertEqual(split.data[i * ldc + j], c0.data[i * ldc + j]) }
                    }
                    XCTAssertLessThan(worst, 1e-5, "\(m)x\(n)x\(k) tA \(transA) tB \(transB) threads \(threads)")
                }
            }
        }
    }

    func testSplitProductsAreBitIdenticalAcrossRuns() {
        Parallel.threads = 2
        var rng = RandomGenerator(seed: 4)
        let (m, n, k) = (64, 4096, 576)
        let a = Tensor.uniform([m, k], -1, 1, rng: &rng), b = Tensor.uniform([k, n], -1, 1, rng: &rng)
        var first: [UInt32]?
        for _ in 0..<5 {
            let c = Tensor(uninitializedShape: [m, n])
            BLAS.sgemm(m: m, n: n, k: k, a: a.data, lda: k, b: b.data, ldb: n, c: c.data, ldc: n)
            let bits = c.scalars.map(\.bitPattern)
            if let first { XCTAssertEqual(bits, first) } else { first = bits }
        }
    }

    func testKernelSetIsTheOneOfTheISA() {
        // The kernels are chosen by vector ISA, not by CPU model (see blas_runtime.h).
        let name = BLAS.kernelName
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            #if arch(x86_64)
            XCTAssert(["SkylakeX", "Haswell"].contains(name), "OpenBLAS runs \(name)")
            #endif
        }
    }
}
