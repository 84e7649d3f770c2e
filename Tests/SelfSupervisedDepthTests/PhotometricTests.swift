import XCTest
import TensorEngine
import EngineTestSupport
import SelfSupervisedDepth

final class PhotometricTests: XCTestCase {
    /// SSIM against a per-window computation in Float64 with explicit reflection indices.
    func testSSIMMatchesBruteForceWindows() {
        let (n, c, h, w) = (2, 2, 5, 6)
        let x = randomTensor([n, c, h, w], 0, 1, seed: 1, requiresGrad: false)
        let y = randomTensor([n, c, h, w], 0, 1, seed: 2, requiresGrad: false)
        let ssim = SSIM.dissimilarity(x, y)
        XCTAssertEqual(ssim.shape, [n, c, h, w])
        func reflect(_ i: Int, _ size: Int) -> Int { i < 0 ? -i : (i >= size ? 2 * (size - 1) - i : i) }
        var expected: [Float] = []
        for plane in 0..<(n * c) { for v in 0..<h { for u in 0..<w {
            var (sx, sy, sxx, syy, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0)
            for dv in -1...1 { for du in -1...1 {
                let i = plane * h * w + reflect(v + dv, h) * w + reflect(u + du, w)
                let (a, b) = (Double(x.scalars[i]), Double(y.scalars[i]))
                sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b
            } }
            let (mx, my) = (sx / 9, sy / 9)
            let (vx, vy, cxy) = (sxx / 9 - mx * mx, syy / 9 - my * my, sxy / 9 - mx * my)
            let (c1, c2) = (0.0001, 0.0009)
            let s = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2))
            expected.append(Float(min(max((1 - s) / 2, 0), 1)))
        } } }
        assertAbsolutelyClose(ssim.scalars, expected, accuracy: 2e-5)
    }

    /// Identical images have exactly zero error, SSIM and L1 alike.
    func testIdenticalImagesHaveZeroError() {
        let x = Fixtures.image(batch: 2, height: 6, width: 7)
        XCTAssertEqual(Set(SSIM.dissimilarity(x, x).scalars), [0])
        let error = PhotometricError()(x, x.copy())
        XCTAssertEqual(error.shape, [2, 1, 6, 7])
        XCTAssertEqual(Set(error.scalars), [0])
    }

    /// 0.85 SSIM + 0.15 L1, each averaged over channels.
    func testPhotometricErrorWeighting() {
        let x = randomTensor([1, 3, 4, 5], 0, 1, seed: 3, requiresGrad: false)
        let y = randomTensor([1, 3, 4, 5], 0, 1, seed: 4, requiresGrad: false)
        let ssim = SSIM.dissimilarity(x, y).scalars
        let error = PhotometricError(ssimWeight: 0.85)(x, y)
        let l1Only = PhotometricError(ssimWeight: 0)(x, y)
        var expected: [Float] = [], expectedL1: [Float] = []
        for p in 0..<20 {
            var s: Float = 0, l: Float = 0
            for c in 0..<3 { s += ssim[c * 20 + p]; l += abs(x.scalars[c * 20 + p] - y.scalars[c * 20 + p]) }
            expected.append(0.85 * s / 3 + 0.15 * l / 3)
            expectedL1.append(l / 3)
        }
        assertClose(error.scalars, expected, accuracy: 1e-5)
        assertClose(l1Only.scalars, expectedL1, accuracy: 1e-6)
    }

    func testPhotometricGradientMatchesFiniteDifferences() {
        let x = randomTensor([1, 3, 5, 6], 0.1, 0.9, seed: 5)
        let y = randomTensor([1, 3, 5, 6], 0.1, 0.9, seed: 6, requiresGrad: false)
        assertGradientsMatch([x], eps: 1e-3, rtol: 3e-2, atol: 3e-4) { PhotometricError()($0[0], y) }
    }

    /// Edge-aware smoothness against explicit loops over neighbour pairs.
    func testSmoothnessMatchesBruteForce() {
        let (n, h, w) = (2, 5, 7)
        let d = randomTensor([n, 1, h, w], 0, 1, seed: 7, requiresGrad: false)
        let image = randomTensor([n, 3, h, w], 0, 1, seed: 8, requiresGrad: false)
        let (ds, im) = (d.scalars, image.scalars)
        var sumX = 0.0, sumY = 0.0
        for b in 0..<n { for v in 0..<h { for u in 0..<w {
            func pixel(_ c: Int, _ vv: Int, _ uu: Int) -> Double { Double(im[((b * 3 + c) * h + vv) * w + uu]) }
            let dHere = Double(ds[(b * h + v) * w + u])
            if u + 1 < w {
                let edge = (0..<3).map { abs(pixel($0, v, u) - pixel($0, v, u + 1)) }.reduce(0, +) / 3
                sumX += abs(dHere - Double(ds[(b * h + v) * w + u + 1])) * exp(-edge)
            }
            if v + 1 < h {
                let edge = (0..<3).map { abs(pixel($0, v, u) - pixel($0, v + 1, u)) }.reduce(0, +) / 3
                sumY += abs(dHere - Double(ds[(b * h + v + 1) * w + u])) * exp(-edge)
            }
        } } }
        let expected = sumX / Double(n * h * (w - 1)) + sumY / Double(n * (h - 1) * w)
        XCTAssertEqual(Double(EdgeAwareSmoothness.loss(disparity: d, image: image).item), expected, accuracy: 1e-6)
    }

    func testImagePyramidAveragesTwoByTwoBlocks() {
        let x = Tensor((0..<16).map(Float.init), shape: [1, 1, 4, 4])
        let levels = ImagePyramid.build(x, levels: 3)
        XCTAssertEqual(levels.map(\.shape), [[1, 1, 4, 4], [1, 1, 2, 2], [1, 1, 1, 1]])
        XCTAssertEqual(levels[1].scalars, [2.5, 4.5, 10.5, 12.5])
        XCTAssertEqual(levels[2].scalars, [7.5])
    }

    /// weight * ||a - b||_2 over the whole tensor; no gradient into the frozen side; a
    /// zero distance has a zero (not NaN) gradient.
    func testFeatureDistance() throws {
        let a = randomTensor([2, 3, 2, 2], seed: 9)
        let frozen = randomTensor([2, 3, 2, 2], seed: 10)
        let loss = try FeatureDistance.loss(features: a, frozenFeatures: frozen, weight: 0.01)
        let expected = 0.01 * zip(a.scalars, frozen.scalars).map { Double($0 - $1) * Double($0 - $1) }
            .reduce(0, +).squareRoot()
        XCTAssertEqual(Double(loss.item), expected, accuracy: 1e-7)
        loss.backward()
        XCTAssertNil(frozen.grad)
        assertGradientsMatch([a], eps: 1e-3, rtol: 1e-2, atol: 1e-5) {
            try! FeatureDistance.loss(features: $0[0], frozenFeatures: frozen, weight: 0.01)
        }
        let same = a.copy(requiresGrad: true)
        let zero = try FeatureDistance.loss(features: same, frozenFeatures: a, weight: 0.01)
        XCTAssertEqual(zero.item, 0)
        zero.backward()
        XCTAssertEqual(Set(same.grad!.scalars), [0])
        XCTAssertThrowsError(try FeatureDistance.loss(features: a, frozenFeatures: Tensor.zeros([2, 3]), weight: 1)) {
            XCTAssertTrue("\($0)".contains("frozenFeatures"))
        }
    }
}
