import Foundation
import ImageIO
import XCTest

/// Pillow-style resampling checked against a brute-force evaluation of the same
/// formula, one output sample at a time.
final class ImageResamplerTests: XCTestCase {
    /// Deterministic test samples.
    func samples(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    /// Lanczos-3 written out directly.
    func lanczos(_ x: Double) -> Double {
        if x == 0 { return 1 }
        guard abs(x) < 3 || x == -3 else { return 0 }
        return 3 * sin(Double.pi * x) * sin(Double.pi * x / 3) / (Double.pi * Double.pi * x * x)
    }

    /// One output sample of a one-dimensional pass, from scratch: the weights of output
    /// index `i` (window widened by the downscale factor, normalised, 22-bit fixed
    /// point) applied to `line(j)`, rounded and clamped to 0...255.
    func filtered(_ i: Int, inputSize: Int, outputSize: Int, _ line: (Int) -> Int) -> UInt8 {
        let scale = Double(inputSize) / Double(outputSize)
        let widen = max(1, scale)
        let centre = (Double(i) + 0.5) * scale
        let taps = (0..<inputSize).filter {
            $0 >= Int(centre - 3 * widen + 0.5) && $0 < Int(centre + 3 * widen + 0.5)
        }
        let raw = taps.map { lanczos((Double($0) - centre + 0.5) * (1 / widen)) }
        let total = raw.reduce(0, +)
        var sum = 1 << 21
        for (k, j) in taps.enumerated() {
            let w = raw[k] / total * 4_194_304
            sum += Int(w < 0 ? w - 0.5 : w + 0.5) * line(j)
        }
        return UInt8(max(0, min(255, sum >> 22)))
    }

    /// The brute-force resize: horizontal pass into an 8-bit intermediate, then
    /// vertical, each sample on its own (passes skipped when a size is unchanged).
    func bruteForce(_ image: PNGImage, width: Int, height: Int) -> [UInt8] {
        let c = image.kind.channels
        func source(_ x: Int, _ y: Int, _ ch: Int) -> Int { Int(image.pixels[(y * image.width + x) * c + ch]) }
        func horizontal(_ x: Int, _ y: Int, _ ch: Int) -> Int {
            width == image.width ? source(x, y, ch)
                : Int(filtered(x, inputSize: image.width, outputSize: width) { source($0, y, ch) })
        }
        var out: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for ch in 0..<c {
                    out.append(height == image.height ? UInt8(horizontal(x, y, ch))
                               : filtered(y, inputSize: image.height, outputSize: height) { horizontal(x, $0, ch) })
                }
            }
        }
        return out
    }

    func testAntialiasedMatchesBruteForce() {
        let cases: [(w: Int, h: Int, ow: Int, oh: Int)] = [
            (13, 7, 5, 3), (16, 8, 8, 4), (4, 3, 9, 5), (9, 6, 9, 2), (11, 5, 3, 5), (64, 32, 7, 3), (5, 5, 1, 1),
        ]
        for (n, size) in cases.enumerated() {
            let rgb = PNGImage(width: size.w, height: size.h, rgb8: samples(size.w * size.h * 3, seed: UInt64(n + 1)))
            let grey = PNGImage(width: size.w, height: size.h, gray8: samples(size.w * size.h, seed: UInt64(n + 50)))
            for image in [rgb, grey] {
                let resized = ImageResampler.resizedAntialiased(image, width: size.ow, height: size.oh)
                XCTAssertEqual(resized.kind, image.kind)
                XCTAssertEqual([resized.width, resized.height], [size.ow, size.oh])
                XCTAssertEqual(resized.pixels, bruteForce(image, width: size.ow, height: size.oh),
                               "\(image.kind) \(size.w)x\(size.h) -> \(size.ow)x\(size.oh)")
            }
        }
    }

    func testAntialiasedKeepsConstantsAndIdentity() {
        let flat = PNGImage(width: 10, height: 6, rgb8: [UInt8](repeating: 0, count: 180).enumerated().map {
            [200, 17, 255][$0.offset % 3]
        })
        XCTAssertEqual(ImageResampler.resizedAntialiased(flat, width: 4, height: 3).pixels,
                       (0..<12).flatMap { _ in [UInt8(200), 17, 255] })
        XCTAssertEqual(ImageResampler.resizedAntialiased(flat, width: 23, height: 11).pixels,
                       (0..<253).flatMap { _ in [UInt8(200), 17, 255] })
        let noise = PNGImage(width: 7, height: 5, gray8: samples(35, seed: 9))
        XCTAssertEqual(ImageResampler.resizedAntialiased(noise, width: 7, height: 5), noise)
    }

    func testAntialiasedHalvingAveragesAndRingsAtEdges() {
        // One bright column among dark ones: halving spreads it over neighbours with
        // Lanczos' negative lobes clamped at 0, symmetrically about the source column.
        var row = [UInt8](repeating: 0, count: 16)
        row[7] = 255
        row[8] = 255
        let image = PNGImage(width: 16, height: 1, gray8: row)
        let half = ImageResampler.resizedAntialiased(image, width: 8, height: 1).pixels
        XCTAssertEqual(half, half.reversed(), "a symmetric input stays symmetric")
        XCTAssertEqual(half[3], half[4])
        XCTAssertGreaterThan(half[3], 100)
        XCTAssertEqual(half[0], 0)
    }

    func testNearestPicksPillowsSourcePixels() {
        XCTAssertEqual(ImageResampler.nearestIndices(inputSize: 64, outputSize: 32), (0..<32).map { 2 * $0 + 1 })
        XCTAssertEqual(ImageResampler.nearestIndices(inputSize: 3, outputSize: 7), [0, 0, 1, 1, 1, 2, 2])
        XCTAssertEqual(ImageResampler.nearestIndices(inputSize: 5, outputSize: 2), [1, 3])
        // Pillow's stepped positions (8-bit images) leave the closed form only where
        // (i + 0.5) * 2048 / 100 is a whole number, i.e. 2i + 1 a multiple of 25.
        let closed = ImageResampler.nearestIndices(inputSize: 2048, outputSize: 100)
        let stepped = ImageResampler.nearestIndices(inputSize: 2048, outputSize: 100, accumulated: true)
        let differing = (0..<100).filter { closed[$0] != stepped[$0] }
        XCTAssertFalse(differing.isEmpty)
        XCTAssertTrue(Set(differing).isSubset(of: [12, 37, 62, 87]), "\(differing)")
        XCTAssertTrue(differing.allSatisfy { abs(closed[$0] - stepped[$0]) == 1 })
        let w = 9, h = 5, ow = 4, oh = 7
        let labels = PNGImage(width: w, height: h, gray8: samples(w * h, seed: 3))
        let rgb = PNGImage(width: w, height: h, rgb8: samples(w * h * 3, seed: 4))
        let disparity = PNGImage(width: w, height: h, gray16: (0..<w * h).map { UInt16($0 * 1000) })
        let nearestLabels = ImageResampler.resizedNearest(labels, width: ow, height: oh)
        let nearestRGB = ImageResampler.resizedNearest(rgb, width: ow, height: oh)
        let nearestDisparity = ImageResampler.resizedNearest(disparity, width: ow, height: oh)
        for y in 0..<oh {
            for x in 0..<ow {
                // No boundary ties at these sizes: both of Pillow's evaluations agree.
                let sx = Int(floor((Double(x) + 0.5) * Double(w) / Double(ow)))
                let sy = Int(floor((Double(y) + 0.5) * Double(h) / Double(oh)))
                XCTAssertEqual(nearestLabels.pixels[y * ow + x], labels.pixels[sy * w + sx])
                XCTAssertEqual(nearestDisparity.pixels16[y * ow + x], disparity.pixels16[sy * w + sx])
                for c in 0..<3 {
                    XCTAssertEqual(nearestRGB.pixels[(y * ow + x) * 3 + c], rgb.pixels[(sy * w + sx) * 3 + c])
                }
            }
        }
    }
}
