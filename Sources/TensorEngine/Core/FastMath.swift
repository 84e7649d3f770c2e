/// Branch-free scalar versions of transcendental functions, written so that a loop
/// calling them auto-vectorises (AVX-512: 16 lanes). libm's expf is a call per element
/// and never vectorises.
///
/// Accuracy: `exp` is within 2 ulp of the correctly rounded result over the Float32
/// range (Cephes' polynomial on a range-reduced argument); it returns 0 below -87.34
/// and +infinity above 88.72, as expf does, and propagates NaN.
public enum FastMath {
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let maxArg: Float = 88.72283, minArg: Float = -87.33654
        let xc = Swift.min(Swift.max(x, minArg), maxArg)
        // n = round(x / ln 2) via the 1.5 * 2^23 shifter: t's low mantissa bits hold n.
        let shifter: Float = 12_582_912
        let t = xc * 1.44269504088896341 + shifter
        let n = t - shifter
        var r = xc - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * (r * r) + r + 1
        // 2^n from n's integer bits, applied in two halves so n = 128 (x near the top
        // of the range) and n = -126 stay representable.
        let nInt = Int32(bitPattern: t.bitPattern &- 0x4B40_0000)
        let half = nInt >> 1
        let scale1 = Float(bitPattern: UInt32(bitPattern: (half &+ 127) &<< 23))
        let scale2 = Float(bitPattern: UInt32(bitPattern: (nInt &- half &+ 127) &<< 23))
        var result = y * scale1 * scale2
        result = x < minArg ? 0 : result
        result = x > maxArg ? .infinity : result
        return x.isNaN ? x : result
    }

    /// 1 / (1 + e^-x).
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// tanh(x) = 1 - 2 / (e^{2x} + 1), exact at the saturated ends.
    @inline(__always)
    public static func tanh(_ x: Float) -> Float { 1 - 2 / (exp(2 * x) + 1) }
}
