import CityscapesData
import XCTest
import TensorEngine
import EngineTestSupport
import SelfSupervisedDepth

final class CameraTransformTests: XCTestCase {
    /// Rotations by 90 degrees about x, y and z against their closed forms (x right, y
    /// down, z forward; right-handed, counter-clockwise about the axis).
    func testQuarterTurnsAboutEachAxis() {
        let q = Float.pi / 2
        let r = CameraTransform.rotation(axisAngle: Tensor([q, 0, 0, 0, q, 0, 0, 0, q], shape: [3, 3]))
        XCTAssertEqual(r.shape, [3, 4, 4])
        let aboutX: [Float] = [1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1]
        let aboutY: [Float] = [0, 0, 1, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 1]
        let aboutZ: [Float] = [0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        assertAbsolutelyClose(r.scalars, aboutX + aboutY + aboutZ, accuracy: 1e-6)
    }

    /// An arbitrary axis-angle against Rodrigues' formula in Float64, R = I + sin t [k]x +
    /// (1 - cos t) [k]x^2, and the [N, 1, 3] input layout of the pose decoder.
    func testArbitraryRotationMatchesRodriguesInDouble() {
        let v: [Double] = [0.3, -0.7, 0.45]
        let t = (v.map { $0 * $0 }.reduce(0, +)).squareRoot()
        let k = v.map { $0 / t }
        let kx: [[Double]] = [[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]]
        var expected: [Float] = []
        for i in 0..<4 {
            for j in 0..<4 {
                if i == 3 || j == 3 { expected.append(i == j ? 1 : 0); continue }
                var kk = 0.0
                for m in 0..<3 { kk += kx[i][m] * kx[m][j] }
                expected.append(Float((i == j ? 1 : 0) + sin(t) * kx[i][j] + (1 - cos(t)) * kk))
            }
        }
        let r = CameraTransform.rotation(axisAngle: Tensor(v.map(Float.init), shape: [1, 1, 3]))
        assertAbsolutelyClose(r.scalars, expected, accuracy: 2e-6)
    }

    /// T = translation * rotation; the inverted transformation is its matrix inverse,
    /// R^T (p - t).
    func testInvertFlagGivesTheInverseMotion() {
        let a = Tensor([0.1, -0.2, 0.05, 0, 0, 0.3], shape: [2, 3])
        let t = Tensor([0.5, -1, 2, 0.2, 0.1, -0.4], shape: [2, 3])
        let forward = CameraTransform.fromParameters(axisAngle: a, translation: t)
        let backward = CameraTransform.fromParameters(axisAngle: a, translation: t, invert: true)
        let r = CameraTransform.rotation(axisAngle: a)
        // Forward: rotation block R, translation column t.
        for b in 0..<2 {
            for i in 0..<3 {
                for j in 0..<3 { XCTAssertEqual(forward.scalars[b * 16 + i * 4 + j], r.scalars[b * 16 + i * 4 + j]) }
                XCTAssertEqual(forward.scalars[b * 16 + i * 4 + 3], t.scalars[b * 3 + i])
            }
        }
        let identity: [Float] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        assertAbsolutelyClose(backward.matmul(forward).scalars, identity + identity, accuracy: 1e-6)
        assertAbsolutelyClose(forward.matmul(backward).scalars, identity + identity, accuracy: 1e-6)
        // Negative frame offsets use the inverse.
        XCTAssertEqual(CameraTransform.forFrame(-1, axisAngle: a, translation: t).scalars, backward.scalars)
        XCTAssertEqual(CameraTransform.forFrame(1, axisAngle: a, translation: t).scalars, forward.scalars)
    }

    func testZeroRotationIsIdentityWithFiniteGradient() {
        let a = Tensor.zeros([1, 3], requiresGrad: true)
        let r = CameraTransform.rotation(axisAngle: a)
        XCTAssertEqual(r.scalars, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        (r * randomTensor([1, 4, 4], seed: 4, requiresGrad: false)).sum().backward()
        XCTAssertEqual(a.grad?.scalars, [0, 0, 0])
    }

    func testTransformGradientsMatchFiniteDifferences() {
        let a = Tensor([0.2, -0.1, 0.3, 0.05, 0.4, -0.25], shape: [2, 1, 3], requiresGrad: true)
        let t = randomTensor([2, 1, 3], seed: 5)
        for invert in [false, true] {
            assertGradientsMatch([a, t], eps: 1e-3, rtol: 1e-2, atol: 1e-4) {
                CameraTransform.fromParameters(axisAngle: $0[0], translation: $0[1], invert: invert)
            }
        }
    }

    func testDisparityToDepthRange() {
        let mapping = DisparityToDepth(minDepth: 0.1, maxDepth: 100)
        let (disparity, depth) = mapping(Tensor([0, 1, 0.5], shape: [1, 1, 1, 3]))
        assertClose(depth.scalars, [100, 0.1, 1 / (0.01 + 9.99 * 0.5)], accuracy: 1e-6)
        assertClose(disparity.scalars, [0.01, 10, 0.01 + 9.99 * 0.5], accuracy: 1e-6)
        let s = mapping.sigmoidDisparity(forDepth: 4)
        assertClose(mapping(Tensor([s], shape: [1, 1, 1, 1])).depth.scalars, [4], accuracy: 1e-6)
    }

    func testIntrinsicsInverse() {
        let camera = PinholeIntrinsics(fx: 7, fy: 9, cx: 3.5, cy: 2.25)
        let product = camera.inverseMatrix(batch: 2).matmul(camera.matrix(batch: 2))
        let identity: [Float] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        assertAbsolutelyClose(product.scalars, identity + identity, accuracy: 1e-6)
        XCTAssertEqual(camera.downscaled(by: 2), PinholeIntrinsics(fx: 3.5, fy: 4.5, cx: 1.75, cy: 1.125))
    }

    /// The Double fields hold Float32 values exactly, and K, K^-1 and the downscaled
    /// camera are computed in Float32 from them (as when the fields were Float).
    func testIntrinsicsComputeInFloat32() {
        let fx: Float = 70.7, fy: Float = 70.8, cx: Float = 34.2, cy: Float = 16.1
        let camera = PinholeIntrinsics(fx: Double(fx), fy: Double(fy), cx: Double(cx), cy: Double(cy))
        XCTAssertEqual([Float(camera.fx), Float(camera.fy), Float(camera.cx), Float(camera.cy)], [fx, fy, cx, cy])
        XCTAssertEqual(camera.matrix(batch: 1).scalars, [fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        XCTAssertEqual(camera.inverseMatrix(batch: 1).scalars,
                       [1 / fx, 0, -cx / fx, 0, 0, 1 / fy, -cy / fy, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        let small = camera.downscaled(by: 3)
        XCTAssertEqual([Float(small.fx), Float(small.fy), Float(small.cx), Float(small.cy)],
                       [fx / 3, fy / 3, cx / 3, cy / 3])
    }
}

/// Elementwise |a - b| <= accuracy.
func assertAbsolutelyClose(_ a: [Float], _ b: [Float], accuracy: Float,
                           file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "lengths differ", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where !(abs(x - y) <= accuracy) {
        XCTFail("element \(i): \(x) vs \(y)", file: file, line: line)
        return
    }
}
