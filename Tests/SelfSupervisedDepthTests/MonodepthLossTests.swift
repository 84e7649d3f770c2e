import XCTest
import TensorEngine
import EngineTestSupport
import SelfSupervisedDepth
import CityscapesData
import Foundation

final class MonodepthLossTests: XCTestCase {
    let (h, w) = (16, 24)

    /// Inputs for frames -1 and +1 of a scene whose target is `target`.
    private func inputs(target: Tensor, sources: [Int: Tensor], disparities: [Tensor],
                        poses: [Int: Tensor]) -> MonodepthLossInputs {
        let camera = Fixtures.camera(height: target.shape[2], width: target.shape[3])
        let n = target.shape[0]
        return MonodepthLossInputs(target: target, sources: sources, disparities: disparities, poses: poses,
                                   intrinsics: camera.matrix(batch: n), inverseIntrinsics: camera.inverseMatrix(batch: n))
    }

    /// Identical frames and the identity motion: every warp reproduces the target, so the
    /// reprojection term vanishes (up to the rounding of the sampling positions) at any
    /// depth; a plane's disparity has no smoothness cost either.
    func testIdenticalFramesAndIdentityPoseGiveZeroLoss() throws {
        let target = Fixtures.image(height: h, width: w)
        let loss = try MonodepthLoss(MonodepthLossSettings(automasking: false))
        var rng = RandomGenerator(seed: 1)
        let result = try loss(inputs(target: target, sources: [-1: target, 1: target],
                                     disparities: Fixtures.planeDisparities(depth: 7, height: h, width: w, scales: 4),
                                     poses: [-1: Fixtures.translation(0), 1: Fixtures.translation(0)]), rng: &rng)
        XCTAssertEqual(result.scales.count, 4)
        for terms in result.scales {
            XCTAssertLessThan(terms.reprojection, 1e-6)
            XCTAssertEqual(terms.smoothness, 0)
            XCTAssertEqual(terms.automaskedFraction, 0)
        }
        XCTAssertLessThan(result.total.item, 1e-6)
        XCTAssertEqual(result.warped[1]?.count, 4)
        assertAbsolutelyClose(result.warped[1]![0].scalars, target.scalars, accuracy: 1e-5)
    }

    /// A plane at 4 m; the camera moves 1 m along x per frame, so frame +1 shows the
    /// texture shifted 2 pixels one way and frame -1 two pixels the other way (its pose is
    /// the inverted forward motion, as the pose network predicts it). With the true depth
    /// each target pixel is reproduced by at least one source whose 3x3 window stays
    /// inside the image, so the per-pixel minimum is ~0; a wrong depth costs far more.
    func testKnownMotionTrueDepthBeatsWrongDepth() throws {
        let target = Fixtures.image(height: h, width: w)
        let sources = [1: Fixtures.image(height: h, width: w, shiftU: -2),
                       -1: Fixtures.image(height: h, width: w, shiftU: 2)]
        let zero = Tensor.zeros([1, 3]), step = Tensor([1, 0, 0], shape: [1, 3])
        let poses = [1: CameraTransform.forFrame(1, axisAngle: zero, translation: step),
                     -1: CameraTransform.forFrame(-1, axisAngle: zero, translation: step)]
        let loss = try MonodepthLoss(MonodepthLossSettings(automasking: false))
        func total(depth: Float) throws -> MonodepthLossResult {
            var rng = RandomGenerator(seed: 2)
            return try loss(inputs(target: target, sources: sources,
                                   disparities: Fixtures.planeDisparities(depth: depth, height: h, width: w, scales: 4),
                                   poses: poses), rng: &rng)
        }
        let right = try total(depth: 4), wrong = try total(depth: 2), wrongFar = try total(depth: 12)
        XCTAssertLessThan(right.total.item, 1e-4)
        XCTAssertGreaterThan(wrong.total.item, 100 * max(right.total.item, 1e-5))
        XCTAssertGreaterThan(wrongFar.total.item, 100 * max(right.total.item, 1e-5))
        // The warped frame -1 reproduces the target away from the left border.
        let warped = right.warped[-1]![0].scalars
        var worst: Float = 0
        for c in 0..<3 { for v in 0..<h { for u in 2..<w {
            let i = (c * h + v) * w + u
            worst = max(worst, abs(warped[i] - target.scalars[i]))
        } } }
        XCTAssertLessThan(worst, 1e-5)
    }

    /// A stationary camera (all frames identical) with a pose that wrongly claims motion:
    /// the unwarped sources match exactly, so automasking picks the identity error at
    /// every pixel and the loss is only the 1e-5 tie-breaking noise; without automasking
    /// the wrong motion is penalised.
    func testStationaryCameraIsCaughtByAutomasking() throws {
        let target = Fixtures.image(height: h, width: w)
        let poses = [-1: Fixtures.translation(-0.8, 0.1), 1: Fixtures.translation(0.8, -0.1)]
        let input = inputs(target: target, sources: [-1: target, 1: target],
                           disparities: Fixtures.planeDisparities(depth: 3, height: h, width: w, scales: 4),
                           poses: poses)
        var rng = RandomGenerator(seed: 3)
        let masked = try MonodepthLoss()(input, rng: &rng)
        for terms in masked.scales { XCTAssertEqual(terms.automaskedFraction, 1) }
        XCTAssertLessThan(abs(masked.total.item), 5e-5)
        let unmasked = try MonodepthLoss(MonodepthLossSettings(automasking: false))(input, rng: &rng)
        XCTAssertGreaterThan(unmasked.total.item, 0.02)
        XCTAssertEqual(unmasked.automaskedFraction, 0)
    }

    /// The total is the mean over scales of reprojection + 1e-3 / 2^s * smoothness, the
    /// smoothness taken on the mean-normalised disparity at the scale's resolution against
    /// the target downscaled to it; the averaged-reprojection variant averages sources.
    func testTotalCombinesScalesAsSpecified() throws {
        let target = Fixtures.image(height: h, width: w)
        let sources = [-1: Fixtures.image(height: h, width: w, shiftU: 0.7),
                       1: Fixtures.image(height: h, width: w, shiftU: -0.4)]
        let disparities = (0..<4).map { randomTensor([1, 1, h >> $0, w >> $0], 0.02, 0.08, seed: UInt64(20 + $0)) }
        let poses = [-1: Fixtures.translation(-0.3, 0.05, 0.1), 1: Fixtures.translation(0.25, 0, -0.1)]
        var rng = RandomGenerator(seed: 4)
        let result = try MonodepthLoss()(inputs(target: target, sources: sources, disparities: disparities,
                                                poses: poses), rng: &rng)
        let pyramid = ImagePyramid.build(target, levels: 4)
        var sum: Float = 0
        for (s, terms) in result.scales.enumerated() {
            let d = disparities[s]
            let normalised = d / (d.mean() + 1e-7)
            let smooth = EdgeAwareSmoothness.loss(disparity: normalised, image: pyramid[s]).item
            XCTAssertEqual(terms.smoothness, smooth, accuracy: 1e-6)
            XCTAssertEqual(terms.total, terms.reprojection + 1e-3 / Float(1 << s) * smooth, accuracy: 1e-6)
            XCTAssertGreaterThan(terms.automaskedFraction, 0)
            XCTAssertLessThan(terms.automaskedFraction, 1)
            sum += terms.total
        }
        XCTAssertEqual(result.total.item, sum / 4, accuracy: 1e-6)

        // Per-pixel minimum (with automasking off) against a hand-computed minimum over
        // the two warped errors at scale 0 alone.
        let single = try MonodepthLoss(MonodepthLossSettings(scales: 1, automasking: false))
        let one = try single(inputs(target: target, sources: sources, disparities: [disparities[0]], poses: poses),
                             rng: &rng)
        let photometric = PhotometricError()
        let e1 = photometric(one.warped[-1]![0], target).scalars, e2 = photometric(one.warped[1]![0], target).scalars
        let expectedMin = zip(e1, e2).map { Double(min($0, $1)) }.reduce(0, +) / Double(h * w)
        let expectedMean = zip(e1, e2).map { Double($0 + $1) / 2 }.reduce(0, +) / Double(h * w)
        XCTAssertEqual(Double(one.scales[0].reprojection), expectedMin, accuracy: 1e-6)
        let averaged = try MonodepthLoss(MonodepthLossSettings(scales: 1, automasking: false,
                                                                    averageReprojection: true))
        let mean = try averaged(inputs(target: target, sources: sources, disparities: [disparities[0]], poses: poses),
                                rng: &rng)
        XCTAssertEqual(Double(mean.scales[0].reprojection), expectedMean, accuracy: 1e-6)
    }

    /// Gradients of the full loss (4 scales, automasking, both sources) with respect to
    /// every scale's disparity and the pose network's outputs, against central finite
    /// differences. The sub-pixel motion keeps sampling positions away from pixel
    /// boundaries, where bilinear sampling has kinks.
    func testLossGradientsMatchFiniteDifferences() throws {
        let (h, w) = (16, 16)
        let target = Fixtures.image(height: h, width: w)
        let sources = [-1: Fixtures.image(height: h, width: w, shiftU: 0.37),
                       1: Fixtures.image(height: h, width: w, shiftU: -0.41)]
        let disparities = (0..<4).map { randomTensor([1, 1, h >> $0, w >> $0], 0.03, 0.06, seed: UInt64(30 + $0)) }
        let axisAngle = Tensor([0.02, -0.03, 0.01], shape: [1, 1, 3], requiresGrad: true)
        let translation = Tensor([0.23, -0.05, 0.11], shape: [1, 1, 3], requiresGrad: true)
        let loss = try MonodepthLoss()
        let camera = Fixtures.camera(height: h, width: w)
        assertGradientsMatch(disparities + [axisAngle, translation], eps: 1e-4, rtol: 5e-2, atol: 2e-4,
                             maxProbes: 30) { x in
            var rng = RandomGenerator(seed: 5)
            let poses = [-1: CameraTransform.forFrame(-1, axisAngle: x[4], translation: x[5]),
                         1: CameraTransform.forFrame(1, axisAngle: x[4], translation: x[5])]
            let input = MonodepthLossInputs(target: target, sources: sources, disparities: Array(x[0..<4]),
                                            poses: poses, intrinsics: camera.matrix(batch: 1),
                                            inverseIntrinsics: camera.inverseMatrix(batch: 1))
            return try! loss(input, rng: &rng).total
        }
    }

    /// With the coarse scales at their own resolution the gradients are still exact (3
    /// scales of 16x16, so the coarsest has 4x4 pixels, and no automasking: a
    /// finite-difference step would cross the identity/warp minimum on a 2x2 scale).
    func testOwnResolutionScalesGradientsMatchFiniteDifferences() throws {
        let (h, w) = (16, 16)
        let target = Fixtures.image(height: h, width: w)
        let sources = [-1: Fixtures.image(height: h, width: w, shiftU: 0.37),
                       1: Fixtures.image(height: h, width: w, shiftU: -0.41)]
        let disparities = (0..<3).map { randomTensor([1, 1, h >> $0, w >> $0], 0.03, 0.06, seed: UInt64(30 + $0)) }
        let axisAngle = Tensor([0.02, -0.03, 0.01], shape: [1, 1, 3], requiresGrad: true)
        let translation = Tensor([0.23, -0.05, 0.11], shape: [1, 1, 3], requiresGrad: true)
        let loss = try MonodepthLoss(MonodepthLossSettings(scales: 3, automasking: false, fullResolutionScales: false))
        let camera = Fixtures.camera(height: h, width: w)
        assertGradientsMatch(disparities + [axisAngle, translation], eps: 1e-4, rtol: 5e-2, atol: 2e-4,
                             maxProbes: 30) { x in
            var rng = RandomGenerator(seed: 5)
            let poses = [-1: CameraTransform.forFrame(-1, axisAngle: x[3], translation: x[4]),
                         1: CameraTransform.forFrame(1, axisAngle: x[3], translation: x[4])]
            let input = MonodepthLossInputs(target: target, sources: sources, disparities: Array(x[0..<3]),
                                            poses: poses, intrinsics: camera.matrix(batch: 1),
                                            inverseIntrinsics: camera.inverseMatrix(batch: 1))
            return try! loss(input, rng: &rng).total
        }
    }

    /// At their own resolution the coarse scales warp downscaled images with K for that
    /// size (the data pipeline's K pyramid): the true depth still wins, scale 0 is the
    /// full-resolution loss's own, and the coarse scales' errors differ from it.
    func testOwnResolutionScalesWarpDownscaledImages() throws {
        let camera = Fixtures.camera(height: h, width: w)
        let (k, inverse) = MonodepthLoss.downscaled(camera.matrix(batch: 2), camera.inverseMatrix(batch: 2), by: 4)
        XCTAssertEqual(k.scalars, camera.downscaled(by: 4).matrix(batch: 2).scalars)
        for (a, b) in zip(inverse.scalars, camera.downscaled(by: 4).inverseMatrix(batch: 2).scalars) {
            XCTAssertEqual(a, b, accuracy: 1e-6 * max(1, abs(b)))
        }
        XCTAssertEqual(camera.matrix(batch: 2).scalars, camera.matrix(batch: 2).scalars)  // inputs untouched

        // A 64x96 scene moving 8 pixels between frames (2 at scale 2): every scale prefers
        // the true depth, though the coarse scales' borders keep it above zero.
        let (h, w) = (64, 96)
        let target = Fixtures.image(height: h, width: w)
        let sources = [1: Fixtures.image(height: h, width: w, shiftU: -8),
                       -1: Fixtures.image(height: h, width: w, shiftU: 8)]
        let zero = Tensor.zeros([1, 3]), step = Tensor([1, 0, 0], shape: [1, 3])
        let poses = [1: CameraTransform.forFrame(1, axisAngle: zero, translation: step),
                     -1: CameraTransform.forFrame(-1, axisAngle: zero, translation: step)]
        let depth = Fixtures.camera(height: h, width: w).fx / 8      // the depth that moves pixels by 8
        func total(depth: Float, full: Bool) throws -> MonodepthLossResult {
            var rng = RandomGenerator(seed: 2)
            let loss = try MonodepthLoss(MonodepthLossSettings(scales: 3, automasking: false, fullResolutionScales: full))
            return try loss(inputs(target: target, sources: sources,
                                   disparities: Fixtures.planeDisparities(depth: depth, height: h, width: w, scales: 3),
                                   poses: poses), rng: &rng)
        }
        let right = try total(depth: Float(depth), full: false), wrong = try total(depth: Float(depth) / 2, full: false)
        for s in 0..<3 { XCTAssertLessThan(right.scales[s].reprojection, wrong.scales[s].reprojection / 2, "scale \(s)") }
        let full = try total(depth: Float(depth) / 2, full: true)
        XCTAssertEqual(wrong.scales[0].reprojection, full.scales[0].reprojection)
        XCTAssertNotEqual(wrong.scales[2].reprojection, full.scales[2].reprojection)
        XCTAssertEqual(wrong.warped[1]![2].shape, [1, 3, h >> 2, w >> 2])
        // Settings without the key keep their encoding (and configuration hashes).
        let encoded = String(decoding: try JSONEncoder().encode(MonodepthLossSettings()), as: UTF8.self)
        XCTAssertFalse(encoded.contains("fullResolutionScales"), encoded)
    }

    /// One seed, one result: bit-identical across calls and across thread counts.
    func testDeterministicForOneSeed() throws {
        let target = Fixtures.image(batch: 2, height: h, width: w)
        let sources = [-1: Fixtures.image(batch: 2, height: h, width: w, shiftU: 0.5),
                       1: Fixtures.image(batch: 2, height: h, width: w, shiftU: -0.5)]
        let disparities = (0..<4).map { randomTensor([2, 1, h >> $0, w >> $0], 0.02, 0.08, seed: UInt64(40 + $0)) }
        let poses = [-1: Fixtures.translation(-0.2, batch: 2), 1: Fixtures.translation(0.2, batch: 2)]
        let input = inputs(target: target, sources: sources, disparities: disparities, poses: poses)
        let loss = try MonodepthLoss()
        func run() -> [Float] {
            var rng = RandomGenerator(seed: 6)
            for d in disparities { d.zeroGrad() }
            let result = try! loss(input, rng: &rng)
            result.total.backward()
            return [result.total.item] + result.scales.flatMap { [$0.reprojection, $0.automaskedFraction] }
                + disparities[0].grad!.scalars
        }
        let first = run()
        XCTAssertEqual(first.map(\.bitPattern), run().map(\.bitPattern))
        assertIndependentOfThreadCount(run)
    }

    func testBadInputsAreNamed() throws {
        let target = Fixtures.image(height: h, width: w)
        let disparities = Fixtures.planeDisparities(depth: 5, height: h, width: w, scales: 4)
        let pose = Fixtures.translation(0.1)
        let loss = try MonodepthLoss()
        var rng = RandomGenerator(seed: 7)
        XCTAssertThrowsError(try loss(inputs(target: target, sources: [1: target], disparities: disparities,
                                             poses: [-1: pose, 1: pose]), rng: &rng)) {
            XCTAssertEqual($0 as? SelfSupervisedDepthError, .missingSource(offset: -1))
        }
        var wrong = disparities
        wrong[2] = Tensor.zeros([1, 1, 4, 5])
        XCTAssertThrowsError(try loss(inputs(target: target, sources: [-1: target, 1: target], disparities: wrong,
                                             poses: [-1: pose, 1: pose]), rng: &rng)) {
            XCTAssertTrue("\($0)".contains("disparities[2]"), "\($0)")
        }
        XCTAssertThrowsError(try loss(inputs(target: target, sources: [-1: target, 1: target], disparities: disparities,
                                             poses: [1: pose]), rng: &rng)) {
            XCTAssertEqual($0 as? SelfSupervisedDepthError, .missingPose(offset: -1))
        }
        XCTAssertThrowsError(try MonodepthLoss(MonodepthLossSettings(frameOffsets: [0, 1]))) {
            XCTAssertTrue("\($0)".contains("frameOffsets"), "\($0)")
        }
        XCTAssertThrowsError(try MonodepthLoss(MonodepthLossSettings(minDepth: 10, maxDepth: 1)))
    }
}
