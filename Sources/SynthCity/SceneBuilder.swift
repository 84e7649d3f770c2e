import CityscapesData
import TensorEngine

/// Where a compound object (vehicle, person) stands: `origin` on the road plane,
/// heading `yaw` (0 faces +z); its local axes are x right, y down, z forward (metres).
struct ObjectFrame {
    var origin: SIMD3<Float>
    var yaw: Float
    /// Displacement of the whole object per frame (zero for static objects).
    var motion: SIMD3<Float>

    /// The world point of local point (x, height above the road, z).
    func point(x: Float, height: Float, z: Float) -> SIMD3<Float> {
        let c = cosf(yaw), s = sinf(yaw)
        return origin + SIMD3(c * x + s * z, -height, -s * x + c * z)
    }
}

/// Builds a `Scene` from its description: the street, then buildings and yards, trees,
/// poles, vehicles and people, each from its own random stream (so changing one part
/// never shifts the others).
struct SceneBuilder {
    let description: SceneDescription
    let style: ArchetypeStyle
    let plan: StreetPlan
    /// Chance that a vehicle in a lane, a pedestrian or a rider moves on its own.
    let motionProbability: Float
    var primitives: [Primitive] = []
    /// Number of independently moving objects placed so far.
    var movingObjects = 0
    /// z range of the zebra crossing painted on the road, if any.
    var crosswalk: ClosedRange<Float>?
    private var instanceCount: UInt32 = 0
    private let variantSeed: UInt32

    private init(description: SceneDescription, plan: StreetPlan, motionProbability: Float) {
        self.description = description
        self.style = ArchetypeStyle.of(description.archetype)
        self.plan = plan
        self.motionProbability = motionProbability
        self.variantSeed = UInt32(truncatingIfNeeded: description.layoutSeed >> 17)
    }

    /// The complete scene of `description`.
    static func build(_ description: SceneDescription, motionProbability: Double) -> Scene {
        let root = RandomGenerator(seed: description.layoutSeed)
        var streetStream = root.split("street")
        let style = ArchetypeStyle.of(description.archetype)
        let plan = StreetPlan.draw(style, archetype: description.archetype, &streetStream)
        var builder = SceneBuilder(description: description, plan: plan,
                                   motionProbability: Float(motionProbability))
        var stream = root.split("ground")
        let ground = plan.ground(&stream, crosswalkProbability: style.crosswalkProbability,
                                 variant: builder.nextVariant())
        builder.crosswalk = ground.crosswalk
        stream = root.split("curbs")
        builder.addSidewalksAndVerges(&stream)
        stream = root.split("buildings")
        builder.addBuildings(&stream)
        stream = root.split("yards")
        builder.addYardBoundaries(&stream)
        stream = root.split("trees")
        builder.addTrees(&stream)
        stream = root.split("poles")
        builder.addPoles(&stream)
        stream = root.split("vehicles")
        builder.addVehicles(&stream)
        stream = root.split("people")
        builder.addPeople(&stream)
        stream = root.split("lighting")
        let lighting = SceneLighting.make(description, &stream, variant: builder.nextVariant())
        return Scene(description: description, primitives: builder.primitives, ground: ground,
                     lighting: lighting, movingObjectCount: builder.movingObjects)
    }

    /// A fresh per-instance texture seed.
    mutating func nextVariant() -> UInt32 {
        instanceCount += 1
        var h = (instanceCount &* 0x9E37_79B9) ^ variantSeed
        h = (h ^ (h >> 16)) &* 0x85EB_CA6B
        return h ^ (h >> 13)
    }

    /// Whether the next movable object moves on its own (counts it when it does).
    mutating func decideMotion(_ rng: inout RandomGenerator) -> Bool {
        let moves = rng.chance(motionProbability)
        if moves { movingObjects += 1 }
        return moves
    }

    /// An axis-aligned box spanning `x` and `z` (world, metres) between `heights` above
    /// the road.
    mutating func addSpan(_ label: UInt8, _ material: Material, x: ClosedRange<Float>,
                          heights: ClosedRange<Float>, z: ClosedRange<Float>,
                          albedo: SIMD3<Float>, variant: UInt32) {
        let center = SIMD3((x.lowerBound + x.upperBound) / 2, -(heights.lowerBound + heights.upperBound) / 2,
                           (z.lowerBound + z.upperBound) / 2)
        let half = SIMD3(x.upperBound - x.lowerBound, heights.upperBound - heights.lowerBound,
                         z.upperBound - z.lowerBound) / 2
        primitives.append(Primitive(shape: .box, label: label, material: material, center: center,
                                    half: half, albedo: albedo, variant: variant))
    }

    /// A part of a compound object: a box or ellipsoid centred at local (x, height, z)
    /// with half extents `half` in the object's axes.
    mutating func addPart(_ shape: PrimitiveShape, _ frame: ObjectFrame, x: Float, height: Float,
                          z: Float, half: SIMD3<Float>, label: UInt8, material: Material,
                          albedo: SIMD3<Float>, variant: UInt32) {
        primitives.append(Primitive(shape: shape, label: label, material: material,
                                    center: frame.point(x: x, height: height, z: z), half: half,
                                    yaw: frame.yaw, albedo: albedo, variant: variant,
                                    motion: frame.motion))
    }

    /// A vertical cylinder standing at (x, z) between `heights` above the road.
    mutating func addCylinder(x: Float, z: Float, radius: Float, heights: ClosedRange<Float>,
                              label: UInt8, material: Material, albedo: SIMD3<Float>, variant: UInt32,
                              motion: SIMD3<Float> = .zero) {
        let center = SIMD3(x, -(heights.lowerBound + heights.upperBound) / 2, z)
        let half = SIMD3(radius, (heights.upperBound - heights.lowerBound) / 2, radius)
        primitives.append(Primitive(shape: .cylinder, label: label, material: material, center: center,
                                    half: half, albedo: albedo, variant: variant, motion: motion))
    }

    /// An ellipsoid centred at `center` (world) with radii `radii`.
    mutating func addEllipsoid(center: SIMD3<Float>, radii: SIMD3<Float>, yaw: Float = 0, label: UInt8,
                               material: Material, albedo: SIMD3<Float>, variant: UInt32) {
        primitives.append(Primitive(shape: .ellipsoid, label: label, material: material, center: center,
                                    half: radii, yaw: yaw, albedo: albedo, variant: variant))
    }
}

/// `a...b` or `b...a`, whichever is ordered.
@inline(__always) func span(_ a: Float, _ b: Float) -> ClosedRange<Float> {
    a <= b ? a...b : b...a
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
