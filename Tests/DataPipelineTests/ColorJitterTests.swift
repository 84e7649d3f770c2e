@testable import DataPipeline
import TensorEngine
import XCTest

/// Colour augmentation against hand-computed adjustments.
final class ColorJitterTests: XCTestCase {
    /// Planar RGB of 3 pixels: red-ish, grey, teal.
    let image: [Float] = [0.8, 0.5, 0.1,   0.2, 0.5, 0.6,   0.1, 0.5, 0.7]

    private func jittered(_ jitter: ColorJitter) -> [Float] {
        var out = image
        out.withUnsafeMutableBufferPointer { jitter.apply(to: $0.baseAddress!, pixels: 3) }
        return out
    }

    func testNeutralParametersChangeNothing() {
        XCTAssertEqual(jittered(ColorJitter()), image)
    }

    func testBrightnessScalesAndClamps() {
        let out = jittered(ColorJitter(brightness: 1.2, order: [.brightness]))
        for i in 0..<9 { XCTAssertEqual(out[i], min(image[i] * 1.2, 1), accuracy: 1e-6) }
    }

    private func grey(_ p: Int) -> Float {
        let r: Float = 0.2989 * image[p], g: Float = 0.587 * image[3 + p], b: Float = 0.114 * image[6 + p]
        return r + g + b
    }

    func testContrastBlendsTowardsTheMeanGrey() {
        let mean = (grey(0) + grey(1) + grey(2)) / 3
        let out = jittered(ColorJitter(contrast: 0.8, order: [.contrast]))
        for i in 0..<9 { XCTAssertEqual(out[i], 0.8 * image[i] + 0.2 * mean, accuracy: 1e-6) }
    }

    func testZeroSaturationGivesGrey() {
        let out = jittered(ColorJitter(saturation: 0, order: [.saturation]))
        for p in 0..<3 {
            let grey = grey(p)
            XCTAssertEqual(out[p], grey, accuracy: 1e-6)
            XCTAssertEqual(out[3 + p], grey, accuracy: 1e-6)
            XCTAssertEqual(out[6 + p], grey, accuracy: 1e-6)
        }
    }

    func testHueRotation() {
        // A third of a turn takes red to green and green to blue; grey stays grey.
        let (r, g, b) = ColorJitter.shiftHue(1, 0, 0, by: 1.0 / 3)
        XCTAssertEqual(r, 0, accuracy: 1e-5); XCTAssertEqual(g, 1, accuracy: 1e-5); XCTAssertEqual(b, 0, accuracy: 1e-5)
        let (r2, g2, b2) = ColorJitter.shiftHue(0.2, 0.9, 0.3, by: 1.0 / 3)
        XCTAssertEqual(r2, 0.3, accuracy: 1e-5); XCTAssertEqual(g2, 0.2, accuracy: 1e-5); XCTAssertEqual(b2, 0.9, accuracy: 1e-5)
        let grey = ColorJitter.shiftHue(0.4, 0.4, 0.4, by: 0.07)
        XCTAssertEqual([grey.0, grey.1, grey.2], [0.4, 0.4, 0.4])
        // A shift and its opposite give the colour back.
        let there = ColorJitter.shiftHue(0.8, 0.2, 0.1, by: 0.08)
        let back = ColorJitter.shiftHue(there.0, there.1, there.2, by: -0.08)
        XCTAssertEqual(back.0, 0.8, accuracy: 1e-5); XCTAssertEqual(back.1, 0.2, accuracy: 1e-5)
        XCTAssertEqual(back.2, 0.1, accuracy: 1e-5)
    }

    func testRandomDrawsStayInTheReferenceRanges() {
        var rng = RandomGenerator(seed: 1)
        for _ in 0..<200 {
            let j = ColorJitter.random(using: &rng)
            for f in [j.brightness, j.contrast, j.saturation] { XCTAssert(f >= 0.8 && f <= 1.2) }
            XCTAssert(j.hue >= -0.1 && j.hue <= 0.1)
            XCTAssertEqual(Set(j.order), Set(ColorJitter.Adjustment.allCases))
        }
    }
}
