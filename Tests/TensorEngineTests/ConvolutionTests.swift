import XCTest
@testable import TensorEngine
import EngineTestSupport

final class ConvolutionTests: XCTestCase {
    /// Direct-loop convolution in Float64, the reference for every configuration.
    private func referenceConv(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int,
                               dilation: Int) -> [Float] {
        let (n, cin, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (cout, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let ho = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1
        let wo = (wd + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
        var out = [Float]()
        for img in 0..<n { for co in 0..<cout { for oy in 0..<ho { for ox in 0..<wo {
            var s = Double(b?.data[co] ?? 0)
            for ci in 0..<cin { for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * stride - padding + ky * dilation, ix = ox * stride - padding + kx * dilation
                if iy < 0 || iy >= h || ix < 0 || ix >= wd { continue }
                s += Double(x.data[((img * cin + ci) * h + iy) * wd + ix]) * Double(w.data[((co * cin + ci) * kh + ky) * kw + kx])
            } } }
            out.append(Float(s))
        } } } }
        return out
    }

    func testForwardByHand() {
        // 1 image, 1 channel 3x3, 2x2 kernel of ones, bias 1: sums of 2x2 windows + 1.
        let x = Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [1, 1, 3, 3])
        let w = Tensor.ones([1, 1, 2, 2])
        let y = x.conv2d(w, bias: Tensor([1], shape: [1]))
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.scalars, [13, 17, 25, 29])
        // Padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1).
        XCTAssertEqual(x.conv2d(w, stride: 2, padding: 1).scalars, [1, 5, 11, 28])
    }

    func testForwardMatchesDirectLoopsAcrossConfigurations() {
        // (N, Cin, H, W, Cout, k, stride, padding, dilation): odd sizes, strides, dilations,
        // both the batched (small map) and the per-image (large map) product layouts.
        let cases: [(Int, Int, Int, Int, Int, Int, Int, Int, Int)] = [
            (2, 3, 7, 5, 4, 3, 1, 1, 1), (1, 2, 9, 8, 3, 3, 2, 1, 1), (2, 4, 11, 9, 2, 3, 1, 2, 2),
            (3, 2, 6, 7, 5, 1, 1, 0, 1), (2, 3, 8, 8, 2, 1, 2, 0, 1), (1, 3, 10, 7, 2, 7, 2, 3, 1),
            (2, 2, 96, 100, 3, 3, 1, 1, 1), (1, 2, 5, 5, 2, 3, 1, 2, 3),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor([c.0, c.1, c.2, c.3], seed: UInt64(i), requiresGrad: false)
            let w = randomTensor([c.4, c.1, c.5, c.5], seed: UInt64(50 + i), requiresGrad: false)
            let b = randomTensor([c.4], seed: UInt64(90 + i), requiresGrad: false)
            let y = x.conv2d(w, bias: b, stride: c.6, padding: c.7, dilation: c.8)
            assertClose(y.scalars, referenceConv(x, w, b, stride: c.6, padding: c.7, dilation: c.8), accuracy: 1e-4)
        }
    }

    func testGradientsAgainstFiniteDifferences() {
        let cases: [(Int, Int, Int, Int, Int, Int, Int, Int, Int)] = [
            (2, 3, 7, 5, 4, 3, 1, 1, 1), (1, 2, 9, 8, 3, 3, 2, 1, 1), (2, 2, 11, 9, 2, 3, 1, 2, 2),
            (2, 3, 6, 7, 2, 1, 1, 0, 1), (1, 2, 8, 9, 2, 1, 2, 0, 1), (1, 2, 90, 92, 2, 3, 1, 1, 1),
        ]
        for (i, c) in cases.enumerated() {
            let x = randomTensor([c.0, c.1, c.2, c.3], seed: UInt64(i))
            let w = randomTensor([c.4, c.1, c.5, c.5], seed: UInt64(50 + i))
            let b = randomTensor([c.4], seed: UInt64(90 + i))
            assertGradientsMatch([x, w, b], eps: 1e-2) {
                $0[0].conv2d($0[1], bias: $0[2], stride: c.6, padding: c.7, dilation: c.8)
            }
        }
    }

    func testNoBiasAndAsymmetricSettings() {
        let x = randomTensor([2, 2, 7, 8], seed: 1)
        let w = randomTensor([3, 2, 3, 1], seed: 2)
        assertGradientsMatch([x, w]) { $0[0].conv2d($0[1], bias: nil, stride: (2, 1), padding: (1, 0), dilation: (1, 1)) }
    }
}
