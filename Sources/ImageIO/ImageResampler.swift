import Foundation

/// Resizing of `PNGImage`s the way Pillow's `Image.resize` does it.
///
/// - `resizedAntialiased`: Pillow's LANCZOS (formerly ANTIALIAS) filter for 8-bit RGB and
///   grey images. Separable: a horizontal pass into an 8-bit intermediate image, then a
///   vertical pass (a pass is skipped when its size does not change). Each output
///   sample is a weighted sum of input samples under a Lanczos-3 window centred on the
///   output pixel's centre mapped into the input, `(x + 0.5) * scale`; when shrinking,
///   the window widens by the scale factor (so every input pixel contributes: no
///   aliasing). Weights are normalised to sum to one, converted to 22-bit fixed point,
///   summed in integers with a rounding offset, and clamped to 0...255, so the result
///   matches Pillow sample for sample.
/// - `resizedNearest`: Pillow's NEAREST for any kind (labels, 16-bit disparity): output
///   pixel `x` copies input pixel `floor((x + 0.5) * source / destination)` (for 8-bit
///   images with Pillow's step-by-step evaluation of that position; see
///   `nearestIndices`).
public enum ImageResampler {
    /// Fixed-point precision of the filter weights, in bits (as Pillow's 8-bit path).
    static let precisionBits = 22

    /// The Lanczos-3 kernel: sinc(x) * sinc(x / 3) on [-3, 3), zero elsewhere.
    static func lanczos3(_ x: Double) -> Double {
        guard x >= -3 && x < 3 else { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    /// Half-width of the Lanczos-3 kernel, in input pixels at scale 1.
    static let lanczosSupport = 3.0

    static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let t = x * Double.pi
        return sin(t) / t
    }

    /// The filter taps of one output line: for output index `i`, the input indices
    /// `first[i] ..< first[i] + count[i]` with fixed-point weights
    /// `weights[i * stride ..< i * stride + count[i]]`.
    struct Taps {
        var first: [Int]
        var count: [Int]
        var stride: Int
        var weights: [Int32]

        /// Lanczos-3 taps mapping `inputSize` samples onto `outputSize`.
        init(inputSize: Int, outputSize: Int) {
            let scale = Double(inputSize) / Double(outputSize)
            let filterScale = max(scale, 1)
            let support = ImageResampler.lanczosSupport * filterScale
            stride = Int(support.rounded(.up)) * 2 + 1
            first = [Int](repeating: 0, count: outputSize)
            count = [Int](repeating: 0, count: outputSize)
            weights = [Int32](repeating: 0, count: outputSize * stride)
            let one = Double(1 << ImageResampler.precisionBits)
            let reciprocal = 1 / filterScale
            var raw = [Double](repeating: 0, count: stride)
            for i in 0..<outputSize {
                let centre = (Double(i) + 0.5) * scale
                let lo = max(0, Int(centre - support + 0.5))
                let hi = min(inputSize, Int(centre + support + 0.5))
                let n = max(0, hi - lo)
                var total = 0.0
                for k in 0..<n {
                    let w = ImageResampler.lanczos3((Double(k + lo) - centre + 0.5) * reciprocal)
                    raw[k] = w
                    total += w
                }
                for k in 0..<n {
                    let w = total != 0 ? raw[k] / total : raw[k]
                    weights[i * stride + k] = Int32(w < 0 ? w * one - 0.5 : w * one + 0.5)
                }
                first[i] = lo
                count[i] = n
            }
        }
    }

    /// An 8-bit sample from a fixed-point sum (which already holds the rounding offset).
    @inline(__always)
    static func clampToByte(_ sum: Int32) -> UInt8 {
        if sum <= 0 { return 0 }
        let value = sum >> Int32(precisionBits)
        return value >= 255 ? 255 : UInt8(value)
    }

    /// The image resized to `width` x `height` with Pillow's LANCZOS filter.
    /// `image` must be `.rgb8` or `.gray8`; both sizes must be positive.
    public static func resizedAntialiased(_ image: PNGImage, width: Int, height: Int) -> PNGImage {
        precondition(image.kind != .gray16, "ImageResampler: antialiased resizing takes 8-bit images")
        precondition(width > 0 && height > 0 && image.width > 0 && image.height > 0,
                     "ImageResampler: cannot resize \(image.width)x\(image.height) to \(width)x\(height)")
        let channels = image.kind.channels
        var samples = image.pixels
        var currentWidth = image.width
        if width != image.width {
            samples = horizontalPass(samples, width: image.width, height: image.height,
                                     channels: channels, outputWidth: width)
            currentWidth = width
        }
        if height != image.height {
            samples = verticalPass(samples, width: currentWidth, height: image.height,
                                   channels: channels, outputHeight: height)
        }
        return image.kind == .rgb8
            ? PNGImage(width: width, height: height, rgb8: samples)
            : PNGImage(width: width, height: height, gray8: samples)
    }

    /// Resamples every row of an interleaved 8-bit image to `outputWidth` pixels.
    static func horizontalPass(_ input: [UInt8], width: Int, height: Int, channels: Int,
                               outputWidth: Int) -> [UInt8] {
        let taps = Taps(inputSize: width, outputSize: outputWidth)
        let half = Int32(1 << (precisionBits - 1))
        var output = [UInt8](repeating: 0, count: outputWidth * height * channels)
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                taps.weights.withUnsafeBufferPointer { w in
                    for y in 0..<height {
                        let row = y * width * channels
                        let outRow = y * outputWidth * channels
                        for x in 0..<outputWidth {
                            let lo = taps.first[x], n = taps.count[x], k0 = x * taps.stride
                            for c in 0..<channels {
                                var sum = half
                                var p = row + lo * channels + c
                                for k in 0..<n {
                                    sum &+= Int32(src[p]) &* w[k0 + k]
                                    p += channels
                                }
                                dst[outRow + x * channels + c] = clampToByte(sum)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Resamples every column of an interleaved 8-bit image to `outputHeight` rows.
    static func verticalPass(_ input: [UInt8], width: Int, height: Int, channels: Int,
                             outputHeight: Int) -> [UInt8] {
        let taps = Taps(inputSize: height, outputSize: outputHeight)
        let rowLength = width * channels
        let half = Int32(1 << (precisionBits - 1))
        var output = [UInt8](repeating: 0, count: rowLength * outputHeight)
        var sums = [Int32](repeating: 0, count: rowLength)
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                sums.withUnsafeMutableBufferPointer { acc in
                    for y in 0..<outputHeight {
                        for i in 0..<rowLength { acc[i] = half }
                        let lo = taps.first[y], k0 = y * taps.stride
                        for k in 0..<taps.count[y] {
                            let weight = taps.weights[k0 + k]
                            let row = (lo + k) * rowLength
                            for i in 0..<rowLength { acc[i] &+= Int32(src[row + i]) &* weight }
                        }
                        let outRow = y * rowLength
                        for i in 0..<rowLength { dst[outRow + i] = clampToByte(acc[i]) }
                    }
                }
            }
        }
        return output
    }

    /// For each of `outputSize` output indices, the input index Pillow's NEAREST picks:
    /// floor((i + 0.5) * inputSize / outputSize), at most `inputSize - 1`. With
    /// `accumulated`, the position is stepped as Pillow does for 8-bit images (start at
    /// half a step, add the step per pixel), which differs from the closed form only
    /// where the position lands on a pixel boundary up to rounding (e.g. 2048 -> 100).
    public static func nearestIndices(inputSize: Int, outputSize: Int, accumulated: Bool = false) -> [Int] {
        let scale = Double(inputSize) / Double(outputSize)
        guard accumulated else {
            return (0..<outputSize).map { min(inputSize - 1, Int((Double($0) + 0.5) * scale)) }
        }
        var position = scale * 0.5
        var indices = [Int](repeating: 0, count: outputSize)
        for i in 0..<outputSize {
            indices[i] = min(inputSize - 1, Int(position))
            position += scale
        }
        return indices
    }

    /// The image resized to `width` x `height` by nearest neighbour (any kind; samples
    /// are copied, never mixed). Both sizes must be positive.
    public static func resizedNearest(_ image: PNGImage, width: Int, height: Int) -> PNGImage {
        precondition(width > 0 && height > 0 && image.width > 0 && image.height > 0,
                     "ImageResampler: cannot resize \(image.width)x\(image.height) to \(width)x\(height)")
        // Pillow steps positions incrementally for 8-bit images and evaluates the closed
        // form for 16-bit ones; both are matched exactly.
        let stepped = image.kind != .gray16
        let columns = nearestIndices(inputSize: image.width, outputSize: width, accumulated: stepped)
        let rows = nearestIndices(inputSize: image.height, outputSize: height, accumulated: stepped)
        switch image.kind {
        case .rgb8:
            return PNGImage(width: width, height: height,
                            rgb8: gather(image.pixels, width: image.width, channels: 3, rows: rows, columns: columns))
        case .gray8:
            return PNGImage(width: width, height: height,
                            gray8: gather(image.pixels, width: image.width, channels: 1, rows: rows, columns: columns))
        case .gray16:
            return PNGImage(width: width, height: height,
                            gray16: gather(image.pixels16, width: image.width, channels: 1, rows: rows, columns: columns))
        }
    }

    /// Copies the pixels at (rows[y], columns[x]) of an interleaved image.
    static func gather<Sample>(_ input: [Sample], width: Int, channels: Int, rows: [Int],
                               columns: [Int]) -> [Sample] {
        let count = rows.count * columns.count * channels
        return [Sample](unsafeUninitializedCapacity: count) { out, initialized in
            input.withUnsafeBufferPointer { src in
                var o = 0
                for sy in rows {
                    let row = sy * width * channels
                    for sx in columns {
                        let p = row + sx * channels
                        for c in 0..<channels {
                            (out.baseAddress! + o).initialize(to: src[p + c])
                            o += 1
                        }
                    }
                }
            }
            initialized = count
        }
    }
}
