import TensorEngine

/// The high-level draw of one SynthCity sequence: which street, how the camera moves
/// and how the scene is lit. Cheap to compute (no geometry), so archetype statistics
/// can be taken without rendering.
///
/// Units: metres, radians; the sun direction points from the scene toward the sun in
/// world coordinates (x right, y down, z forward along the street).
public struct SceneDescription: Equatable, Sendable {
    /// The kind of street.
    public var archetype: SceneArchetype
    /// Whether the camera stands still for the whole sequence.
    public var stationaryCamera: Bool
    /// Distance the camera travels between consecutive frames, metres (0 when stationary).
    public var egoSpeed: Double
    /// Heading change between consecutive frames, radians.
    public var yawRate: Double
    /// Heading of the labelled frame relative to the street axis, radians.
    public var headingOffset: Double
    /// Camera pitch of frames -1, 0, +1, radians (small vibrations).
    public var pitches: [Double]
    /// Unit vector toward the sun (y < 0: above the horizon).
    public var sunDirection: SIMD3<Double>
    /// Whether the sky is overcast (soft light, no visible sun shadows, grey sky).
    public var overcast: Bool
    /// Multiplier of the final image brightness.
    public var exposure: Double
    /// Per-channel colour balance of the scene (near 1).
    public var tint: SIMD3<Double>
    /// Seed of the scene's geometry and textures.
    public var layoutSeed: UInt64

    /// Draws a description from `rng` (the sequence's own stream).
    /// `stationaryProbability` is the chance of a stationary camera.
    static func draw(_ rng: inout RandomGenerator, stationaryProbability: Double) -> SceneDescription {
        var archetypeStream = rng.split("archetype")
        var motion = rng.split("ego-motion")
        var light = rng.split("lighting")
        let archetype = SceneArchetype.draw(&archetypeStream)

        let stationary = Double(motion.nextUniform()) < stationaryProbability
        let speed = Double(motion.uniform(0.3, 1.5))
        let yawRate = Double(max(-0.03, min(0.03, 0.01 * motion.nextNormal())))
        let heading = Double(motion.uniform(-0.03, 0.03))
        let basePitch = Double(motion.uniform(-0.012, 0.012))
        let jitter = (0..<3).map { _ in Double(0.0015 * motion.nextNormal()) }

        let elevation = Double(light.uniform(0.35, 1.1))
        let azimuth = Double(light.uniform(0, 2 * Float.pi))
        let sun = SIMD3(_cos(elevation) * _sin(azimuth), -_sin(elevation), _cos(elevation) * _cos(azimuth))
        let overcast = light.nextUniform() < 0.25
        let exposure = Double(light.uniform(0.85, 1.2))
        let tint = SIMD3(1 + 0.05 * Double(light.nextNormal()), 1 + 0.03 * Double(light.nextNormal()),
                         1 + 0.05 * Double(light.nextNormal()))
        var layoutStream = rng.split("layout")
        let layoutSeed = layoutStream.next()

        return SceneDescription(
            archetype: archetype, stationaryCamera: stationary,
            egoSpeed: stationary ? 0 : speed, yawRate: stationary ? 0 : yawRate,
            headingOffset: heading,
            pitches: stationary ? [basePitch, basePitch, basePitch] : jitter.map { basePitch + $0 },
            sunDirection: sun, overcast: overcast, exposure: exposure, tint: tint,
            layoutSeed: layoutSeed)
    }

    /// The camera-to-world pose of frame `offset` (-1, 0 or +1). The labelled frame's
    /// camera stands at x = 0, z = 0, 1.22 m above the road; the camera drives along its
    /// heading, turning by `yawRate` per frame.
    public func cameraPose(frame offset: Int) -> CameraPose {
        precondition(SynthCityRig.frameOffsets.contains(offset), "frame offset \(offset) is not rendered")
        var position = SIMD3<Double>(0, -SynthCityRig.cameraHeight, 0)
        // Each step between consecutive frames follows the heading at its midpoint.
        let steps = offset >= 0 ? Array(0..<offset) : Array(offset..<0)
        for step in steps {
            let heading = headingOffset + yawRate * (Double(step) + 0.5)
            let delta = SIMD3(egoSpeed * _sin(heading), 0, egoSpeed * _cos(heading))
            position += offset >= 0 ? delta : -delta
        }
        return CameraPose(yaw: headingOffset + yawRate * Double(offset),
                          pitch: pitches[offset + 1], position: position)
    }
}
