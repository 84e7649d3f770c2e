import TensorEngine

/// The colour jitter of the strong augmentation: kornia 0.4.0's
/// `kornia.augmentation.ColorJitter(brightness=s, contrast=s, saturation=s, hue=s)` as the
/// reference calls it (loader/transformsgpu.py `color_jitter`, s = 0.25).
///
/// kornia 0.4.0 differs from torchvision's ColorJitter (DataPipeline.ColorJitter, the weak
/// augmentation), so that type is not reused: brightness is added (x + f - 1), not
/// multiplied; contrast multiplies the intensities (x * f) without blending towards the
/// mean grey; saturation scales HSV saturation (s * f, clamped to 1) instead of blending
/// with the luma image; hue rotates HSV hue by f turns. Brightness and contrast clamp to
/// 0...1. Each adjustment factor is drawn per image; the order of the four adjustments is
/// one permutation for the whole batch (`torch.randperm(4)` in kornia's generator).
///
/// Images are planar RGB Float32 in 0...1, [3, H, W].
public struct StrongColorJitter: Equatable, Sendable {
    /// The four adjustments.
    public enum Adjustment: Int, CaseIterable, Sendable {
        case brightness, contrast, saturation, hue
    }

    /// Brightness factor f (1 = unchanged); the image gets f - 1 added.
    public var brightness: Float
    /// Multiplier of the intensities (1 = unchanged).
    public var contrast: Float
    /// Multiplier of HSV saturation (1 = unchanged, 0 = grey).
    public var saturation: Float
    /// Hue rotation in turns (0 = unchanged, 0.5 = complementary colours).
    public var hue: Float
    /// The order the adjustments are applied in.
    public var order: [Adjustment]

    /// A jitter with the given factors (the defaults change nothing) and order.
    public init(brightness: Float = 1, contrast: Float = 1, saturation: Float = 1, hue: Float = 0,
                order: [Adjustment] = Adjustment.allCases) {
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
        self.order = order
    }

    /// A draw at `strength` s: brightness, contrast and saturation factors uniform in
    /// [max(0, 1 - s), 1 + s) (brightness capped at 2), hue uniform in [-s, s) turns (capped
    /// at 0.5), as kornia's `_check_and_bound`; applied in `order`.
    public static func random(strength: Float, order: [Adjustment], rng: inout RandomGenerator) -> StrongColorJitter {
        precondition(strength >= 0, "StrongColorJitter: negative strength \(strength)")
        let lower = Swift.max(0, 1 - strength)
        let b = rng.uniform(lower, Swift.min(1 + strength, 2))
        let c = rng.uniform(lower, 1 + strength)
        let s = rng.uniform(lower, 1 + strength)
        let hueBound = Swift.min(strength, 0.5)
        let h = rng.uniform(-hueBound, hueBound)
        return StrongColorJitter(brightness: b, contrast: c, saturation: s, hue: h, order: order)
    }

    /// Applies the adjustments in place to one planar RGB image of `pixels` pixels.
    public func apply(to image: UnsafeMutablePointer<Float>, pixels: Int) {
        let r = image, g = image + pixels, b = image + 2 * pixels
        for step in order {
            switch step {
            case .brightness:
                let shift = brightness - 1
                for i in 0..<3 * pixels { image[i] = Swift.min(Swift.max(image[i] + shift, 0), 1) }
            case .contrast:
                for i in 0..<3 * pixels { image[i] = Swift.min(Swift.max(image[i] * contrast, 0), 1) }
            case .saturation:
                for i in 0..<pixels {
                    var (h, s, v) = Self.hsv(r[i], g[i], b[i])
                    s = Swift.min(Swift.max(s * saturation, 0), 1)
                    (r[i], g[i], b[i]) = Self.rgb(h, s, v)
                }
            case .hue:
                for i in 0..<pixels {
                    let (h, s, v) = Self.hsv(r[i], g[i], b[i])
                    (r[i], g[i], b[i]) = Self.rgb(h + hue, s, v)
                }
            }
        }
    }

    /// kornia's rgb_to_hsv with hue in turns, 0..<1: v = max, s = (max - min) / max (0 for
    /// black), hue 0 for greys; red wins ties for the maximum, then green.
    @inline(__always)
    static func hsv(_ r: Float, _ g: Float, _ b: Float) -> (Float, Float, Float) {
        let maxc = Swift.max(r, g, b), minc = Swift.min(r, g, b)
        let delta = maxc - minc
        let s: Float = maxc == 0 ? 0 : delta / maxc
        if delta == 0 { return (0, s, maxc) }
        let rc = (maxc - r) / delta, gc = (maxc - g) / delta, bc = (maxc - b) / delta
        let h: Float
        if r == maxc {
            h = bc - gc
        } else if g == maxc {
            h = 2 + rc - bc
        } else {
            h = 4 + gc - rc
        }
        var turns = h / 6
        turns -= turns.rounded(.down)
        return (turns, s, maxc)
    }

    /// kornia's hsv_to_rgb with hue in turns (any real value; wrapped into 0..<1).
    @inline(__always)
    static func rgb(_ hue: Float, _ s: Float, _ v: Float) -> (Float, Float, Float) {
        var sector = (hue - hue.rounded(.down)) * 6
        if sector >= 6 { sector = 0 }
        let hi = sector.rounded(.down)
        let f = sector - hi
        let p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s)
        switch Int(hi) {
        case 0: return (v, t, p)
        case 1: return (q, v, p)
        case 2: return (p, v, t)
        case 3: return (p, q, v)
        case 4: return (t, p, v)
        default: return (v, p, q)
        }
    }
}
