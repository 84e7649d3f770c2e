import TensorEngine

/// Colour augmentation of the network input as torchvision's ColorJitter with
/// brightness, contrast and saturation factors in [0.8, 1.2] and a hue shift in
/// [-0.1, 0.1], the four adjustments applied in a random order (the reference's
/// monodepth2-style augmentation). One draw is applied to every frame of a sample, so
/// the pose network sees consistently augmented frames.
///
/// Images are planar RGB Float32 in [0, 1], [3, H, W]; every step clamps to [0, 1].
public struct ColorJitter: Equatable, Sendable {
    /// The four adjustments.
    public enum Adjustment: Int, CaseIterable, Sendable {
        case brightness, contrast, saturation, hue
    }

    /// Multiplier of the intensities (1 = unchanged).
    public var brightness: Float
    /// Blend factor towards the mean grey level (1 = unchanged, 0 = flat grey).
    public var contrast: Float
    /// Blend factor towards the grey image (1 = unchanged, 0 = greyscale).
    public var saturation: Float
    /// Hue shift in turns (0 = unchanged; 1 = a full turn).
    public var hue: Float
    /// The order the adjustments are applied in.
    public var order: [Adjustment]

    public init(brightness: Float = 1, contrast: Float = 1, saturation: Float = 1, hue: Float = 0,
                order: [Adjustment] = Adjustment.allCases) {
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
        self.order = order
    }

    /// A random draw with the reference's ranges.
    public static func random(using rng: inout RandomGenerator) -> ColorJitter {
        let b = rng.uniform(0.8, 1.2), c = rng.uniform(0.8, 1.2)
        let s = rng.uniform(0.8, 1.2), h = rng.uniform(-0.1, 0.1)
        let order = rng.permutation(4).map { Adjustment(rawValue: $0)! }
        return ColorJitter(brightness: b, contrast: c, saturation: s, hue: h, order: order)
    }

    /// Applies the adjustments in place to a planar RGB image of `pixels` pixels.
    public func apply(to image: UnsafeMutablePointer<Float>, pixels: Int) {
        let r = image, g = image + pixels, b = image + 2 * pixels
        for step in order {
            switch step {
            case .brightness:
                for i in 0..<3 * pixels { image[i] = Swift.min(Swift.max(image[i] * brightness, 0), 1) }
            case .contrast:
                var sum: Double = 0
                for i in 0..<pixels { sum += Double(Self.grey(r[i], g[i], b[i])) }
                let mean = Float(sum / Double(Swift.max(pixels, 1)))
                let shift = (1 - contrast) * mean
                for i in 0..<3 * pixels { image[i] = Swift.min(Swift.max(contrast * image[i] + shift, 0), 1) }
            case .saturation:
                for i in 0..<pixels {
                    let y = (1 - saturation) * Self.grey(r[i], g[i], b[i])
                    r[i] = Swift.min(Swift.max(saturation * r[i] + y, 0), 1)
                    g[i] = Swift.min(Swift.max(saturation * g[i] + y, 0), 1)
                    b[i] = Swift.min(Swift.max(saturation * b[i] + y, 0), 1)
                }
            case .hue:
                if hue == 0 { continue }
                for i in 0..<pixels {
                    (r[i], g[i], b[i]) = Self.shiftHue(r[i], g[i], b[i], by: hue)
                }
            }
        }
    }

    /// Luma as torchvision's rgb_to_grayscale: 0.2989 R + 0.587 G + 0.114 B.
    @inline(__always)
    static func grey(_ r: Float, _ g: Float, _ b: Float) -> Float {
        0.2989 * r + 0.587 * g + 0.114 * b
    }

    /// Rotates the hue of one RGB colour by `shift` turns through HSV.
    static func shiftHue(_ r: Float, _ g: Float, _ b: Float, by shift: Float) -> (Float, Float, Float) {
        let maxc = Swift.max(r, g, b), minc = Swift.min(r, g, b)
        let v = maxc, delta = maxc - minc
        if delta <= 0 { return (r, g, b) } // grey: hue undefined, unchanged
        let s = delta / maxc
        var h: Float
        if maxc == r {
            h = (g - b) / delta
        } else if maxc == g {
            h = 2 + (b - r) / delta
        } else {
            h = 4 + (r - g) / delta
        }
        h = h / 6 + shift
        h -= h.rounded(.down) // into [0, 1)
        let sector = h * 6
        let k = Int(sector.rounded(.down)) % 6
        let f = sector - sector.rounded(.down)
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        switch k {
        case 0: return (v, t, p)
        case 1: return (q, v, p)
        case 2: return (p, v, t)
        case 3: return (p, q, v)
        case 4: return (t, p, v)
        default: return (v, p, q)
        }
    }
}
