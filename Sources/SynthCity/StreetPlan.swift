import TensorEngine

/// One side of the street's cross-section. Positions are world x in metres; `sign` is
/// +1 for the right side and -1 for the left, and distances grow away from the road.
struct StreetSide {
    var sign: Float
    /// x of the curb (the road's edge).
    var roadEdge: Float
    /// Whether the outermost road lane is a parking lane.
    var parking: Bool
    /// Width of the grass verge between curb and sidewalk (0: none).
    var vergeWidth: Float
    var sidewalkWidth: Float
    /// Depth of the yard between sidewalk and facades.
    var frontage: Float

    /// x at `distance` metres outward from the curb.
    func x(_ distance: Float) -> Float { roadEdge + sign * distance }
    var sidewalkInner: Float { x(vergeWidth) }
    var sidewalkOuter: Float { x(vergeWidth + sidewalkWidth) }
    var facade: Float { x(vergeWidth + sidewalkWidth + frontage) }
    /// Centre of the parking lane (inside the road).
    var parkingCentre: Float { roadEdge - sign * 1.15 }
}

/// The street's layout across and along: lanes, divider, both sides and the length.
/// The labelled frame's camera stands at x = 0 in the centre of a forward lane.
struct StreetPlan {
    var laneWidth: Float
    /// Lane centres of the camera's direction (driving toward +z) and of oncoming traffic.
    var forwardLanes: [Float]
    var oncomingLanes: [Float]
    /// Index in `forwardLanes` of the camera's lane.
    var egoLane: Int
    /// The strip between the two directions: nothing, a raised grass median or a tram track.
    var dividerLeft: Float
    var dividerRight: Float
    var hasMedian: Bool
    var hasTramTrack: Bool
    var right: StreetSide
    var left: StreetSide
    /// Extent of the street along z (the camera starts near z = 0).
    var zStart: Float
    var zEnd: Float

    var sides: [StreetSide] { [right, left] }

    static func draw(_ style: ArchetypeStyle, archetype: SceneArchetype,
                     _ rng: inout RandomGenerator) -> StreetPlan {
        let lane = rng.float(in: style.laneWidth)
        let nForward = rng.int(in: style.lanesForward)
        let nOncoming = rng.int(in: style.lanesOncoming)
        let ego = nForward == 1 ? 0 : (rng.nextUniform() < 0.6 ? nForward - 1 : rng.nextInt(below: nForward))
        let tram = archetype == .tramLine
        let median = !tram && rng.chance(style.medianProbability)
        let dividerWidth: Float = tram ? rng.uniform(3.2, 4.0) : (median ? rng.uniform(2, 5) : 0)
        let dividerRight = -(Float(ego) + 0.5) * lane
        let dividerLeft = dividerRight - dividerWidth
        let forward = (0..<nForward).map { dividerRight + (Float($0) + 0.5) * lane }
        let oncoming = (0..<nOncoming).map { dividerLeft - (Float($0) + 0.5) * lane }

        func side(_ sign: Float, laneEdge: Float) -> StreetSide {
            let parking = rng.chance(style.parkingProbability)
            let verge = rng.chance(style.vergeProbability)
                ? rng.float(in: style.vergeWidth) : 0
            let walk = rng.float(in: style.sidewalkWidth)
            let yard = rng.float(in: style.frontage)
            return StreetSide(sign: sign, roadEdge: laneEdge + sign * (parking ? 2.3 : 0.3),
                              parking: parking, vergeWidth: verge, sidewalkWidth: walk, frontage: yard)
        }
        let right = side(1, laneEdge: dividerRight + Float(nForward) * lane)
        let left = side(-1, laneEdge: dividerLeft - Float(nOncoming) * lane)
        let length = rng.float(in: style.streetLength)
        return StreetPlan(laneWidth: lane, forwardLanes: forward, oncomingLanes: oncoming, egoLane: ego,
                          dividerLeft: dividerLeft, dividerRight: dividerRight, hasMedian: median,
                          hasTramTrack: tram, right: right, left: left, zStart: -15, zEnd: length)
    }

    /// The ground description: road extent and painted lines.
    func ground(_ rng: inout RandomGenerator, crosswalkProbability: Float, variant: UInt32) -> StreetGround {
        var dashed: [Float] = []
        var solid: [Float] = []
        for i in 1..<forwardLanes.count { dashed.append(dividerRight + Float(i) * laneWidth) }
        for i in 1..<oncomingLanes.count { dashed.append(dividerLeft - Float(i) * laneWidth) }
        if dividerRight - dividerLeft < 0.01 {
            if rng.nextUniform() < 0.5 { solid.append(dividerRight) } else { dashed.append(dividerRight) }
        } else {
            solid.append(dividerRight - 0.2)
            solid.append(dividerLeft + 0.2)
        }
        solid.append(dividerRight + Float(forwardLanes.count) * laneWidth)
        solid.append(dividerLeft - Float(oncomingLanes.count) * laneWidth)
        var rails: [Float] = []
        if hasTramTrack {
            let centre = (dividerLeft + dividerRight) / 2
            rails = [centre - 0.7175, centre + 0.7175]
        }
        var crosswalk: ClosedRange<Float>? = nil
        if rng.chance(crosswalkProbability) {
            let start = rng.uniform(14, 45)
            crosswalk = start...(start + rng.uniform(3, 5))
        }
        let grey = rng.uniform(0.09, 0.16)
        let asphalt = SIMD3<Float>(grey, grey * rng.uniform(0.95, 1.0), grey * rng.uniform(1.0, 1.08))
        let soil = SIMD3<Float>(rng.uniform(0.12, 0.2), rng.uniform(0.15, 0.22), rng.uniform(0.05, 0.1))
        return StreetGround(roadLeft: left.roadEdge, roadRight: right.roadEdge, dashedLines: dashed,
                            solidLines: solid, rails: rails, crosswalk: crosswalk,
                            asphalt: asphalt, soil: soil, variant: variant)
    }
}
