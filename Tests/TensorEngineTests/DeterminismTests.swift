import XCTest
@testable import TensorEngine

final class DeterminismTests: XCTestCase {
    /// A small conv net's loss and every gradient, from one seed.
    private func runOnce(seed: UInt64) -> (loss: [Float], grads: [[Float]]) {
        let root = RandomGenerator(seed: seed)
        var initRNG = root.split("init"), dataRNG = root.split("data")
        let w1 = Tensor.normal([8, 3, 3, 3], std: 0.2, rng: &initRNG, requiresGrad: true)
        let b1 = Tensor.zeros([8], requiresGrad: true)
        let w2 = Tensor.normal([4, 8, 3, 3], std: 0.2, rng: &initRNG, requiresGrad: true)
        // Large enough that the loops split across threads.
        let x = Tensor.uniform([2, 3, 64, 96], 0, 1, rng: &dataRNG)
        let h = x.conv2d(w1, bias: b1, stride: 2, padding: 1).elu()
        let y = h.conv2d(w2, padding: 2, dilation: 2).sigmoid()
        let loss = (y * y).mean() + h.abs().mean(axes: [1], keepDims: true).mean()
        loss.backward()
        return (loss.scalars, [w1, b1, w2].map { $0.grad!.scalars })
    }

    func testSameSeedGivesBitIdenticalOutputsAndGradients() {
        let a = runOnce(seed: 42), b = runOnce(seed: 42)
        XCTAssertEqual(a.loss.map(\.bitPattern), b.loss.map(\.bitPattern))
        for (ga, gb) in zip(a.grads, b.grads) {
            XCTAssertEqual(ga.map(\.bitPattern), gb.map(\.bitPattern))
        }
        XCTAssertNotEqual(runOnce(seed: 43).loss, a.loss)
    }

    func testRandomStreamsAreReproducibleAndIndependent() {
        let root = RandomGenerator(seed: 7)
        var a = root.split("augment"), b = root.split("augment"), c = root.split("mix")
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, (0..<5).map { _ in c.next() })
        // Splitting does not depend on how much the parent has drawn.
        var parent = RandomGenerator(seed: 7)
        _ = parent.next()
        var again = parent.split("augment")
        XCTAssertEqual((0..<5).map { _ in again.next() }, xa)
    }

    func testDistributions() {
        var rng = RandomGenerator(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let v = Double(rng.nextNormal()); sum += v; sumSq += v * v }
        XCTAssertEqual(sum / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(sumSq / Double(n), 1, accuracy: 0.01)
        var lo: Float = 1, hi: Float = 0
        for _ in 0..<n { let u = rng.nextUniform(); lo = min(lo, u); hi = max(hi, u) }
        XCTAssertGreaterThanOrEqual(lo, 0)
        XCTAssertLessThan(hi, 1)
        XCTAssertEqual(rng.permutation(10).sorted(), Array(0..<10))
    }
}
