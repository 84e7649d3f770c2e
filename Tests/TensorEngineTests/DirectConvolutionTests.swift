import EngineTestSupport
import XCTest
@testable import TensorEngine

/// The direct convolution kernels against the im2col + GEMM path they replace for thin
/// layers: outputs and all three gradients on random shapes (odd sizes, channel counts
/// that are not multiples of 8, widths below and between the 8-pixel vectors, stride 2,
/// dilation 2 and 4, batch 1), to 1e-5 relative; and against finite differences.
final class DirectConvolutionTests: XCTestCase {
    override func tearDown() { DirectConvPlan.mode = .auto }

    struct Case {
        var n, cin, cout, h, w, k, stride, pad, dilation: Int
        var bias = true
    }

    static let cases: [Case] = [
        Case(n: 2, cin: 16, cout: 16, h: 16, w: 32, k: 3, stride: 1, pad: 1, dilation: 1),
        Case(n: 1, cin: 3, cout: 13, h: 9, w: 11, k: 3, stride: 1, pad: 1, dilation: 1),
        Case(n: 2, cin: 5, cout: 8, h: 12, w: 20, k: 3, stride: 2, pad: 1, dilation: 1),
        Case(n: 1, cin: 7, cout: 17, h: 11, w: 13, k: 3, stride: 2, pad: 1, dilation: 1, bias: false),
        Case(n: 2, cin: 6, cout: 9, h: 14, w: 19, k: 3, stride: 1, pad: 2, dilation: 2),
        Case(n: 1, cin: 4, cout: 24, h: 17, w: 23, k: 3, stride: 1, pad: 4, dilation: 4),
        Case(n: 2, cin: 9, cout: 1, h: 10, w: 30, k: 3, stride: 1, pad: 0, dilation: 1),
        Case(n: 3, cin: 8, cout: 16, h: 7, w: 5, k: 1, stride: 1, pad: 0, dilation: 1),
        Case(n: 2, cin: 8, cout: 12, h: 16, w: 16, k: 1, stride: 2, pad: 0, dilation: 1, bias: false),
        Case(n: 1, cin: 2, cout: 10, h: 8, w: 8, k: 2, stride: 2, pad: 0, dilation: 1),
        Case(n: 2, cin: 3, cout: 5, h: 6, w: 9, k: 3, stride: 1, pad: 3, dilation: 3),
    ]

    /// Output and gradients of one case on the chosen path.
    func run(_ c: Case, mode: DirectConvPlan.Mode, seed: UInt64) -> [[Float]] {
        DirectConvPlan.mode = mode
        defer { DirectConvPlan.mode = .auto }
        let x = randomTensor([c.n, c.cin, c.h, c.w], -1, 1, seed: seed)
        let w = randomTensor([c.cout, c.cin, c.k, c.k], -0.5, 0.5, seed: seed + 1)
        let b = c.bias ? randomTensor([c.cout], -0.5, 0.5, seed: seed + 2) : nil
        let y = x.conv2d(w, bias: b, stride: c.stride, padding: c.pad, dilation: c.dilation)
        let weights = randomTensor(y.shape, -1, 1, seed: seed + 3, requiresGrad: false)
        (y * weights).sum().backward()
        return [y.scalars, x.grad!.scalars, w.grad!.scalars] + (b.map { [$0.grad!.scalars] } ?? [])
    }

    func testDirectMatchesGEMMOnRandomShapes() {
        for (i, c) in Self.cases.enumerated() {
            let plan = DirectConvPlan(batch: c.n, inChannels: c.cin, outChannels: c.cout,
                                      geometry: ConvGeometry(inHeight: c.h, inWidth: c.w, kernelHeight: c.k,
                                                             kernelWidth: c.k, strideY: c.stride, strideX: c.stride,
                                                             padY: c.pad, padX: c.pad, dilationY: c.dilation,
                                                             dilationX: c.dilation))
            XCTAssertTrue(plan.supported, "case \(i)")
            let direct = run(c, mode: .direct, seed: UInt64(100 * i))
            let gemm = run(c, mode: .gemm, seed: UInt64(100 * i))
            for (name, (a, b)) in zip(["output", "input gradient", "weight gradient", "bias gradient"], zip(direct, gemm)) {
                let scale = max(1e-3, b.map { abs($0) }.max() ?? 0)
                var worst: Float = 0
                for (u, v) in zip(a, b) { worst = max(worst, abs(u - v) / max(scale, abs(v))) }
                XCTAssertLessThan(worst, 1e-5, "case \(i) \(name): \(c)")
            }
        }
    }

    func testDirectGradientsMatchFiniteDifferences() {
        DirectConvPlan.mode = .direct
        for (k, c) in [Self.cases[1], Self.cases[3], Self.cases[4]].enumerated() {
            let x = randomTensor([c.n, c.cin, c.h, c.w], -1, 1, seed: UInt64(7 + k))
            let w = randomTensor([c.cout, c.cin, c.k, c.k], -0.5, 0.5, seed: UInt64(17 + k))
            let b = randomTensor([c.cout], -0.5, 0.5, seed: UInt64(27 + k))
            assertGradientsMatch([x, w, b], eps: 1e-2, rtol: 2e-2, atol: 2e-3) {
                $0[0].conv2d($0[1], bias: $0[2], stride: c.stride, padding: c.pad, dilation: c.dilation)
            }
        }
    }

    func testDirectIsIndependentOfThreadCount() {
        DirectConvPlan.mode = .direct
        let c = Self.cases[0]
        assertIndependentOfThreadCount { self.run(c, mode: .direct, seed: 5).flatMap { $0 } }
    }

    func testThinLayersChooseDirectAndWideOnesGEMM() {
        func chosen(_ cin: Int, _ cout: Int, _ k: Int, stride: Int = 1) -> Bool {
            DirectConvPlan(batch: 2, inChannels: cin, outChannels: cout,
                           geometry: ConvGeometry(inHeight: 16, inWidth: 32, kernelHeight: k, kernelWidth: k,
                                                  strideY: stride, strideX: stride, padY: k / 2, padX: k / 2)).chosen
        }
        XCTAssertTrue(chosen(16, 16, 3))
        XCTAssertTrue(chosen(48, 8, 1))
        XCTAssertFalse(chosen(16, 32, 3, stride: 2))
        XCTAssertFalse(chosen(32, 32, 3))
        XCTAssertFalse(chosen(256, 256, 3))
        XCTAssertFalse(chosen(3, 16, 7))     // 49 taps: GEMM
    }
}
