import XCTest
import Foundation
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class GaussianBlurTests: XCTestCase {
    /// floor(ceil(0.1 n) - 0.5 + ceil(0.1 n) mod 2), values from the reference's formula
    /// evaluated in Python.
    func testReferenceKernelSizes() {
        let expected = [1: 1, 5: 1, 9: 1, 10: 1, 11: 1, 19: 1, 20: 1, 21: 3, 60: 5, 64: 7, 96: 9,
                        128: 13, 200: 19, 256: 25, 512: 51, 1024: 103]
        for (n, k) in expected { XCTAssertEqual(GaussianBlur.referenceKernelSize(n), k, "n = \(n)") }
    }

    /// Normalised samples of exp(-x^2 / (2 sigma^2)); kornia documents
    /// get_gaussian_kernel(5, 1.5) = [0.1201, 0.2339, 0.2921, 0.2339, 0.1201].
    func testKernel() {
        assertClose(GaussianBlur.kernel(size: 5, sigma: 1.5), [0.1201, 0.2339, 0.2921, 0.2339, 0.1201], accuracy: 1e-4)
        let total = 1 + 2 * exp(-0.5) + 2 * exp(-2.0)
        assertClose(GaussianBlur.kernel(size: 5, sigma: 1),
                    [exp(-2.0), exp(-0.5), 1, exp(-0.5), exp(-2.0)].map { Float($0 / total) }, accuracy: 1e-7)
        XCTAssertEqual(GaussianBlur.kernel(size: 1, sigma: 0.5), [1])
    }

    func testConstantImageStaysConstant() {
        let image = Tensor(repeating: 0.37, shape: [2, 3, 64, 128])
        for sigma: Float in [0.15, 0.6, 1.15] {
            let blurred = GaussianBlur.apply(to: image, sigma: sigma) // 7 x 13 kernel
            XCTAssertEqual(blurred.shape, image.shape)
            for v in blurred.scalars { XCTAssertEqual(v, 0.37, accuracy: 1e-6) }
        }
    }

    /// A unit impulse away from the borders spreads into the outer product of the two
    /// normalised 1-D kernels (rows: the H kernel, columns: the W kernel).
    func testDeltaSpreadsToTheNormalisedGaussian() {
        let h = 15, w = 17, sigma: Float = 1.1
        let image = Tensor.zeros([1, 1, h, w])
        image.data[7 * w + 8] = 1
        let blurred = GaussianBlur.apply(to: image, sigma: sigma, kernelHeight: 5, kernelWidth: 7)
        let ky = GaussianBlur.kernel(size: 5, sigma: sigma), kx = GaussianBlur.kernel(size: 7, sigma: sigma)
        var total: Float = 0
        for y in 0..<h {
            for x in 0..<w {
                let dy = y - 7, dx = x - 8
                let expected: Float = abs(dy) <= 2 && abs(dx) <= 3 ? ky[dy + 2] * kx[dx + 3] : 0
                XCTAssertEqual(blurred.data[y * w + x], expected, accuracy: 1e-7, "(\(y), \(x))")
                total += blurred.data[y * w + x]
            }
        }
        XCTAssertEqual(total, 1, accuracy: 1e-6)
        // The kernel itself: a 2D Gaussian, e.g. the centre over its horizontal neighbour.
        XCTAssertEqual(blurred.data[7 * w + 8] / blurred.data[7 * w + 9], Float(exp(1 / (2 * 1.1 * 1.1))), accuracy: 1e-5)
    }

    /// Borders reflect without repeating the edge (PyTorch "reflect"): an impulse in column
    /// 0 reaches column j with weight k[c - j] only (c the kernel centre); one in column 1
    /// also has a mirror image at column -1, so columns 0 and 1 receive it twice.
    func testReflectPadding() {
        let w = 9, k = GaussianBlur.kernel(size: 5, sigma: 1)
        let edge = Tensor.zeros([1, 1, 1, w])
        edge.data[0] = 1
        let fromEdge = GaussianBlur.apply(to: edge, sigma: 1, kernelHeight: 1, kernelWidth: 5).scalars
        assertClose(fromEdge, [k[2], k[1], k[0], 0, 0, 0, 0, 0, 0], accuracy: 1e-7)
        let inner = Tensor.zeros([1, 1, 1, w])
        inner.data[1] = 1
        let fromInner = GaussianBlur.apply(to: inner, sigma: 1, kernelHeight: 1, kernelWidth: 5).scalars
        assertClose(fromInner, [k[1] + k[3], k[0] + k[2], k[1], k[0], 0, 0, 0, 0, 0], accuracy: 1e-7)
    }

    func testIndependentOfThreadCount() {
        let image = randomTensor([2, 3, 256, 256], 0, 1, seed: 5, requiresGrad: false) // 2 chunks at 2 threads
        assertIndependentOfThreadCount { GaussianBlur.apply(to: image, sigma: 0.9).scalars }
    }

    /// The values of kornia 0.4.0's `GaussianBlur2d((3, 5), (0.8, 0.8))` (run once, in
    /// Python) on a [1, 1, 8, 12] image with values ((37 i) mod 101) / 100.
    func testMatchesKornia040() {
        let image = Tensor((0..<96).map { Float(Double((37 * $0) % 101) / 100) }, shape: [1, 1, 8, 12])
        let kornia: [Float] = [
            0.3715764, 0.444956, 0.4372916, 0.4232363, 0.5402901, 0.5372916,
            0.5232363, 0.64029, 0.6267046, 0.5013558, 0.3741876, 0.3048961,
            0.4575255, 0.4626687, 0.4429724, 0.5000001, 0.5570276, 0.5429724,
            0.6, 0.6517343, 0.5762511, 0.4537489, 0.3726248, 0.3724745,
            0.4855021, 0.4723449, 0.53, 0.5817343, 0.5178131, 0.5095212,
            0.6265751, 0.6009577, 0.483749, 0.4082659, 0.4606276, 0.5185533,
            0.5014468, 0.5593725, 0.6117342, 0.5362512, 0.4190424, 0.3934251,
            0.5104789, 0.502187, 0.4382659, 0.49, 0.5476553, 0.534498,
            0.6475255, 0.6473752, 0.5662512, 0.4437489, 0.3682658, 0.42,
            0.4770277, 0.4629724, 0.52, 0.5717341, 0.5021722, 0.4419957,
            0.6649151, 0.5956237, 0.4737489, 0.3982659, 0.45, 0.5070277,
            0.4929724, 0.5500001, 0.6017342, 0.5262511, 0.4043765, 0.3350848,
            0.5580044, 0.4978279, 0.4282659, 0.48, 0.5370277, 0.5229724,
            0.58, 0.6317342, 0.5562512, 0.4337489, 0.3526248, 0.3524745,
            0.5051039, 0.4473744, 0.43971, 0.5567638, 0.5427086, 0.53971,
            0.6567638, 0.6311466, 0.5086442, 0.3832954, 0.3650441, 0.4384236,
        ]
        assertClose(GaussianBlur.apply(to: image, sigma: 0.8, kernelHeight: 3, kernelWidth: 5).scalars, kornia,
                    accuracy: 1e-6)
    }
}
