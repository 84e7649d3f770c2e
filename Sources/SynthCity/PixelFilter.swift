/// Reconstruction of pixels from supersamples, like a camera's optics and sensor.
enum PixelFilter {
    /// Pixels from a grid of `supersampling` x `supersampling` samples per pixel (the
    /// grid row-major, `width * supersampling` samples wide; sample (a, b) of pixel
    /// (i, j) sits at pixel coordinates (i + (a + 0.5) / n - 0.5, j + (b + 0.5) / n - 0.5)).
    /// Each pixel is the tent-weighted mean (radius one pixel) of the samples around
    /// its centre, so it blends a little of its neighbours: edges become ramps that
    /// interpolate smoothly between frames, as in a real camera's image.
    static func tent(_ samples: [SIMD3<Float>], width: Int, height: Int, supersampling n: Int) -> [SIMD3<Float>] {
        guard n > 1 else { return samples }
        // Offsets k of the samples (relative to i * n) within one pixel of the centre,
        // and their tent weights.
        var taps: [(offset: Int, weight: Float)] = []
        for k in -n..<(2 * n) {
            let distance = abs((Float(k) + 0.5) / Float(n) - 0.5)
            if distance < 1 { taps.append((k, 1 - distance)) }
        }
        let samplesWide = width * n, samplesHigh = height * n
        // Horizontal pass: width x samplesHigh.
        var rows = [SIMD3<Float>](repeating: .zero, count: width * samplesHigh)
        for y in 0..<samplesHigh {
            for i in 0..<width {
                var sum = SIMD3<Float>.zero, total: Float = 0
                for tap in taps {
                    let x = i * n + tap.offset
                    if x < 0 || x >= samplesWide { continue }
                    sum += samples[y * samplesWide + x] * tap.weight
                    total += tap.weight
                }
                rows[y * width + i] = sum / total
            }
        }
        // Vertical pass: width x height.
        var pixels = [SIMD3<Float>](repeating: .zero, count: width * height)
        for j in 0..<height {
            for i in 0..<width {
                var sum = SIMD3<Float>.zero, total: Float = 0
                for tap in taps {
                    let y = j * n + tap.offset
                    if y < 0 || y >= samplesHigh { continue }
                    sum += rows[y * width + i] * tap.weight
                    total += tap.weight
                }
                pixels[j * width + i] = sum / total
            }
        }
        return pixels
    }
}
