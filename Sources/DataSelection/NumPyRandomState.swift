/// NumPy's legacy global generator (`np.random.seed(seed)` followed by draws from
/// `np.random`), reduced to what the reference's data selection draws: one permutation.
///
/// The reference orders the candidate images once per run with
/// `np.random.seed(seed); np.random.permutation(n)` (utils.np_local_seed); its random
/// subsets are prefixes of that order and its seed sample for farthest-point selection
/// is the order's first element. This type reproduces NumPy's Mersenne Twister (MT19937,
/// seeded with `init_genrand` as NumPy's legacy scalar seeding does) and its legacy
/// Fisher-Yates shuffle (`random_interval`: masked 32-bit draws, rejected above the
/// bound), so the same seed gives the same order as the reference: for example seed 42
/// and n = 2975 start 2403, 2865, 2159, 507 (the paper's published selections start so).
public struct NumPyRandomState: Sendable {
    private var key = [UInt32](repeating: 0, count: 624)
    private var position = 624

    /// The state after `np.random.seed(seed)`.
    public init(seed: UInt32) {
        var s = seed
        for i in 0..<624 {
            key[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        position = 624
    }

    /// The next 32-bit output of MT19937 (tempered).
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform integer in 0...bound (inclusive), as NumPy's legacy `random_interval`:
    /// the smallest all-ones mask covering `bound`, 32-bit draws masked and rejected while
    /// above `bound`.
    public mutating func interval(_ bound: UInt32) -> UInt32 {
        if bound == 0 { return 0 }
        var mask = bound
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= bound { return value }
        }
    }

    /// `np.random.permutation(n)`: 0..<n shuffled in place from the last position down,
    /// swapping position i with `interval(i)`.
    public mutating func permutation(_ n: Int) -> [Int] {
        precondition(n >= 0 && n <= Int(UInt32.max), "NumPyRandomState.permutation: n = \(n) out of range")
        var order = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                order.swapAt(i, Int(interval(UInt32(i))))
            }
        }
        return order
    }

    private mutating func regenerate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff
        for i in 0..<624 {
            let y = (key[i] & upper) | (key[(i + 1) % 624] & lower)
            var next = key[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            key[i] = next
        }
        position = 0
    }
}
