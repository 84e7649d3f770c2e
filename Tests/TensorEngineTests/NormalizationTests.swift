import XCTest
@testable import TensorEngine
import EngineTestSupport

final class NormalizationTests: XCTestCase {
    /// [N=2, C=2, H=1, W=2]: channel 0 holds 1, 2, 3, 4 (mean 2.5, biased var 1.25,
    /// unbiased 5/3); channel 1 holds 0, 0, 4, 8 (mean 3, biased var 11, unbiased 44/3).
    private func handCase() -> (x: Tensor, w: Tensor, b: Tensor) {
        (Tensor([1, 2, 0, 0, 3, 4, 4, 8], shape: [2, 2, 1, 2]),
         Tensor([2, 0.5], shape: [2]), Tensor([0, 1], shape: [2]))
    }

    func testTrainingForwardAndRunningStatsByHand() {
        let (x, w, b) = handCase()
        let rm = Tensor([0, 0], shape: [2]), rv = Tensor([1, 1], shape: [2])
        let y = x.batchNorm(weight: w, bias: b, runningMean: rm, runningVar: rv, training: true)
        let s0 = 2 / (1.25 + 1e-5).squareRoot(), s1 = 0.5 / (11 + 1e-5).squareRoot()
        let expected: [Double] = [(1 - 2.5) * s0, (2 - 2.5) * s0, (0 - 3) * s1 + 1, (0 - 3) * s1 + 1,
                                  (3 - 2.5) * s0, (4 - 2.5) * s0, (4 - 3) * s1 + 1, (8 - 3) * s1 + 1]
        assertClose(y.scalars, expected.map { Float($0) }, accuracy: 1e-6)
        // running = 0.9 running + 0.1 batch, with the unbiased variance.
        assertClose(rm.scalars, [0.25, 0.3], accuracy: 1e-7)
        assertClose(rv.scalars, [Float(0.9 + 0.1 * 5.0 / 3), Float(0.9 + 0.1 * 44.0 / 3)], accuracy: 1e-6)
        // A second step moves the buffers again (momentum 0.5 this time).
        _ = x.batchNorm(weight: w, bias: b, runningMean: rm, runningVar: rv, training: true, momentum: 0.5)
        assertClose(rm.scalars, [Float(0.5 * 0.25 + 0.5 * 2.5), Float(0.5 * 0.3 + 0.5 * 3)], accuracy: 1e-6)
    }

    func testEvalModeUsesRunningStatsAndLeavesThemAlone() {
        let (x, w, b) = handCase()
        let rm = Tensor([0.25, 0.3], shape: [2]), rv = Tensor([1.5, 4], shape: [2])
        let y = x.batchNorm(weight: w, bias: b, runningMean: rm, runningVar: rv, training: false, eps: 1e-3)
        let s0 = 2 / (1.5 + 1e-3).squareRoot(), s1 = 0.5 / (4 + 1e-3).squareRoot()
        let xs: [Double] = [1, 2, 0, 0, 3, 4, 4, 8]
        let expected = xs.enumerated().map { i, v -> Float in
            (i / 2) % 2 == 0 ? Float((v - 0.25) * s0) : Float((v - 0.3) * s1 + 1)
        }
        assertClose(y.scalars, expected, accuracy: 1e-6)
        XCTAssertEqual(rm.scalars, [0.25, 0.3])
        XCTAssertEqual(rv.scalars, [1.5, 4])
    }

    func testTwoDimensionalInputWithoutAffine() {
        // [N=3, C=2]: channel 0 = 1, 2, 6 (mean 3, var 14/3); channel 1 = 5, 5, 5 (var 0).
        let x = Tensor([1, 5, 2, 5, 6, 5], shape: [3, 2])
        let rm = Tensor.zeros([2]), rv = Tensor.ones([2])
        let y = x.batchNorm(weight: nil, bias: nil, runningMean: rm, runningVar: rv, training: true)
        let s = 1 / (14.0 / 3 + 1e-5).squareRoot()
        assertClose(y.scalars, [Float(-2 * s), 0, Float(-1 * s), 0, Float(3 * s), 0], accuracy: 1e-6)
        assertClose(rv.scalars, [Float(0.9 + 0.1 * 7), 0.9], accuracy: 1e-6)
    }

    func testTrainingGradients() {
        for (i, shape) in [[2, 3, 4, 5], [3, 4]].enumerated() {
            let c = shape[1]
            let x = randomTensor(shape, -2, 2, seed: UInt64(10 + i))
            let w = randomTensor([c], 0.5, 1.5, seed: UInt64(20 + i))
            let b = randomTensor([c], seed: UInt64(30 + i))
            let rm = Tensor.zeros([c]), rv = Tensor.ones([c])
            assertGradientsMatch([x, w, b], eps: 1e-3) {
                $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: rm, runningVar: rv, training: true)
            }
            assertGradientsMatch([x], eps: 1e-3) {
                $0[0].batchNorm(weight: nil, bias: nil, runningMean: rm, runningVar: rv, training: true)
            }
        }
    }

    func testEvalGradients() {
        for (i, shape) in [[2, 3, 4, 5], [3, 4]].enumerated() {
            let c = shape[1]
            let x = randomTensor(shape, -2, 2, seed: UInt64(40 + i))
            let w = randomTensor([c], 0.5, 1.5, seed: UInt64(50 + i))
            let b = randomTensor([c], seed: UInt64(60 + i))
            let rm = randomTensor([c], seed: 70, requiresGrad: false)
            let rv = randomTensor([c], 0.5, 2, seed: 71, requiresGrad: false)
            assertGradientsMatch([x, w, b], eps: 1e-3) {
                $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: rm, runningVar: rv, training: false)
            }
        }
    }

    func testLargeInputIsIndependentOfThreadCount() {
        // Enough values per channel that the channels are split across threads.
        let x = randomTensor([4, 6, 64, 64], seed: 3)
        let w = randomTensor([6], seed: 4), b = randomTensor([6], seed: 5)
        assertIndependentOfThreadCount {
            x.zeroGrad(); w.zeroGrad()
            let y = x.batchNorm(weight: w, bias: b, runningMean: Tensor.zeros([6]),
                                runningVar: Tensor.ones([6]), training: true)
            (y * y * x).sum().backward()
            return y.scalars + x.grad!.scalars + w.grad!.scalars
        }
    }
}
