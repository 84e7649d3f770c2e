#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of a texture a colour sample may show, so textures are band-limited like a
/// real camera's image instead of aliasing: detail finer than a pixel is replaced by
/// its average.
///
/// `pixel` is the width of the pixel's footprint on the surface in metres (grown on
/// slanted surfaces); `sample` is the part of it one supersample covers.
struct TextureFilter {
    var pixel: Float
    var sample: Float

    /// The footprint of a camera ray with direction `direction` (unit z-depth) that hit
    /// at z-depth `t` a surface with unit normal `normal`, for focal length `focal`
    /// (pixels) and `supersampling` samples per pixel along each axis.
    @inline(__always)
    init(t: Float, direction: SIMD3<Float>, normal: SIMD3<Float>, focal: Float, supersampling: Int) {
        let length = (direction * direction).sum().squareRoot()
        let cosine = abs((normal * direction).sum()) / length
        pixel = t * length / focal / max(cosine, 0.05).squareRoot()
        sample = pixel / Float(supersampling)
    }

    /// Weight (0...1) of detail with `frequency` cycles per metre: 1 when a cycle spans
    /// at least 6 pixels, 0 at 3 pixels or fewer (finer detail would only survive as
    /// aliasing, and would not resample consistently between frames).
    @inline(__always) func detail(_ frequency: Float) -> Float {
        min(1, max(0, 2 - 6 * frequency * pixel))
    }

    /// Band-limited fractal value noise around 0 (roughly -0.5...0.5): `octaves` octaves
    /// from `frequency` cycles per metre up, each 2.7 times finer and `gain` times
    /// weaker, the ones the footprint cannot show left out.
    @inline(__always)
    func fractal(_ x: Float, _ y: Float, frequency: Float, octaves: Int, gain: Float = 0.6,
                 seed: UInt32) -> Float {
        var f = frequency, amplitude: Float = 1, sum: Float = 0, norm: Float = 0
        for octave in 0..<octaves {
            let w = detail(f)
            if w <= 0 { break }
            sum += (Noise.value(x * f, y * f, seed &+ UInt32(octave)) - 0.5) * amplitude * w
            norm += amplitude
            f *= 2.7
            amplitude *= gain
        }
        return norm > 0 ? sum / max(norm, 1) : 0
    }

    /// Three-dimensional band-limited fractal noise around 0.
    @inline(__always)
    func fractal(_ p: SIMD3<Float>, frequency: Float, octaves: Int, gain: Float = 0.6, seed: UInt32) -> Float {
        var f = frequency, amplitude: Float = 1, sum: Float = 0, norm: Float = 0
        for octave in 0..<octaves {
            let w = detail(f)
            if w <= 0 { break }
            sum += (Noise.value(p * f, seed &+ UInt32(octave)) - 0.5) * amplitude * w
            norm += amplitude
            f *= 2.7
            amplitude *= gain
        }
        return norm > 0 ? sum / max(norm, 1) : 0
    }

    /// Fraction of this sample's footprint around `x` inside `range` (a box filter).
    @inline(__always) func coverage(_ x: Float, _ range: ClosedRange<Float>) -> Float {
        let half = max(sample, 1e-4) / 2
        return min(1, max(0, (min(x + half, range.upperBound) - max(x - half, range.lowerBound)) / (2 * half)))
    }

    /// Fraction of this sample's footprint around `x` inside the repeating stripes
    /// `[a, b] + k * period` (a box filter, exact for any footprint).
    @inline(__always) func stripes(_ x: Float, period: Float, from a: Float, to b: Float) -> Float {
        let width = max(sample, 1e-4)
        @inline(__always) func integral(_ x: Float) -> Float {
            let k = floorf(x / period)
            let r = x - k * period
            return k * (b - a) + min(max(r - a, 0), b - a)
        }
        return min(1, max(0, (integral(x + width / 2) - integral(x - width / 2)) / width))
    }
}
