import XCTest
@testable import TensorEngine
import EngineTestSupport

final class ArithmeticTests: XCTestCase {
    func testBroadcastForwardByHand() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor([10, 20, 30], shape: [3])
        XCTAssertEqual((a + b).scalars, [11, 22, 33, 14, 25, 36])
        let c = Tensor([2, 3], shape: [2, 1])
        XCTAssertEqual((a * c).scalars, [2, 4, 6, 12, 15, 18])
        XCTAssertEqual((a - 1).scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual((12 / c).scalars, [6, 4])
        XCTAssertEqual(Broadcast.shape([2, 1, 4], [3, 1]), [2, 3, 4])
    }

    func testBinaryGradientsWithBroadcasting() {
        let shapes: [([Int], [Int])] = [([2, 3, 4, 5], [1, 3, 1, 1]), ([3, 1, 5], [4, 1]),
                                        ([7], [7]), ([2, 3], [])]
        for (i, (sa, sb)) in shapes.enumerated() {
            let a = randomTensor(sa, seed: UInt64(i))
            let b = randomTensor(sb, 0.5, 2, seed: UInt64(100 + i))
            assertGradientsMatch([a, b]) { $0[0] + $0[1] }
            assertGradientsMatch([a, b]) { $0[0] - $0[1] }
            assertGradientsMatch([a, b]) { $0[0] * $0[1] }
            assertGradientsMatch([a, b]) { $0[0] / $0[1] }
        }
    }

    func testScalarOperatorGradients() {
        let a = randomTensor([3, 5], 0.5, 2, seed: 1)
        assertGradientsMatch([a]) { 3 / $0[0] + $0[0] * 2 - 1 }
        assertGradientsMatch([a]) { -$0[0] / 4 }
    }

    func testGradientAccumulatesWhenATensorIsUsedTwice() {
        let a = Tensor([1, 2, 3], shape: [3], requiresGrad: true)
        let y = (a * a + a).sum() // dy/da = 2a + 1
        y.backward()
        XCTAssertEqual(a.grad?.scalars, [3, 5, 7])
        // A second backward accumulates until zeroGrad.
        (a * 2).sum().backward()
        XCTAssertEqual(a.grad?.scalars, [5, 7, 9])
        a.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testNoGradientModeRecordsNothing() {
        let a = Tensor([1, 2], shape: [2], requiresGrad: true)
        let y = withoutGradients { a * 3 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue((a * 3).requiresGrad)
    }
}
