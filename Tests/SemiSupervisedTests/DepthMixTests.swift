import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class DepthMixTests: XCTestCase {
    /// Normalised disparities of a pair (1 x 6 maps, each spanning 0...1):
    ///   pixel 0: 0.00 vs 1.00  image 1 much nearer      -> mask 0: 0, mask 1: 1
    ///   pixel 1: 1.00 vs 0.00  image 0 much nearer      -> 1, 0
    ///   pixel 2: 0.50 vs 0.52  0.02 apart, inside 0.03  -> 1, 1
    ///   pixel 3: 0.50 vs 0.56  0.06 apart               -> 0, 1
    ///   pixel 4: 0.30 vs 0.30  equal                    -> 1, 1
    ///   pixel 5: 0.70 vs 0.60  0.10 apart               -> 1, 0
    let d0: [Float] = [0.0, 1.0, 0.50, 0.50, 0.30, 0.70]
    let d1: [Float] = [1.0, 0.0, 0.52, 0.56, 0.30, 0.60]
    let expected0: [Float] = [0, 1, 1, 0, 1, 1]
    let expected1: [Float] = [1, 0, 1, 1, 1, 0]

    func testNormalisationIsPerImageMinMax() {
        let raw = Tensor([2, 4, 6, 10, -1, 0, 1, 3], shape: [2, 1, 1, 4])
        let n = DepthMix.normalise(disparities: raw)
        XCTAssertEqual(n.shape, [2, 1, 1, 4])
        assertClose(n.scalars, [0, 0.25, 0.5, 1, 0, 0.25, 0.5, 1], accuracy: 1e-7)
        // The reference's 8-bit pseudo-depth PNGs: floor(255 x) / 255.
        let q = DepthMix.normalise(disparities: Tensor([0, 0.5, 0.999, 1], shape: [1, 1, 4]),
                                   eightBit: true)
        assertClose(q.scalars, [0, 127.0 / 255, 254.0 / 255, 1], accuracy: 1e-7)
    }

    /// Raw disparities at different scales and offsets per image: the masks see only the
    /// normalised maps, respect the ordering with the 0.03 margin, and are built for both
    /// orders of the pair.
    func testDepthOrderingWithMarginInBothOrders() {
        let raw = Tensor(d0.map { 2 * $0 + 0.5 } + d1.map { 3 * $0 + 1 }, shape: [2, 1, 1, 6])
        var rng = RandomGenerator(seed: 1)
        let masks = DepthMix.masks(disparities: raw, rng: &rng)
        XCTAssertEqual(masks.shape, [2, 1, 1, 6])
        XCTAssertEqual(masks.scalars, expected0 + expected1)
        // [2, H, W] disparities give the same masks.
        let flat = DepthMix.masks(disparities: raw.reshaped([2, 1, 6]), rng: &rng)
        XCTAssertEqual(flat.scalars, masks.scalars)
    }

    func testMarginZeroAndLargerMargin() {
        let normalised = Tensor(d0 + d1, shape: [2, 1, 1, 6])
        var rng = RandomGenerator(seed: 1)
        let strict = DepthMix.masks(normalisedDisparities: normalised, margin: 0, rng: &rng)
        XCTAssertEqual(strict.scalars, [0, 1, 0, 0, 1, 1] + [1, 0, 1, 1, 1, 0])
        let wide = DepthMix.masks(normalisedDisparities: normalised, margin: 0.2, rng: &rng)
        XCTAssertEqual(wide.scalars, [0, 1, 1, 1, 1, 1] + [1, 0, 1, 1, 1, 1])
    }

    /// A pixel is pasted only where its own disparity also reaches the threshold.
    func testForegroundThreshold() {
        let normalised = Tensor(d0 + d1, shape: [2, 1, 1, 6])
        var rng = RandomGenerator(seed: 1)
        let fixed = DepthMix.masks(normalisedDisparities: normalised, foregroundThreshold: .fixed(0.6), rng: &rng)
        XCTAssertEqual(fixed.scalars, [0, 1, 0, 0, 0, 1] + [1, 0, 0, 0, 0, 0])

        // A range draws one threshold per image, image 0 first.
        var drawing = RandomGenerator(seed: 9), replay = RandomGenerator(seed: 9)
        let drawn = DepthMix.masks(normalisedDisparities: normalised,
                                   foregroundThreshold: .uniform(lower: 0.4, upper: 0.8), rng: &drawing)
        let t0 = replay.uniform(0.4, 0.8), t1 = replay.uniform(0.4, 0.8)
        let own0 = zip(d0, expected0).map { $0 >= t0 ? $1 : 0 }
        let own1 = zip(d1, expected1).map { $0 >= t1 ? $1 : 0 }
        XCTAssertEqual(drawn.scalars, own0 + own1)
    }

    /// A constant map has no range: as in the reference (0 / 0 = NaN), nothing is pasted
    /// either way.
    func testConstantDisparityPastesNothing() {
        let raw = Tensor([0.2, 0.2, 0.2, 0.2, 0.9, 0.1], shape: [2, 1, 1, 3])
        var rng = RandomGenerator(seed: 1)
        XCTAssertEqual(DepthMix.masks(disparities: raw, rng: &rng).scalars, [0, 0, 0, 0, 0, 0])
    }
}
