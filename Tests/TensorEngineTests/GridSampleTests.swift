import XCTest
@testable import TensorEngine
import EngineTestSupport

final class GridSampleTests: XCTestCase {
    /// A grid [N, Ho, Wo, 2] sampling pixel (y, x) = position(n, i, j) (pixel units,
    /// align_corners = True: x = 2 px / (W - 1) - 1).
    private func grid(batch: Int, height: Int, width: Int, imageHeight h: Int, imageWidth w: Int,
                      requiresGrad: Bool = false, _ position: (Int, Int, Int) -> (Float, Float)) -> Tensor {
        var values: [Float] = []
        for n in 0..<batch { for i in 0..<height { for j in 0..<width {
            let (py, px) = position(n, i, j)
            values += [2 * px / Float(w - 1) - 1, 2 * py / Float(h - 1) - 1]
        } } }
        return Tensor(values, shape: [batch, height, width, 2], requiresGrad: requiresGrad)
    }

    func testIdentityGridReproducesTheInput() {
        let x = randomTensor([2, 3, 4, 5], seed: 1, requiresGrad: false)
        let g = grid(batch: 2, height: 4, width: 5, imageHeight: 4, imageWidth: 5) { _, i, j in (Float(i), Float(j)) }
        let y = x.gridSample(g)
        XCTAssertEqual(y.shape, [2, 3, 4, 5])
        assertClose(y.scalars, x.scalars, accuracy: 1e-6)
    }

    func testShiftByOnePixelAndBorderClamping() {
        let x = Tensor((0..<12).map(Float.init), shape: [1, 1, 3, 4]) // x[i][j] = 4 i + j
        // Sample one pixel to the right: column j + 1, the last column clamping to 3.
        let right = grid(batch: 1, height: 3, width: 4, imageHeight: 3, imageWidth: 4) { _, i, j in (Float(i), Float(j + 1)) }
        XCTAssertEqual(x.gridSample(right).scalars, [1, 2, 3, 3, 5, 6, 7, 7, 9, 10, 11, 11])
        // One pixel up: row i - 1, the first row clamping to 0.
        let up = grid(batch: 1, height: 3, width: 4, imageHeight: 3, imageWidth: 4) { _, i, j in (Float(i - 1), Float(j)) }
        XCTAssertEqual(x.gridSample(up).scalars, [0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7])
        // Far outside [-1, 1]: (x, y) = (-3, 5) -> pixel (2, 0); (2, -2) -> (0, 3); (0, 7) -> (2, 1.5).
        let outside = Tensor([-3, 5, 2, -2, 0, 7], shape: [1, 1, 3, 2])
        XCTAssertEqual(x.gridSample(outside).scalars, [8, 3, 9.5])
    }

    func testBilinearWeightsByHand() {
        // f(y, x) = 8 y + 4 x + x y at the corners of a 2x2 image is reproduced exactly.
        let x = Tensor([0, 4, 8, 13], shape: [1, 1, 2, 2])
        // (x, y) = (0, 0) -> pixel (0.5, 0.5); (-0.5, 0.5) -> x 0.25, y 0.75.
        let g = Tensor([0, 0, -0.5, 0.5], shape: [1, 1, 2, 2])
        assertClose(x.gridSample(g).scalars, [6.25, 7.1875])
    }

    func testInputGradientSumsOverSamplesOfOnePixel() {
        // Six samples of the top-left pixel: its gradient is 6 in each channel.
        let x = randomTensor([1, 2, 3, 3], seed: 2)
        let g = Tensor([Float](repeating: -1, count: 12), shape: [1, 2, 3, 2], requiresGrad: true)
        x.gridSample(g).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [6, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0])
        // On the corner both coordinates are clamped (borders count as clamped): no grid gradient.
        XCTAssertEqual(g.grad?.scalars, [Float](repeating: 0, count: 12))
    }

    func testGridGradientIsZeroOnlyInTheClampedDirection() {
        let x = randomTensor([1, 2, 4, 5], seed: 3, requiresGrad: false)
        // x far left (clamped), y inside a cell: only d/dy survives.
        let g = Tensor([-1.7, 0.1], shape: [1, 1, 1, 2], requiresGrad: true)
        x.gridSample(g).sum().backward()
        XCTAssertEqual(g.grad!.scalars[0], 0)
        // d/dy at column 0, 1.65 rows down: (x[2][0] - x[1][0]) * (H - 1) / 2 per channel.
        let v = x.scalars
        let expected = ((v[10] - v[5]) + (v[30] - v[25])) * 1.5
        XCTAssertEqual(g.grad!.scalars[1], expected, accuracy: 1e-5)
    }

    func testGradientsAgainstFiniteDifferences() {
        // (N, C, H, W, Ho, Wo); grid points sit 0.1 .. 0.9 into a cell (no kinks within eps),
        // every fifth one pushed outside the image on one axis (clamped, zero gradient).
        let cases: [(Int, Int, Int, Int, Int, Int)] = [(1, 2, 7, 5, 3, 4), (2, 3, 6, 9, 6, 9), (2, 1, 4, 3, 5, 2)]
        for (k, c) in cases.enumerated() {
            var rng = RandomGenerator(seed: UInt64(40 + k))
            let x = randomTensor([c.0, c.1, c.2, c.3], seed: UInt64(k))
            let g = grid(batch: c.0, height: c.4, width: c.5, imageHeight: c.2, imageWidth: c.3,
                         requiresGrad: true) { _, i, j in
                var py = Float(rng.nextInt(below: c.2 - 1)) + rng.uniform(0.1, 0.9)
                var px = Float(rng.nextInt(below: c.3 - 1)) + rng.uniform(0.1, 0.9)
                if (i * c.5 + j) % 5 == 1 { px = rng.uniform(-3, -0.5) }
                if (i * c.5 + j) % 5 == 3 { py = Float(c.2) + rng.uniform(-0.5, 2) }
                return (py, px)
            }
            assertGradientsMatch([x, g], eps: 1e-3, maxProbes: 60) { $0[0].gridSample($0[1]) }
        }
    }

    func testLargeSampleMatchesAcrossThreadCounts() {
        let x = randomTensor([2, 8, 40, 48], seed: 5)
        let g = randomTensor([2, 40, 48, 2], -1.1, 1.1, seed: 6)
        assertIndependentOfThreadCount {
            x.zeroGrad(); g.zeroGrad()
            let y = x.gridSample(g)
            (y * y).sum().backward()
            return y.scalars + x.grad!.scalars + g.grad!.scalars
        }
    }
}
