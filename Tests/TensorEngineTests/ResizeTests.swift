import XCTest
@testable import TensorEngine
import EngineTestSupport

final class ResizeTests: XCTestCase {
    /// 2x2 samples of f(y, x) = 8 y + 4 x + x y at the pixel centres (0 and 1). Bilinear
    /// interpolation reproduces f exactly at any source position (py, px).
    private let corners = Tensor([0, 4, 8, 13], shape: [1, 1, 2, 2])
    private func f(_ py: Float, _ px: Float) -> Float { 8 * py + 4 * px + px * py }

    func testBilinearUpsamplingByHand() {
        // align_corners = False: src = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped
        // to 0 below and to the last pixel above: 0, 0.25, 0.75, 1.
        let p: [Float] = [0, 0.25, 0.75, 1]
        let y = corners.resize(height: 4, width: 4, mode: .bilinear, alignCorners: false)
        XCTAssertEqual(y.shape, [1, 1, 4, 4])
        assertClose(y.scalars, p.flatMap { py in p.map { px in f(py, px) } })
        // First row by hand: 0, 1, 3, 4.
        assertClose(Array(y.scalars[0..<4]), [0, 1, 3, 4])

        // align_corners = True: src = i (2 - 1) / (4 - 1) = 0, 1/3, 2/3, 1.
        let q: [Float] = [0, 1.0 / 3, 2.0 / 3, 1]
        let z = corners.resize(height: 4, width: 4, mode: .bilinear, alignCorners: true)
        assertClose(z.scalars, q.flatMap { py in q.map { px in f(py, px) } })
        assertClose(Array(z.scalars[0..<4]), [0, 4.0 / 3, 8.0 / 3, 4])

        // Different factors per axis. align_corners = False: 2 -> 3 rows at (i + 0.5) 2/3 - 0.5
        // = -1/6, 0.5, 7/6 (clamped: 0, 0.5, 1); 2 -> 1 column at 0.5 * 2 - 0.5 = 0.5.
        assertClose(corners.resize(height: 3, width: 1, mode: .bilinear).scalars,
                    [f(0, 0.5), f(0.5, 0.5), f(1, 0.5)])
        // align_corners = True: rows at i / 2; a single output column reads column 0.
        assertClose(corners.resize(height: 3, width: 1, mode: .bilinear, alignCorners: true).scalars,
                    [f(0, 0), f(0.5, 0), f(1, 0)])
    }

    func testBilinearDownsamplingAveragesPairs() {
        // 4 -> 2 with align_corners = False: src = (i + 0.5) 2 - 0.5 = 0.5, 2.5.
        let x = randomTensor([1, 2, 4, 4], seed: 1, requiresGrad: false)
        let y = x.resize(height: 2, width: 2, mode: .bilinear)
        let v = x.scalars
        var expected: [Float] = []
        for c in 0..<2 { for i in 0..<2 { for j in 0..<2 {
            let at = { (r: Int, s: Int) in v[c * 16 + (2 * i + r) * 4 + 2 * j + s] }
            expected.append((at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4)
        } } }
        assertClose(y.scalars, expected)
    }

    func testNearestByHand() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 1, 2, 3])
        // x2: every value fills a 2x2 block.
        XCTAssertEqual(x.upsampleNearest(scale: 2).scalars,
                       [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6])
        XCTAssertEqual(x.resize(height: 4, width: 6, mode: .nearest).scalars, x.upsampleNearest(scale: 2).scalars)
        // 2x3 -> 3x5: rows floor(i 2/3) = 0 0 1, columns floor(j 3/5) = 0 0 1 1 2.
        XCTAssertEqual(x.resize(height: 3, width: 5, mode: .nearest).scalars,
                       [1, 1, 2, 2, 3, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6])
        // Downsampling 2x3 -> 1x2: row 0, columns floor(j 3/2) = 0 1.
        XCTAssertEqual(x.resize(height: 1, width: 2, mode: .nearest).scalars, [1, 2])
        // Unequal integer factors take the block path: x3 rows, x1 columns.
        XCTAssertEqual(x.resize(height: 6, width: 3, mode: .nearest).scalars,
                       [1, 2, 3, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 4, 5, 6])
    }

    func testNearestMatchesTheIndexFormula() {
        let x = randomTensor([2, 3, 5, 7], seed: 2, requiresGrad: false)
        for (oh, ow) in [(10, 14), (15, 21), (7, 9), (3, 4), (11, 7)] {
            let y = x.resize(height: oh, width: ow, mode: .nearest)
            var expected: [Float] = []
            for plane in 0..<6 { for i in 0..<oh { for j in 0..<ow {
                let si = min(Int((Float(i) * (Float(5) / Float(oh))).rounded(.down)), 4)
                let sj = min(Int((Float(j) * (Float(7) / Float(ow))).rounded(.down)), 6)
                expected.append(x.data[plane * 35 + si * 7 + sj])
            } } }
            XCTAssertEqual(y.scalars, expected, "\(oh) x \(ow)")
        }
    }

    func testUpsampleNearestBackwardSumsBlocks() {
        let x = randomTensor([1, 2, 3, 2], seed: 3)
        x.upsampleNearest(scale: 3).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [Float](repeating: 9, count: 12))
    }

    func testResizeGradients() {
        // (shape, out height, out width)
        let cases: [([Int], Int, Int)] = [
            ([1, 2, 7, 5], 10, 3), ([2, 3, 6, 9], 4, 13), ([1, 1, 5, 5], 1, 1), ([1, 2, 7, 5], 14, 10),
            ([2, 1, 3, 4], 9, 8),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor(c.0, seed: UInt64(i))
            for mode in [ResizeMode.nearest, .bilinear] {
                for align in [false, true] where mode == .bilinear || !align {
                    assertGradientsMatch([x]) { $0[0].resize(height: c.1, width: c.2, mode: mode, alignCorners: align) }
                }
            }
        }
        let x = randomTensor([2, 3, 5, 4], seed: 9)
        assertGradientsMatch([x]) { $0[0].upsampleNearest(scale: 2) }
        assertGradientsMatch([x]) { $0[0].upsampleNearest(scale: 3) }
    }

    func testLargeResizeMatchesAcrossThreadCounts() {
        let x = randomTensor([2, 16, 24, 40], seed: 4)
        assertIndependentOfThreadCount {
            x.zeroGrad()
            let a = x.resize(height: 61, width: 77, mode: .bilinear)
            let b = x.upsampleNearest(scale: 2)
            let y = (a * a).sum() + (b * b).sum()
            y.backward()
            return a.scalars + b.scalars + x.grad!.scalars
        }
    }
}
