import XCTest
@testable import TensorEngine
import EngineTestSupport

final class SoftmaxTests: XCTestCase {
    func testForwardByHand() {
        let x = Tensor([1, 2, 3, 1000, 1001, 1002], shape: [2, 3])
        let p: [Float] = [0.09003057, 0.24472847, 0.66524096]
        assertClose(x.softmax(axis: 1).scalars, p + p, accuracy: 1e-6)
        let lp: [Float] = [-2.40760596, -1.40760596, -0.40760596]
        assertClose(x.logSoftmax(axis: -1).scalars, lp + lp, accuracy: 1e-6)
        // Along axis 0 each column holds (v, v + 999), so the second entry is ~1.
        assertClose(x.softmax(axis: 0).scalars, [0, 0, 0, 1, 1, 1], accuracy: 1e-6)
    }

    /// Softmax along axis 1 of NCHW equals softmax of the channel-last permutation.
    func testChannelAxisMatchesLastAxisAcrossTiles() {
        let x = randomTensor([2, 5, 19, 31], -4, 4, seed: 9) // 589 pixels: several tiles
        let last = x.permuted([0, 2, 3, 1])
        let viaLast = last.softmax(axis: 3).permuted([0, 3, 1, 2])
        assertClose(x.softmax(axis: 1).scalars, viaLast.scalars, accuracy: 1e-6)
        let viaLastLog = last.logSoftmax(axis: -1).permuted([0, 3, 1, 2])
        assertClose(x.logSoftmax(axis: 1).scalars, viaLastLog.scalars, accuracy: 1e-5)
        let sums = x.softmax(axis: 1).sum(axis: 1).scalars
        assertClose(sums, [Float](repeating: 1, count: sums.count), accuracy: 1e-6)
    }

    func testGradients() {
        let x4 = randomTensor([2, 3, 4, 5], -2, 2, seed: 1)
        let x2 = randomTensor([3, 4], -2, 2, seed: 2)
        for (x, axes) in [(x4, [1, -1, 0]), (x2, [1, 0])] {
            for axis in axes {
                assertGradientsMatch([x], eps: 1e-3) { $0[0].softmax(axis: axis) }
                assertGradientsMatch([x], eps: 1e-3) { $0[0].logSoftmax(axis: axis) }
            }
        }
    }
}
