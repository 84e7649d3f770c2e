import TensorEngine

/// Convenience draws for scene construction, all from the seeded generator.
extension RandomGenerator {
    /// Uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }

    /// Uniform in `range`.
    mutating func float(in range: ClosedRange<Float>) -> Float {
        uniform(range.lowerBound, range.upperBound)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Float) -> Bool {
        nextUniform() < p
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<Element>(_ options: [Element]) -> Element {
        options[nextInt(below: options.count)]
    }

    /// `colour` with each channel scaled by a common brightness in `brightness` and a
    /// small independent per-channel jitter.
    mutating func vary(_ colour: SIMD3<Float>, brightness: ClosedRange<Float> = 0.85...1.15,
                       jitter: Float = 0.06) -> SIMD3<Float> {
        let b = float(in: brightness)
        let j = SIMD3<Float>(1 + jitter * (nextUniform() * 2 - 1), 1 + jitter * (nextUniform() * 2 - 1),
                             1 + jitter * (nextUniform() * 2 - 1))
        return simd_min(colour * b * j, SIMD3(repeating: 0.95))
    }
}

/// Minimum of two vectors per lane.
@inline(__always) func simd_min(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    a.replacing(with: b, where: b .< a)
}

/// Maximum of two vectors per lane.
@inline(__always) func simd_max(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    a.replacing(with: b, where: b .> a)
}
