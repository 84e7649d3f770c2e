import TensorEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SceneLighting {
    /// The light of `description`: sunny (strong directional sun, blue sky, few clouds)
    /// or overcast (weak sun, bright ambient, grey clouded sky).
    static func make(_ description: SceneDescription, _ rng: inout RandomGenerator, variant: UInt32) -> SceneLighting {
        let d = description.sunDirection
        let sunDirection = SIMD3(Float(d.x), Float(d.y), Float(d.z))
        let tint = SIMD3(Float(description.tint.x), Float(description.tint.y), Float(description.tint.z))
        let gain = tint * Float(description.exposure)
        let origin = SIMD3<Float>(0, -Float(SynthCityRig.cameraHeight), 0)
        if description.overcast {
            let grey = rng.float(in: 0.5...0.65)
            return SceneLighting(
                sunDirection: sunDirection, sun: SIMD3(repeating: rng.float(in: 0.1...0.25)),
                ambient: SIMD3(0.78, 0.8, 0.84) * rng.float(in: 0.9...1.1), gain: gain,
                zenith: SIMD3(repeating: grey * 0.8) * SIMD3(0.95, 0.97, 1.0),
                horizon: SIMD3(repeating: grey) * SIMD3(0.97, 0.98, 1.0),
                cloud: SIMD3(repeating: grey * 1.15), cloudCover: rng.float(in: 0.6...0.9),
                hazeHalfDistance: rng.float(in: 180...400), hazeOrigin: origin, variant: variant)
        }
        let warmth = rng.float(in: 0...1)
        return SceneLighting(
            sunDirection: sunDirection,
            sun: SIMD3(1.0, 0.93 - 0.05 * warmth, 0.82 - 0.1 * warmth) * rng.float(in: 0.85...1.1),
            ambient: SIMD3(0.3, 0.35, 0.45) * rng.float(in: 0.85...1.15), gain: gain,
            zenith: SIMD3(0.12, 0.25, 0.62) * rng.float(in: 0.85...1.15),
            horizon: SIMD3(0.55, 0.64, 0.78) * rng.float(in: 0.9...1.1),
            cloud: SIMD3(0.9, 0.9, 0.92), cloudCover: rng.float(in: 0...0.45),
            hazeHalfDistance: rng.float(in: 300...800), hazeOrigin: origin, variant: variant)
    }

    /// Light reflected by a surface of reflectance `albedo` with unit normal `normal`
    /// at `position`; `sunlit` tells whether the sun reaches the point. Haze grows with
    /// the distance from the fixed `hazeOrigin`, so it is the same in every frame.
    @inline(__always)
    func shade(albedo: SIMD3<Float>, normal: SIMD3<Float>, position: SIMD3<Float>, sunlit: Bool) -> SIMD3<Float> {
        let facing = max(0, (normal * sunDirection).sum())
        let skyView = 0.7 - 0.3 * normal.y
        var light = ambient * skyView
        if sunlit { light += sun * facing }
        let colour = albedo * light
        let offset = position - hazeOrigin
        let distance = (offset * offset).sum().squareRoot()
        let haze = 1 - exp2f(-distance / hazeHalfDistance)
        return colour + (horizon - colour) * haze
    }

    /// Colour of the sky seen along world direction `d` (any length): a gradient from
    /// the horizon to the zenith with soft clouds.
    @inline(__always)
    func sky(_ d: SIMD3<Float>) -> SIMD3<Float> {
        let n = d / (d * d).sum().squareRoot()
        let elevation = max(0, -n.y)
        let gradient = horizon + (zenith - horizon) * elevation.squareRoot()
        guard cloudCover > 0.01 else { return gradient }
        let scale = 1.6 / (elevation + 0.08)
        let x = n.x * scale, z = n.z * scale
        let cloudiness = (Noise.value(x, z, variant) * 2 + Noise.value(x * 2.9, z * 2.9, variant &+ 1)) / 3
        let threshold = 1 - cloudCover
        let amount = min(1, max(0, (cloudiness - threshold + 0.15) / 0.35))
        return gradient + (cloud - gradient) * amount
    }
}
