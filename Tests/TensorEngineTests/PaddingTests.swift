import XCTest
@testable import TensorEngine
import EngineTestSupport

final class PaddingTests: XCTestCase {
    func testReflectionPadByHand() {
        // 3x3 padded by 2: rows and columns read 2 1 0 1 2 1 0.
        let x = Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [1, 1, 3, 3])
        let y = x.reflectionPad2d(2)
        XCTAssertEqual(y.shape, [1, 1, 7, 7])
        let r0: [Float] = [9, 8, 7, 8, 9, 8, 7], r1: [Float] = [6, 5, 4, 5, 6, 5, 4], r2: [Float] = [3, 2, 1, 2, 3, 2, 1]
        XCTAssertEqual(y.scalars, r0 + r1 + r2 + r1 + r0 + r1 + r2)

        // Asymmetric: left 1, right 2, top 0, bottom 1 on 2x3 (columns 1 0 1 2 1 0, rows 0 1 0).
        let z = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 1, 2, 3]).reflectionPad2d(left: 1, right: 2, top: 0, bottom: 1)
        XCTAssertEqual(z.shape, [1, 1, 3, 6])
        XCTAssertEqual(z.scalars, [2, 1, 2, 3, 2, 1, 5, 4, 5, 6, 5, 4, 2, 1, 2, 3, 2, 1])
    }

    func testReflectionPadBackwardSumsMirroredCopies() {
        // Padding 3x3 by 1: rows are read 1, 0, 1, 2, 1 (row 1 three times), likewise columns.
        let x = randomTensor([1, 1, 3, 3], seed: 1)
        x.reflectionPad2d(1).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1, 3, 1, 3, 9, 3, 1, 3, 1])
    }

    func testZeroPadByHand() {
        let x = Tensor([1, 2, 3, 4], shape: [1, 1, 2, 2], requiresGrad: true)
        let y = x.zeroPad2d(left: 1, right: 0, top: 0, bottom: 2)
        XCTAssertEqual(y.shape, [1, 1, 4, 3])
        XCTAssertEqual(y.scalars, [0, 1, 2, 0, 3, 4, 0, 0, 0, 0, 0, 0])
        (y * y).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [2, 4, 6, 8])
        XCTAssertEqual(x.zeroPad2d(1).shape, [1, 1, 4, 4])
    }

    func testPaddingGradients() {
        // (shape, left, right, top, bottom)
        let cases: [([Int], Int, Int, Int, Int)] = [
            ([1, 2, 7, 5], 3, 1, 2, 4), ([2, 3, 6, 9], 2, 2, 2, 2), ([1, 1, 2, 2], 1, 1, 1, 1), ([2, 1, 5, 4], 0, 3, 4, 0),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor(c.0, seed: UInt64(i))
            assertGradientsMatch([x]) { $0[0].reflectionPad2d(left: c.1, right: c.2, top: c.3, bottom: c.4) }
            assertGradientsMatch([x]) { $0[0].zeroPad2d(left: c.1, right: c.2, top: c.3, bottom: c.4) }
        }
    }

    func testLargeReflectionPadMatchesAcrossThreadCounts() {
        let x = randomTensor([2, 16, 48, 40], seed: 9)
        let weights = randomTensor([2, 16, 52, 44], seed: 10, requiresGrad: false)
        assertIndependentOfThreadCount {
            x.zeroGrad()
            let y = x.reflectionPad2d(2)
            (y * weights).sum().backward()
            return y.scalars + x.grad!.scalars
        }
    }
}
