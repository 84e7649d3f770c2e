import XCTest
@testable import TensorEngine
import EngineTestSupport

final class PointwiseAndReductionTests: XCTestCase {
    func testUnaryForwardByHand() {
        let x = Tensor([-2, -0.5, 0.5, 2], shape: [4])
        XCTAssertEqual(x.relu().scalars, [0, 0, 0.5, 2])
        XCTAssertEqual(x.abs().scalars, [2, 0.5, 0.5, 2])
        XCTAssertEqual(x.clamp(min: -1, max: 1).scalars, [-1, -0.5, 0.5, 1])
        assertClose(x.sigmoid().scalars, [0.11920292, 0.37754067, 0.62245933, 0.88079708])
        assertClose(x.elu().scalars, [-0.86466472, -0.39346934, 0.5, 2])
        assertClose(x.tanh().scalars, [-0.96402758, -0.46211716, 0.46211716, 0.96402758])
        assertClose(x.pow(2).scalars, [4, 0.25, 0.25, 4])
        assertClose(Tensor([1, 4], shape: [2]).sqrt().scalars, [1, 2])
        assertClose(Tensor([0, Float.pi / 2, Float.pi], shape: [3]).sin().scalars, [0, 1, 0], accuracy: 1e-6)
        assertClose(Tensor([0, Float.pi / 2, Float.pi], shape: [3]).cos().scalars, [1, 0, -1], accuracy: 1e-6)
    }

    func testUnaryGradients() {
        // Values kept away from the kinks of relu, abs and clamp.
        let x = Tensor([-1.7, -0.9, -0.3, 0.4, 0.8, 1.6, 2.2, -2.4], shape: [2, 4], requiresGrad: true)
        assertGradientsMatch([x], eps: 1e-3) { $0[0].exp() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].relu() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].elu() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].sigmoid() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].tanh() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].abs() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].clamp(min: -1, max: 1) }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].pow(2) }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].sin() }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].cos() }
        let p = randomTensor([3, 4], 0.5, 3, seed: 3)
        assertGradientsMatch([p], eps: 1e-3) { $0[0].log() }
        assertGradientsMatch([p], eps: 1e-3) { $0[0].sqrt() }
        assertGradientsMatch([p], eps: 1e-3) { $0[0].pow(1.5) }
    }

    func testMinimumMaximumGradients() {
        let a = randomTensor([2, 3, 4], seed: 5)
        let b = randomTensor([3, 1], seed: 6)
        assertGradientsMatch([a, b], eps: 1e-3) { $0[0].minimum($0[1]) }
        assertGradientsMatch([a, b], eps: 1e-3) { $0[0].maximum($0[1]) }
    }

    func testReductionsByHand() {
        let x = Tensor([1, 5, 3, 4, 2, 6], shape: [2, 3])
        XCTAssertEqual(x.sum().item, 21)
        XCTAssertEqual(x.mean().item, 3.5)
        XCTAssertEqual(x.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(x.sum(axis: 1, keepDims: true).shape, [2, 1])
        XCTAssertEqual(x.mean(axis: 1).scalars, [3, 4])
        XCTAssertEqual(x.max(axis: 1).scalars, [5, 6])
        XCTAssertEqual(x.min(axis: 0).scalars, [1, 2, 3])
        XCTAssertEqual(x.argmax(axis: 1).scalars, [1, 2])
        XCTAssertEqual(x.argmax(axis: 0).scalars, [1, 0, 1])
    }

    /// Large enough to be split across threads: per-channel and per-pixel sums against
    /// a Float64 reference.
    func testLargeAxisSumsMatchFloat64Reference() {
        let x = randomTensor([4, 8, 48, 64], seed: 11, requiresGrad: false)
        let (n, c, hw) = (4, 8, 48 * 64)
        let perChannel = x.sum(axes: [0, 2, 3])
        let perPixel = x.sum(axis: 1)
        for ch in 0..<c {
            var s = 0.0
            for img in 0..<n { for p in 0..<hw { s += Double(x.data[(img * c + ch) * hw + p]) } }
            XCTAssertEqual(Double(perChannel.data[ch]), s, accuracy: 1e-3)
        }
        for img in 0..<n { for p in stride(from: 0, to: hw, by: 97) {
            var s = 0.0
            for ch in 0..<c { s += Double(x.data[(img * c + ch) * hw + p]) }
            XCTAssertEqual(Double(perPixel.data[img * hw + p]), s, accuracy: 1e-5)
        } }
    }

    func testReductionGradients() {
        let x = randomTensor([2, 3, 5, 4], seed: 9)
        assertGradientsMatch([x]) { $0[0].sum() }
        assertGradientsMatch([x]) { $0[0].mean() }
        assertGradientsMatch([x]) { $0[0].sum(axes: [0, 2, 3], keepDims: true) }
        assertGradientsMatch([x]) { $0[0].mean(axis: 1) }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].max(axis: 2) }
        assertGradientsMatch([x], eps: 1e-3) { $0[0].min(axis: -1, keepDims: true) }
    }

    func testShapeOpsForwardAndGradients() {
        let x = Tensor(Array(0..<24).map(Float.init), shape: [2, 3, 4])
        let p = x.permuted([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(p.data[1], 4)  // p[0,0,1] = x[0,1,0]
        XCTAssertEqual(p.data[6], 1)  // p[1,0,0] = x[0,0,1]
        let s = x.slice(axis: 1, 1..<3)
        XCTAssertEqual(s.shape, [2, 2, 4])
        XCTAssertEqual(s.data[0], 4)
        let c = Tensor.concat([x, s], axis: 1)
        XCTAssertEqual(c.shape, [2, 5, 4])
        XCTAssertEqual(c.data[12], 4)
        XCTAssertEqual(x.reshaped([6, -1]).shape, [6, 4])

        let a = randomTensor([2, 3, 5], seed: 1), b = randomTensor([2, 2, 5], seed: 2)
        assertGradientsMatch([a]) { $0[0].permuted([1, 2, 0]) }
        assertGradientsMatch([a]) { $0[0].slice(axis: 2, 1..<4) }
        assertGradientsMatch([a]) { $0[0].reshaped([5, 6]) }
        assertGradientsMatch([a, b]) { Tensor.concat([$0[0], $0[1]], axis: 1) }
    }

    func testMatmulForwardAndGradients() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor([1, 0, 0, 1, 1, 1], shape: [3, 2])
        XCTAssertEqual(a.matmul(b).scalars, [4, 5, 10, 11])
        let x = randomTensor([3, 5], seed: 1), y = randomTensor([5, 4], seed: 2)
        assertGradientsMatch([x, y]) { $0[0].matmul($0[1]) }
        let bx = randomTensor([2, 3, 5], seed: 3), by = randomTensor([2, 5, 2], seed: 4)
        assertGradientsMatch([bx, by]) { $0[0].matmul($0[1]) }
    }
}
