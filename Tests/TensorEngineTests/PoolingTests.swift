import XCTest
@testable import TensorEngine
import EngineTestSupport

final class PoolingTests: XCTestCase {
    /// 1 x 1 x 4 x 4:
    ///   1 5 2 0
    ///   3 4 8 7
    ///   1 0 1 2
    ///   6 6 3 4
    private func grid4x4(requiresGrad: Bool = false) -> Tensor {
        Tensor([1, 5, 2, 0, 3, 4, 8, 7, 1, 0, 1, 2, 6, 6, 3, 4], shape: [1, 1, 4, 4], requiresGrad: requiresGrad)
    }

    /// Distinct values 0.01 apart in random order, so no finite-difference step of 1e-3
    /// changes which element of a window is the maximum.
    private func distinctTensor(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let count = shape.reduce(1, *)
        let values = rng.permutation(count).map { Float($0 - count / 2) * 0.01 }
        return Tensor(values, shape: shape, requiresGrad: true)
    }

    func testMaxPoolByHand() {
        let x = grid4x4(requiresGrad: true)
        let y = x.maxPool2d(kernelSize: 2)
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.scalars, [5, 8, 6, 4])
        y.sum().backward()
        // The bottom-left window holds 6 twice: the first (row 3, column 0) gets the gradient.
        XCTAssertEqual(x.grad?.scalars, [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1])

        // Kernel 3, stride 2, padding 1: windows rows/cols {0,1} and {1,2,3}; both right
        // windows pick the 8 at (1, 2), whose gradient therefore sums to 2.
        x.zeroGrad()
        let z = x.maxPool2d(kernelSize: 3, stride: 2, padding: 1)
        XCTAssertEqual(z.scalars, [5, 8, 6, 8])
        z.sum().backward()
        XCTAssertEqual(x.grad?.scalars, [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0])
    }

    func testMaxPoolPaddingIsMinusInfinity() {
        let x = Tensor([-5, -6, -7, -8], shape: [1, 1, 2, 2])
        // Every window of kernel 2, stride 1, padding 1 overlaps the padding; padding never wins.
        XCTAssertEqual(x.maxPool2d(kernelSize: 2, stride: 1, padding: 1).scalars,
                       [-5, -5, -6, -5, -5, -6, -7, -7, -8])
    }

    func testAvgPoolByHand() {
        let x = grid4x4()
        XCTAssertEqual(x.avgPool2d(kernelSize: 2).scalars, [3.25, 4.25, 3.25, 2.5]) // sums 13, 17, 13, 10
        // Windows rows/cols {pad,0,1} and {1,2,3}: sums 13, 26, 20, 35.
        assertClose(x.avgPool2d(kernelSize: 3, stride: 2, padding: 1).scalars,
                    [Float(13) / 9, Float(26) / 9, Float(20) / 9, Float(35) / 9])
        assertClose(x.avgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false).scalars,
                    [Float(13) / 4, Float(26) / 6, Float(20) / 6, Float(35) / 9])
        // Separate (y, x) settings: kernel 1 x 4 averages whole rows.
        assertClose(x.avgPool2d(kernelSize: (1, 4), stride: (1, 1), padding: (0, 0)).scalars, [2, 5.5, 1, 4.75])
    }

    func testSSIMStyleAveragingOfAReflectionPaddedImage() {
        let x = grid4x4()
        let y = x.reflectionPad2d(1).avgPool2d(kernelSize: 3, stride: 1, padding: 0)
        XCTAssertEqual(y.shape, [1, 1, 4, 4])
        // Interior: the plain 3x3 mean around (1, 1).
        XCTAssertEqual(y.scalars[5], 25 / 9, accuracy: 1e-6)
        // Corner: rows and columns 1, 0, 1 (mirrored), i.e. 4 3 4 / 5 1 5 / 4 3 4: 33 / 9.
        XCTAssertEqual(y.scalars[0], 33 / 9, accuracy: 1e-6)
    }

    func testAdaptiveAvgPoolBins() {
        // 5 -> 3 bins: [0, 2), [1, 4), [3, 5) with means 0.5, 2, 3.5 of the index. For
        // x[r][c] = 5 r + c the mean over a bin pair is 5 m[i] + m[j].
        let x = Tensor((0..<25).map(Float.init), shape: [1, 1, 5, 5])
        let m: [Float] = [0.5, 2, 3.5]
        let y = x.adaptiveAvgPool2d(outputSize: 3)
        XCTAssertEqual(y.shape, [1, 1, 3, 3])
        assertClose(y.scalars, (0..<3).flatMap { i in (0..<3).map { j in 5 * m[i] + m[j] } })
        // 5 -> 1 row (the global mean), 5 -> 2 columns: bins [0, 3), [2, 5) with means 1 and 3.
        assertClose(x.adaptiveAvgPool2d(outputSize: (1, 2)).scalars, [5 * 2 + 1, 5 * 2 + 3])
        // Equal bins reduce to average pooling.
        let z = randomTensor([2, 3, 6, 8], seed: 3, requiresGrad: false)
        assertClose(z.adaptiveAvgPool2d(outputSize: (3, 4)).scalars, z.avgPool2d(kernelSize: 2).scalars)
    }

    func testMaxPoolGradients() {
        // (shape, kernel, stride, padding)
        let cases: [([Int], (Int, Int), (Int, Int), (Int, Int))] = [
            ([1, 2, 7, 5], (3, 3), (2, 2), (1, 1)), ([2, 3, 6, 9], (2, 2), (2, 2), (0, 0)),
            ([1, 2, 7, 5], (3, 2), (1, 2), (1, 0)), ([2, 1, 6, 9], (2, 3), (1, 1), (1, 1)),
        ]
        for (i, c) in cases.enumerated() {
            let x = distinctTensor(c.0, seed: UInt64(i))
            assertGradientsMatch([x], eps: 1e-3) { $0[0].maxPool2d(kernelSize: c.1, stride: c.2, padding: c.3) }
        }
    }

    func testAvgPoolGradients() {
        let cases: [([Int], (Int, Int), (Int, Int), (Int, Int))] = [
            ([1, 2, 7, 5], (3, 3), (2, 2), (1, 1)), ([2, 3, 6, 9], (3, 3), (1, 1), (0, 0)),
            ([2, 3, 6, 9], (2, 3), (2, 1), (1, 1)), ([1, 2, 7, 5], (4, 2), (3, 1), (2, 1)),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor(c.0, seed: UInt64(10 + i))
            for include in [true, false] {
                assertGradientsMatch([x]) {
                    $0[0].avgPool2d(kernelSize: c.1, stride: c.2, padding: c.3, countIncludePad: include)
                }
            }
        }
    }

    func testAdaptiveAvgPoolGradients() {
        let cases: [([Int], (Int, Int))] = [
            ([1, 2, 7, 5], (3, 2)), ([2, 3, 6, 9], (4, 4)), ([1, 1, 5, 5], (3, 3)), ([1, 2, 3, 4], (5, 6)),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor(c.0, seed: UInt64(20 + i))
            assertGradientsMatch([x]) { $0[0].adaptiveAvgPool2d(outputSize: c.1) }
        }
    }

    func testLargePoolsMatchAcrossThreadCounts() {
        // Enough planes to run in parallel; the result must not depend on the split.
        let x = randomTensor([4, 8, 40, 36], seed: 5)
        assertIndependentOfThreadCount {
            x.zeroGrad()
            let y = x.maxPool2d(kernelSize: 3, stride: 2, padding: 1).sum()
                + x.avgPool2d(kernelSize: 3, stride: 1, padding: 1).sum()
            y.backward()
            return x.grad!.scalars + [y.item]
        }
    }
}
