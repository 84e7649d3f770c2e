import EngineTestSupport
import SelfSupervisedDepth
import TensorEngine
import XCTest

/// The fused SSIM operator against the composition of separate operators it replaces
/// (values and both gradients, on odd sizes, the smallest planes and batch 1) and
/// against finite differences.
final class FusedSSIMTests: XCTestCase {
    func testFusedMatchesCompositeValuesAndGradients() {
        let shapes = [[1, 3, 5, 7], [2, 3, 2, 2], [2, 1, 2, 9], [1, 2, 11, 3], [3, 3, 16, 24]]
        for (k, shape) in shapes.enumerated() {
            let seed = UInt64(10 * k)
            let x = randomTensor(shape, 0, 1, seed: seed + 1), y = randomTensor(shape, 0, 1, seed: seed + 2)
            let x2 = x.copy(requiresGrad: true), y2 = y.copy(requiresGrad: true)
            let weights = randomTensor(shape, -1, 1, seed: seed + 3, requiresGrad: false)
            let fused = SSIM.dissimilarity(x, y)
            let composite = SSIM.composite(x2, y2)
            assertAbsolutelyClose(fused.scalars, composite.scalars, accuracy: 1e-5)
            (fused * weights).sum().backward()
            (composite * weights).sum().backward()
            let gradientScale = max(1e-3, x2.grad!.scalars.map { abs($0) }.max()!)
            assertAbsolutelyClose(x.grad!.scalars, x2.grad!.scalars, accuracy: 1e-5 * gradientScale * 10)
            assertAbsolutelyClose(y.grad!.scalars, y2.grad!.scalars, accuracy: 1e-5 * gradientScale * 10)
        }
    }

    func testFusedGradientMatchesFiniteDifferences() {
        let x = randomTensor([2, 2, 4, 5], 0.1, 0.9, seed: 41)
        let y = randomTensor([2, 2, 4, 5], 0.1, 0.9, seed: 42)
        assertGradientsMatch([x, y], eps: 1e-3, rtol: 3e-2, atol: 3e-4, maxProbes: 80) {
            SSIM.dissimilarity($0[0], $0[1])
        }
    }

    func testClampedPixelsPassNoGradient() {
        // Anti-correlated windows push (1 - SSIM) / 2 above 1 for constant-mean images:
        // where the output is clamped, neither input gets a gradient through it.
        let x = Tensor([0, 1, 0, 1, 0, 1, 0, 1, 0], shape: [1, 1, 3, 3], requiresGrad: true)
        let y = Tensor([1, 0, 1, 0, 1, 0, 1, 0, 1], shape: [1, 1, 3, 3], requiresGrad: true)
        let fused = SSIM.dissimilarity(x, y)
        let x2 = x.copy(requiresGrad: true), y2 = y.copy(requiresGrad: true)
        let composite = SSIM.composite(x2, y2)
        XCTAssertEqual(fused.scalars, composite.scalars.map { Swift.min(Swift.max($0, 0), 1) })
        fused.sum().backward()
        composite.sum().backward()
        assertAbsolutelyClose(x.grad!.scalars, x2.grad!.scalars, accuracy: 1e-5)
        assertAbsolutelyClose(y.grad!.scalars, y2.grad!.scalars, accuracy: 1e-5)
    }

    func testFusedIsIndependentOfThreadCountAndDeterministic() {
        let x = randomTensor([4, 3, 9, 13], 0, 1, seed: 51, requiresGrad: false)
        let y = randomTensor([4, 3, 9, 13], 0, 1, seed: 52, requiresGrad: false)
        assertIndependentOfThreadCount { SSIM.dissimilarity(x, y).scalars }
    }
}
