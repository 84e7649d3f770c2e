import XCTest
import Foundation
@testable import TensorEngine
import EngineTestSupport

final class FastMathTests: XCTestCase {
    /// Relative error of FastMath.exp against Float64 exp over the whole useful range.
    func testExpAccuracyAcrossTheRange() {
        var worst = 0.0
        var x: Float = -87
        while x < 88.5 {
            let exact = Foundation.exp(Double(x))
            let err = Swift.abs(Double(FastMath.exp(x)) - exact) / exact
            worst = Swift.max(worst, err)
            x += 0.0137
        }
        XCTAssertLessThan(worst, 3e-7, "worst relative error \(worst)")
    }

    func testExpEdgeCases() {
        XCTAssertEqual(FastMath.exp(0), 1)
        XCTAssertEqual(FastMath.exp(-100), 0)
        XCTAssertEqual(FastMath.exp(100), .infinity)
        XCTAssertTrue(FastMath.exp(.nan).isNaN)
        XCTAssertEqual(FastMath.exp(1), Float(M_E), accuracy: 1e-6)
    }

    func testSigmoidAndTanhAgainstFloat64() {
        for i in -400...400 {
            let x = Float(i) * 0.05
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            XCTAssertEqual(Double(FastMath.sigmoid(x)), s, accuracy: 2e-7)
            XCTAssertEqual(Double(FastMath.tanh(x)), Foundation.tanh(Double(x)), accuracy: 4e-7)
        }
    }

    /// The tensor ops agree with the scalar reference, including vector tails.
    func testTensorExpMatchesScalarOnOddLengths() {
        for n in [1, 15, 16, 17, 33, 40_001] {
            let x = randomTensor([n], -20, 20, seed: UInt64(n), requiresGrad: false)
            let y = x.exp()
            for i in 0..<n {
                XCTAssertEqual(y.data[i], FastMath.exp(x.data[i]))
            }
        }
    }
}
