import XCTest
@testable import TensorEngine
import EngineTestSupport

final class LossesTests: XCTestCase {
    /// N=1, C=2, H=1, W=2. Pixel 0: logits (1, 3), class 0 -> nll = log(e + e^3) - 1
    /// = 2 + log(1 + e^-2) = 2.126928. Pixel 1: logits (0, 0), class 1 -> nll = log 2.
    private let logits = Tensor([1, 0, 3, 0], shape: [1, 2, 1, 2])
    private let nll0 = 2.1269280110429727, nll1 = 0.6931471805599453

    func testTwoPixelValuesByHand() {
        let t = Tensor([0, 1], shape: [1, 1, 2])
        assertClose(crossEntropy(logits: logits, target: t, reduction: .none).scalars,
                    [Float(nll0), Float(nll1)], accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: t, reduction: .none).shape, [1, 1, 2])
        XCTAssertEqual(crossEntropy(logits: logits, target: t).item, Float((nll0 + nll1) / 2), accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: t, reduction: .sum).item, Float(nll0 + nll1), accuracy: 1e-6)
        // Stable for large logits (shifting every logit changes nothing).
        XCTAssertEqual(crossEntropy(logits: logits + 5000, target: t, reduction: .sum).item,
                       Float(nll0 + nll1), accuracy: 1e-6)

        // Ignored pixels: loss 0, and the PyTorch mean counts only the others.
        let ignored = Tensor([0, 255], shape: [1, 1, 2])
        assertClose(crossEntropy(logits: logits, target: ignored, reduction: .none).scalars, [Float(nll0), 0], accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: ignored).item, Float(nll0), accuracy: 1e-6)
        let custom = Tensor([0, 1], shape: [1, 1, 2])
        XCTAssertEqual(crossEntropy(logits: logits, target: custom, ignoreIndex: 1).item, Float(nll0), accuracy: 1e-6)
        let allIgnored = Tensor([255, 255], shape: [1, 1, 2])
        XCTAssertEqual(crossEntropy(logits: logits, target: allIgnored).item, 0)

        // Pixel weights: multiplied in, and the mean runs over ALL pixels (reference code).
        let w = Tensor([0.5, 2], shape: [1, 1, 2])
        assertClose(crossEntropy(logits: logits, target: t, pixelWeights: w, reduction: .none).scalars,
                    [Float(0.5 * nll0), Float(2 * nll1)], accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: t, pixelWeights: w).item,
                       Float((0.5 * nll0 + 2 * nll1) / 2), accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: ignored, pixelWeights: w).item,
                       Float(0.5 * nll0 / 2), accuracy: 1e-6)
        XCTAssertEqual(crossEntropy(logits: logits, target: t, pixelWeights: w, reduction: .sum).item,
                       Float(0.5 * nll0 + 2 * nll1), accuracy: 1e-6)
    }

    func testTwoDimensionalLogitsMatchLogSoftmax() {
        let x = randomTensor([4, 5], -3, 3, seed: 4, requiresGrad: false)
        let t = Tensor([4, 0, 255, 2], shape: [4])
        let lp = x.logSoftmax(axis: 1).scalars
        let expected = [-lp[4], -lp[5], 0, -lp[17]]
        assertClose(crossEntropy(logits: x, target: t, reduction: .none).scalars, expected, accuracy: 1e-5)
        XCTAssertEqual(crossEntropy(logits: x, target: t).item, expected.reduce(0, +) / 3, accuracy: 1e-5)
    }

    func testGradientOfTwoPixelCase() {
        // d mean / d logits = (softmax - onehot) / 2 per valid pixel.
        let x = logits.copy(requiresGrad: true)
        crossEntropy(logits: x, target: Tensor([0, 1], shape: [1, 1, 2])).backward()
        let p0 = 1 / (1 + exp(2.0)) // softmax of class 0 at pixel 0
        assertClose(x.grad!.scalars, [Float((p0 - 1) / 2), 0.25, Float((1 - p0) / 2), -0.25], accuracy: 1e-6)
    }

    /// Random class targets in 0..<classes with roughly one pixel in five ignored.
    private func targets(_ shape: [Int], classes: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = rng.nextInt(below: 5) == 0 ? 255 : Float(rng.nextInt(below: classes)) }
        return t
    }

    func testGradients() {
        let x4 = randomTensor([2, 3, 4, 5], -2, 2, seed: 1)
        let t4 = targets([2, 4, 5], classes: 3, seed: 2)
        let w4 = randomTensor([2, 4, 5], 0, 2, seed: 3, requiresGrad: false)
        let x2 = randomTensor([3, 4], -2, 2, seed: 4)
        let t2 = Tensor([3, 255, 0], shape: [3])
        let w2 = Tensor([0.5, 1, 2], shape: [3])
        for (x, t, w) in [(x4, t4, w4), (x2, t2, w2)] {
            for reduction in [LossReduction.none, .sum, .mean] {
                assertGradientsMatch([x], eps: 1e-3) { crossEntropy(logits: $0[0], target: t, reduction: reduction) }
                assertGradientsMatch([x], eps: 1e-3) {
                    crossEntropy(logits: $0[0], target: t, pixelWeights: w, reduction: reduction)
                }
            }
        }
    }

    func testLargeMapMatchesLogSoftmaxAndIgnoresThreadCount() {
        let x = randomTensor([2, 19, 33, 40], -4, 4, seed: 5)
        let t = targets([2, 33, 40], classes: 19, seed: 6)
        assertIndependentOfThreadCount {
            x.zeroGrad()
            let loss = crossEntropy(logits: x, target: t)
            loss.backward()
            return [loss.item] + x.grad!.scalars
        }
        // Against the definition via logSoftmax (Float64 sum).
        let lp = withoutGradients { x.logSoftmax(axis: 1) }
        var total = 0.0, valid = 0
        let pixels = 33 * 40
        for n in 0..<2 {
            for i in 0..<pixels where t.data[n * pixels + i] != 255 {
                let c = Int(t.data[n * pixels + i])
                total -= Double(lp.data[(n * 19 + c) * pixels + i])
                valid += 1
            }
        }
        let loss = withoutGradients { crossEntropy(logits: x, target: t) }
        XCTAssertEqual(loss.item, Float(total / Double(valid)), accuracy: 1e-5)
    }
}
