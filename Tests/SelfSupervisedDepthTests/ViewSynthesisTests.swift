import CityscapesData
import XCTest
import TensorEngine
import EngineTestSupport
import SelfSupervisedDepth

final class ViewSynthesisTests: XCTestCase {
    let (h, w) = (12, 16)

    /// Back-projection of depth Z puts pixel (u, v) at Z ((u - cx) / fx, (v - cy) / fy, 1).
    func testBackprojectionByHand() {
        let camera = PinholeIntrinsics(fx: 4, fy: 5, cx: 1.5, cy: 0.5)
        let depth = Tensor([2, 3, 4, 5, 6, 7], shape: [1, 1, 2, 3])
        let points = ViewSynthesis.backproject(depth: depth, inverseIntrinsics: camera.inverseMatrix(batch: 1))
        XCTAssertEqual(points.shape, [1, 4, 6])
        var expected = [[Float]](repeating: [], count: 4)
        for v in 0..<2 { for u in 0..<3 {
            let z = depth.scalars[v * 3 + u]
            expected[0].append(z * (Float(u) - 1.5) / 4)
            expected[1].append(z * (Float(v) - 0.5) / 5)
            expected[2].append(z)
            expected[3].append(1)
        } }
        assertAbsolutelyClose(points.scalars, Array(expected.joined()), accuracy: 1e-6)
    }

    /// With the identity motion every pixel projects onto itself.
    func testIdentityMotionGivesTheIdentityGrid() {
        let camera = Fixtures.camera(height: h, width: w)
        let depth = randomTensor([2, 1, h, w], 1, 20, seed: 3, requiresGrad: false)
        let points = ViewSynthesis.backproject(depth: depth, inverseIntrinsics: camera.inverseMatrix(batch: 2))
        let grid = ViewSynthesis.project(points: points, intrinsics: camera.matrix(batch: 2),
                                         transform: Fixtures.translation(0, batch: 2), height: h, width: w)
        XCTAssertEqual(grid.shape, [2, h, w, 2])
        var expected: [Float] = []
        for _ in 0..<2 { for v in 0..<h { for u in 0..<w {
            expected += [2 * Float(u) / Float(w - 1) - 1, 2 * Float(v) / Float(h - 1) - 1]
        } } }
        assertAbsolutelyClose(grid.scalars, expected, accuracy: 2e-6)
    }

    /// A textured fronto-parallel plane at 4 m seen by a camera moved 1 m along x: the
    /// source shows the texture shifted by fx * 1 / 4 = 2 pixels, and warping it with the
    /// true depth reproduces the target wherever the sample stays inside the source
    /// (columns 0 ..< W - 2); with twice the depth the shift is only 1 pixel.
    func testKnownTranslationWarpsTheSourceOntoTheTarget() {
        let camera = Fixtures.camera(height: h, width: w)
        let target = Fixtures.image(height: h, width: w)
        let source = Fixtures.image(height: h, width: w, shiftU: -2) // source(u) = f(u - 2)
        let warped = ViewSynthesis.warp(source: source, depth: Tensor(repeating: 4, shape: [1, 1, h, w]),
                                        transform: Fixtures.translation(1), intrinsics: camera.matrix(batch: 1),
                                        inverseIntrinsics: camera.inverseMatrix(batch: 1))
        let far = ViewSynthesis.warp(source: source, depth: Tensor(repeating: 8, shape: [1, 1, h, w]),
                                     transform: Fixtures.translation(1), intrinsics: camera.matrix(batch: 1),
                                     inverseIntrinsics: camera.inverseMatrix(batch: 1))
        var interiorError: Float = 0, shiftedByOne: Float = 0
        for c in 0..<3 { for v in 0..<h { for u in 0..<w {
            let i = (c * h + v) * w + u
            if u < w - 2 { interiorError = max(interiorError, abs(warped.scalars[i] - target.scalars[i])) }
            else { XCTAssertEqual(warped.scalars[i], source.scalars[i - u + w - 1], accuracy: 1e-5) } // border clamp
            if u < w - 1 {
                shiftedByOne = max(shiftedByOne, abs(far.scalars[i] - Fixtures.texture(Float(u) - 1, Float(v), c)))
            }
        } } }
        XCTAssertLessThan(interiorError, 1e-5)
        XCTAssertLessThan(shiftedByOne, 1e-5)
    }

    /// Warping is differentiable in depth and pose: gradients against finite differences
    /// (generic sub-pixel positions, away from the kinks of bilinear sampling).
    func testWarpGradientsMatchFiniteDifferences() {
        let camera = Fixtures.camera(height: 6, width: 8)
        let source = Fixtures.image(height: 6, width: 8)
        let depth = randomTensor([1, 1, 6, 8], 3, 6, seed: 11)
        let axisAngle = Tensor([0.02, -0.03, 0.01], shape: [1, 3], requiresGrad: true)
        let translation = Tensor([0.23, -0.05, 0.11], shape: [1, 3], requiresGrad: true)
        assertGradientsMatch([depth, axisAngle, translation], eps: 1e-4, rtol: 3e-2, atol: 5e-4) { x in
            ViewSynthesis.warp(source: source, depth: x[0],
                               transform: CameraTransform.fromParameters(axisAngle: x[1], translation: x[2]),
                               intrinsics: camera.matrix(batch: 1), inverseIntrinsics: camera.inverseMatrix(batch: 1))
        }
    }
}
