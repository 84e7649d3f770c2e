/// The road surface of a scene: where the road is and what is painted on it.
///
/// The ground is the plane y = 0: road (label 7) for `roadLeft <= x <= roadRight`,
/// terrain (label 22) elsewhere. Positions are world x in metres.
struct StreetGround {
    var roadLeft: Float
    var roadRight: Float
    /// Centres of dashed lane lines (3 m dash, 6 m gap).
    var dashedLines: [Float]
    /// Centres of solid lines.
    var solidLines: [Float]
    /// Centres of tram rails.
    var rails: [Float]
    /// z range of a zebra crossing (empty range when there is none).
    var crosswalk: ClosedRange<Float>?
    /// Base colours of asphalt and of the terrain beyond the road.
    var asphalt: SIMD3<Float>
    var soil: SIMD3<Float>
    /// Seed of the ground's texture.
    var variant: UInt32
}

/// Light and atmosphere of a scene; all colours linear RGB.
struct SceneLighting {
    /// Unit vector toward the sun.
    var sunDirection: SIMD3<Float>
    /// Direct sunlight on a surface facing the sun.
    var sun: SIMD3<Float>
    /// Light from the sky on a surface facing up (facing sideways gets 70 %).
    var ambient: SIMD3<Float>
    /// Exposure times tint, applied to every pixel before the tone curve.
    var gain: SIMD3<Float>
    /// Sky colours at the zenith and at the horizon, and of clouds.
    var zenith: SIMD3<Float>
    var horizon: SIMD3<Float>
    var cloud: SIMD3<Float>
    /// Fraction of the sky covered by clouds (0...1).
    var cloudCover: Float
    /// Distance at which haze hides half of a surface's colour, metres.
    var hazeHalfDistance: Float
    /// Fixed world point distances for haze are measured from (frame 0's camera), so the
    /// haze of a surface is the same in every frame.
    var hazeOrigin: SIMD3<Float>
    /// Seed of the clouds.
    var variant: UInt32
}

/// A fully built SynthCity scene: every solid, the ground and the light.
struct Scene {
    var description: SceneDescription
    var primitives: [Primitive]
    var ground: StreetGround
    var lighting: SceneLighting
    /// Number of objects that move independently between frames.
    var movingObjectCount: Int
}
