import CityscapesData
import DataPipeline
import XCTest

/// K under crop, flip and pyramid scaling, against projecting 3-D points by hand.
final class IntrinsicsTests: XCTestCase {
    let k = PinholeIntrinsics(fx: 70.7, fy: 70.8, cx: 34.2, cy: 16.0)
    let points: [(Double, Double, Double)] = [(0.3, -0.2, 4), (-2.5, 1.1, 9), (1.7, 0.4, 2.5), (0, 0, 30)]

    private func project(_ k: PinholeIntrinsics, _ p: (Double, Double, Double)) -> (Double, Double) {
        (k.fx * p.0 / p.2 + k.cx, k.fy * p.1 / p.2 + k.cy)
    }

    func testCropShiftsThePrincipalPoint() {
        let cropped = k.cropped(x0: 9, y0: 5)
        for p in points {
            let (u, v) = project(k, p), (uc, vc) = project(cropped, p)
            XCTAssertEqual(uc, u - 9, accuracy: 1e-9)
            XCTAssertEqual(vc, v - 5, accuracy: 1e-9)
        }
    }

    func testFlipMirrorsColumnsOfTheMirroredScene() {
        // Cropping a 32-wide window at x0 = 9 and mirroring it: the mirrored scene's
        // point (-X, Y, Z) lands on column 31 - (u - 9) of the crop.
        let width = 32
        let flipped = k.cropped(x0: 9, y0: 5).flippedHorizontally(width: width)
        for p in points {
            let (u, v) = project(k, p)
            let (uf, vf) = project(flipped, (-p.0, p.1, p.2))
            XCTAssertEqual(uf, Double(width - 1) - (u - 9), accuracy: 1e-9)
            XCTAssertEqual(vf, v - 5, accuracy: 1e-9)
        }
    }

    func testScalesDivideTheFirstTwoRows() {
        for s in 0..<4 {
            let m = k.atScale(s).matrix, f = Float(1 << s)
            XCTAssertEqual(m[0], Float(k.fx) / f, accuracy: 1e-5)
            XCTAssertEqual(m[2], Float(k.cx) / f, accuracy: 1e-5)
            XCTAssertEqual(m[5], Float(k.fy) / f, accuracy: 1e-5)
            XCTAssertEqual(m[6], Float(k.cy) / f, accuracy: 1e-5)
            XCTAssertEqual(Array(m[8...]), [0, 0, 1, 0, 0, 0, 0, 1])
        }
    }

    func testInverseIsTheInverse() {
        let m = k.cropped(x0: 3, y0: 2).flippedHorizontally(width: 40).atScale(2)
        let a = m.matrix, b = m.inverseMatrix
        for i in 0..<4 {
            for j in 0..<4 {
                let dot = (0..<4).reduce(Float(0)) { $0 + a[4 * i + $1] * b[4 * $1 + j] }
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-5, "(\(i), \(j))")
            }
        }
    }
}
