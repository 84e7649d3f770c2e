import XCTest
@testable import TensorEngine
import EngineTestSupport

final class DropoutTests: XCTestCase {
    func testFractionScaleAndDeterminism() {
        let x = Tensor.ones([100_000])
        var rng = RandomGenerator(seed: 11)
        let y = x.dropout(p: 0.3, training: true, rng: &rng)
        let values = y.scalars
        let dropped = values.filter { $0 == 0 }.count
        XCTAssertEqual(Double(dropped) / Double(values.count), 0.3, accuracy: 0.01)
        for v in values where v != 0 { XCTAssertEqual(v, 1 / 0.7, accuracy: 1e-6) }
        // The mean is preserved in expectation.
        XCTAssertEqual(Double(values.reduce(0, +)) / Double(values.count), 1, accuracy: 0.02)

        var again = RandomGenerator(seed: 11)
        XCTAssertEqual(x.dropout(p: 0.3, training: true, rng: &again).scalars, values)
        var other = RandomGenerator(seed: 12)
        XCTAssertNotEqual(x.dropout(p: 0.3, training: true, rng: &other).scalars, values)
    }

    func testEvalIdentityAndEdgeProbabilities() {
        let x = randomTensor([4, 5], seed: 1)
        var rng = RandomGenerator(seed: 1)
        let before = rng
        XCTAssertTrue(x.dropout(p: 0.5, training: false, rng: &rng) === x)
        XCTAssertTrue(x.dropout(p: 0, training: true, rng: &rng) === x)
        var copy = before
        XCTAssertEqual(rng.next(), copy.next()) // nothing was drawn
        XCTAssertEqual(x.dropout(p: 1, training: true, rng: &rng).scalars, [Float](repeating: 0, count: 20))
    }

    func testGradientIsTheMask() {
        let x = randomTensor([3, 4, 5], seed: 2)
        assertGradientsMatch([x], eps: 1e-3) {
            var rng = RandomGenerator(seed: 5)
            return $0[0].dropout(p: 0.4, training: true, rng: &rng)
        }
        x.zeroGrad()
        var rng = RandomGenerator(seed: 5)
        let y = x.dropout(p: 0.4, training: true, rng: &rng)
        y.sum().backward()
        for i in 0..<x.count {
            XCTAssertEqual(x.grad!.data[i], y.data[i] == 0 ? 0 : 1 / 0.6, accuracy: 1e-6)
        }
    }
}
