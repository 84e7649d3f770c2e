import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class StrongAugmentationTests: XCTestCase {
    /// Applies `jitter` to one RGB pixel.
    private func jittered(_ rgb: [Float], _ jitter: StrongColorJitter) -> [Float] {
        var pixel = rgb
        pixel.withUnsafeMutableBufferPointer { jitter.apply(to: $0.baseAddress!, pixels: 1) }
        return pixel
    }

    /// kornia 0.4.0 semantics, by hand: brightness adds f - 1, contrast multiplies, both
    /// clamp to 0...1.
    func testBrightnessAddsAndContrastMultiplies() {
        assertClose(jittered([0.5, 0.95, 0.02], StrongColorJitter(brightness: 1.1)), [0.6, 1, 0.12], accuracy: 1e-6)
        assertClose(jittered([0.5, 0.95, 0.02], StrongColorJitter(brightness: 0.8)), [0.3, 0.75, 0], accuracy: 1e-6)
        assertClose(jittered([0.5, 0.9, 0.1], StrongColorJitter(contrast: 1.2)), [0.6, 1, 0.12], accuracy: 1e-6)
        // Order matters: (0.5 + 0.1) * 1.2 = 0.72 versus 0.5 * 1.2 + 0.1 = 0.7.
        let bc = StrongColorJitter(brightness: 1.1, contrast: 1.2, order: [.brightness, .contrast, .saturation, .hue])
        let cb = StrongColorJitter(brightness: 1.1, contrast: 1.2, order: [.contrast, .brightness, .saturation, .hue])
        XCTAssertEqual(jittered([0.5, 0.5, 0.5], bc)[0], 0.72, accuracy: 1e-6)
        XCTAssertEqual(jittered([0.5, 0.5, 0.5], cb)[0], 0.7, accuracy: 1e-6)
    }

    /// (0.8, 0.4, 0.2) is HSV (hue 1/18 turn, s 0.75, v 0.8). Halving the saturation gives
    /// s 0.375: (0.8, 0.6, 0.5); doubling it clamps s at 1: (0.8, 0.8 / 3, 0). A third of a turn of hue maps (r, g, b) to (b, r, g); minus
    /// a third to (g, b, r). Greys keep their value.
    func testSaturationAndHueWorkInHSV() {
        assertClose(jittered([0.8, 0.4, 0.2], StrongColorJitter(saturation: 0.5)), [0.8, 0.6, 0.5], accuracy: 1e-6)
        assertClose(jittered([0.8, 0.4, 0.2], StrongColorJitter(saturation: 2)), [0.8, 0.8 / 3, 0], accuracy: 1e-6)
        assertClose(jittered([0.8, 0.4, 0.2], StrongColorJitter(hue: 1.0 / 3)), [0.2, 0.8, 0.4], accuracy: 1e-6)
        assertClose(jittered([0.8, 0.4, 0.2], StrongColorJitter(hue: -1.0 / 3)), [0.4, 0.2, 0.8], accuracy: 1e-6)
        assertClose(jittered([0.3, 0.3, 0.3], StrongColorJitter(saturation: 1.25, hue: 0.2)), [0.3, 0.3, 0.3],
                    accuracy: 1e-7)
        assertClose(jittered([0, 0, 0], StrongColorJitter(saturation: 1.25, hue: -0.2)), [0, 0, 0])
    }

    /// Strength 0.25: factors in [0.75, 1.25), hue in [-0.25, 0.25); the batch is jittered
    /// with probability 0.8 (one order for all its images) and blurred with probability
    /// 0.5 with sigma in [0.15, 1.15).
    func testDrawsFollowTheReferenceRangesAndProbabilities() {
        let augmentation = StrongAugmentation()
        var rng = RandomGenerator(seed: 17)
        var jittered = 0, blurred = 0
        let trials = 4000
        for _ in 0..<trials {
            let draw = augmentation.draw(batchSize: 2, rng: &rng)
            if let jitters = draw.colorJitter {
                jittered += 1
                XCTAssertEqual(jitters.count, 2)
                XCTAssertEqual(jitters[0].order, jitters[1].order)
                XCTAssertEqual(Set(jitters[0].order.map(\.rawValue)), [0, 1, 2, 3])
                for j in jitters {
                    for f in [j.brightness, j.contrast, j.saturation] { XCTAssertTrue(f >= 0.75 && f < 1.25) }
                    XCTAssertTrue(j.hue >= -0.25 && j.hue < 0.25)
                }
            }
            if let sigma = draw.blurSigma {
                blurred += 1
                XCTAssertTrue(sigma >= 0.15 && sigma < 1.15)
            }
        }
        XCTAssertEqual(Double(jittered) / Double(trials), 0.8, accuracy: 0.03)
        XCTAssertEqual(Double(blurred) / Double(trials), 0.5, accuracy: 0.03)

        let off = StrongAugmentation(colorJitter: false, blur: false)
        for _ in 0..<200 { XCTAssertEqual(off.draw(batchSize: 2, rng: &rng), .init(colorJitter: nil, blurSigma: nil)) }
    }

    /// Applying a draw: per-image jitter, then the blur with the reference's kernel sizes.
    func testApplyJittersEachImageThenBlurs() {
        let images = randomTensor([2, 3, 32, 48], 0, 1, seed: 4, requiresGrad: false)
        let jitters = [StrongColorJitter(brightness: 1.1, hue: 0.1), StrongColorJitter(contrast: 0.8, saturation: 1.2)]
        let draw = StrongAugmentation.Draw(colorJitter: jitters, blurSigma: 0.7)
        let out = StrongAugmentation.apply(draw, to: images)

        let manual = images.copy()
        for i in 0..<2 { jitters[i].apply(to: manual.data + i * 3 * 32 * 48, pixels: 32 * 48) }
        let expected = GaussianBlur.apply(to: manual, sigma: 0.7, kernelHeight: 3, kernelWidth: 5)
        XCTAssertEqual(out.scalars, expected.scalars)
        XCTAssertNotEqual(out.scalars, images.scalars)

        let untouched = StrongAugmentation.apply(.init(colorJitter: nil, blurSigma: nil), to: images)
        XCTAssertEqual(untouched.scalars, images.scalars)
    }

    /// The values the reference's jitter produces: kornia 0.4.0's `apply_color_jitter` run
    /// (once, in Python) on images [2, 3, 2, 3] with values ((37 i) mod 101) / 100, per-image
    /// factors brightness (1.2, 0.8), contrast (0.9, 1.2), saturation (1.25, 0.75), hue
    /// (0.2, -0.15) and the order hue, brightness, saturation, contrast.
    func testMatchesKornia040() {
        let images = Tensor((0..<36).map { Float(Double((37 * $0) % 101) / 100) }, shape: [2, 3, 2, 3])
        let order: [StrongColorJitter.Adjustment] = [.hue, .brightness, .saturation, .contrast]
        let draw = StrongAugmentation.Draw(colorJitter: [
            StrongColorJitter(brightness: 1.2, contrast: 0.9, saturation: 1.25, hue: 0.2, order: order),
            StrongColorJitter(brightness: 0.8, contrast: 1.2, saturation: 0.75, hue: -0.15, order: order),
        ], blurSigma: nil)
        let kornia: [Float] = [
            0.4049999, 0.7379999, 0.14625, 0.4949999, 0.8437501, 0.9,
            0.09, 0.423, 0.9, 0.18, 0.5287501, 0.9,
            0.54, 0.873, 0.5535001, 0.6300001, 0.9, 0.03375,
            0.6, 0.8169002, 0.276, 0.84, 0.078, 0.396,
            0.96, 0.231, 0.636, 0.3639, 0.312, 0.756,
            0.816, 0.9240001, 0.492, 0.21, 0.168, 0.612,
        ]
        assertClose(StrongAugmentation.apply(draw, to: images).scalars, kornia, accuracy: 2e-6)
    }
}
