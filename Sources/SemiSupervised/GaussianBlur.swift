import Foundation
import TensorEngine

/// The Gaussian blur of the strong augmentation: kornia 0.4.0's
/// `GaussianBlur2d(kernel_size, (sigma, sigma))` with its default reflect padding, as the
/// reference calls it (loader/transformsgpu.py `gaussian_blur`).
///
/// The kernel is the normalised sampled Gaussian exp(-x^2 / (2 sigma^2)), x = -k/2 ... k/2
/// (pixels), separable into a vertical and a horizontal pass (kornia convolves once with
/// their outer product; equal up to Float32 rounding). Borders reflect without repeating
/// the edge pixel (PyTorch's "reflect": index -1 reads index 1).
///
/// Images are [N, C, H, W] Float32; every channel is blurred on its own; sigma in pixels.
public enum GaussianBlur {
    /// The reference's kernel size for an image extent of `n` pixels (about 10% of it, odd):
    /// floor(ceil(0.1 n) - 0.5 + ceil(0.1 n) mod 2), i.e. ceil(0.1 n) when that is odd,
    /// else one less, computed in Float64 as NumPy does (64 -> 7, 128 -> 13, 512 -> 51).
    public static func referenceKernelSize(_ n: Int) -> Int {
        let c = (0.1 * Double(n)).rounded(.up)
        return Int((c - 0.5 + c.truncatingRemainder(dividingBy: 2)).rounded(.down))
    }

    /// The normalised 1-D kernel of odd `size` (sums to 1, symmetric), kornia's `gaussian`.
    public static func kernel(size: Int, sigma: Float) -> [Float] {
        precondition(size > 0 && size % 2 == 1, "GaussianBlur: kernel size \(size) must be odd and positive")
        precondition(sigma > 0, "GaussianBlur: sigma \(sigma) must be positive")
        let half = size / 2, twoSigmaSquared = 2 * Double(sigma) * Double(sigma)
        let raw = (0..<size).map { i -> Double in
            let x = Double(i - half)
            return Foundation.exp(-x * x / twoSigmaSquared)
        }
        let total = raw.reduce(0, +)
        return raw.map { Float($0 / total) }
    }

    /// Blurs `images` [N, C, H, W] with sigma (pixels, both axes) and the reference's kernel
    /// sizes for H (rows) and W (columns). Returns a new tensor; no gradient is recorded.
    public static func apply(to images: Tensor, sigma: Float) -> Tensor {
        precondition(images.rank == 4, "GaussianBlur: images must be [N, C, H, W], got \(images.shape)")
        return apply(to: images, sigma: sigma, kernelHeight: referenceKernelSize(images.shape[2]),
                     kernelWidth: referenceKernelSize(images.shape[3]))
    }

    /// Blurs `images` [N, C, H, W] with explicit odd kernel sizes; each half-size must be
    /// smaller than the extent it pads (reflect padding).
    public static func apply(to images: Tensor, sigma: Float, kernelHeight: Int, kernelWidth: Int) -> Tensor {
        precondition(images.rank == 4, "GaussianBlur: images must be [N, C, H, W], got \(images.shape)")
        let h = images.shape[2], w = images.shape[3]
        precondition(kernelHeight / 2 < h && kernelWidth / 2 < w,
                     "GaussianBlur: kernel \(kernelHeight)x\(kernelWidth) too large to reflect-pad \(h)x\(w)")
        let ky = kernel(size: kernelHeight, sigma: sigma), kx = kernel(size: kernelWidth, sigma: sigma)
        let out = Tensor(uninitializedShape: images.shape)
        let planes = images.shape[0] * images.shape[1], plane = h * w
        let src = images.data, dst = out.data
        ky.withUnsafeBufferPointer { kyp in
            kx.withUnsafeBufferPointer { kxp in
                let kyBase = kyp.baseAddress!, kxBase = kxp.baseAddress!
                Parallel.forEachChunk(planes, grain: Swift.max(1, 65_536 / Swift.max(plane, 1))) { _, range in
                    // One scratch allocation per chunk: the vertically blurred plane and
                    // one padded row.
                    let column = UnsafeMutablePointer<Float>.allocate(capacity: plane)
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: w + kernelWidth - 1)
                    defer { column.deallocate(); padded.deallocate() }
                    for p in range {
                        verticalPass(src + p * plane, into: column, height: h, width: w,
                                     kernel: kyBase, size: kernelHeight)
                        horizontalPass(column, into: dst + p * plane, height: h, width: w,
                                       kernel: kxBase, size: kernelWidth, padded: padded)
                    }
                }
            }
        }
        return out
    }

    /// PyTorch's reflect index: -1 -> 1, n -> n - 2 (valid for offsets below n).
    @inline(__always)
    static func reflect(_ i: Int, _ n: Int) -> Int {
        i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i)
    }

    /// out row y = sum_k kernel[k] * in row reflect(y + k - size / 2), whole rows at a time.
    private static func verticalPass(_ src: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                                     height: Int, width: Int, kernel: UnsafePointer<Float>, size: Int) {
        let half = size / 2
        for y in 0..<height {
            let row = out + y * width
            row.update(repeating: 0, count: width)
            for k in 0..<size {
                let weight = kernel[k], input = src + reflect(y + k - half, height) * width
                for x in 0..<width { row[x] += weight * input[x] }
            }
        }
    }

    /// out[y, x] = sum_k kernel[k] * in[y, reflect(x + k - size / 2)] via a padded copy of each row.
    private static func horizontalPass(_ src: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                                       height: Int, width: Int, kernel: UnsafePointer<Float>, size: Int,
                                       padded: UnsafeMutablePointer<Float>) {
        let half = size / 2
        for y in 0..<height {
            let input = src + y * width, row = out + y * width
            for i in 0..<(width + size - 1) { padded[i] = input[reflect(i - half, width)] }
            row.update(repeating: 0, count: width)
            for k in 0..<size {
                let weight = kernel[k], shifted = padded + k
                for x in 0..<width { row[x] += weight * shifted[x] }
            }
        }
    }
}
