import CityscapesData
import TensorEngine

extension SceneBuilder {
    /// Pedestrians on the sidewalks (alone or in small groups, standing or walking),
    /// people waiting at the bus stop, people on the zebra crossing, riders on bicycles
    /// and motorcycles, and parked bicycles.
    mutating func addPeople(_ rng: inout RandomGenerator) {
        var remaining = rng.int(in: style.persons)
        while remaining > 0 {
            let side = rng.chance(0.55) ? plan.right : plan.left
            let x = side.x(side.vergeWidth + rng.float(in: 0.5...max(0.6, side.sidewalkWidth - 0.4)))
            let z = rng.chance(0.5) ? rng.float(in: 4...25) : rng.float(in: 25...70)
            let group = min(remaining, rng.chance(0.3) ? rng.int(in: 2...3) : 1)
            let walking = decideMotion(&rng)
            let yaw: Float = rng.chance(0.5) ? 0 : .pi
            let speed = rng.float(in: 0.04...0.1)
            for member in 0..<group {
                let offset = SIMD3(rng.float(in: -0.3...0.3), 0, Float(member) * rng.float(in: 0.6...0.9))
                let heading = walking ? yaw + rng.float(in: -0.15...0.15) : rng.float(in: 0...6.28)
                let motion = walking ? SIMD3(0, 0, yaw == 0 ? speed : -speed) : SIMD3<Float>.zero
                addPerson(ObjectFrame(origin: SIMD3(x, -0.15, z) + offset, yaw: heading, motion: motion), &rng)
            }
            remaining -= group
        }
        if description.archetype == .busStop {
            for _ in 0..<rng.int(in: 3...7) {
                let side = plan.right
                let x = side.x(side.vergeWidth + rng.float(in: 0.6...max(0.7, side.sidewalkWidth - 0.4)))
                addPerson(ObjectFrame(origin: SIMD3(x, -0.15, rng.float(in: 15...30)),
                                      yaw: rng.float(in: 0...6.28), motion: .zero), &rng)
            }
        }
        if let crossing = crosswalk, rng.chance(0.7) {
            for _ in 0..<rng.int(in: 1...3) {
                let x = rng.float(in: (plan.left.roadEdge + 0.5)...(plan.right.roadEdge - 0.5))
                let walking = decideMotion(&rng)
                let direction: Float = rng.chance(0.5) ? 1 : -1
                let motion = walking ? SIMD3(direction * rng.float(in: 0.04...0.1), 0, 0) : SIMD3<Float>.zero
                let z = rng.float(in: crossing.lowerBound + 0.5 ... crossing.upperBound - 0.5)
                addPerson(ObjectFrame(origin: SIMD3(x, 0, z), yaw: direction * .pi / 2, motion: motion), &rng)
            }
        }
        addRiders(&rng)
        for _ in 0..<rng.int(in: style.parkedBicycles) {
            let side = rng.chance(0.6) ? plan.right : plan.left
            let x = side.x(side.vergeWidth + max(0.4, side.sidewalkWidth - 0.5))
            let frame = ObjectFrame(origin: SIMD3(x, -0.15, rng.float(in: 4...50)),
                                    yaw: rng.chance(0.5) ? .pi / 2 : rng.float(in: -0.2...0.2), motion: .zero)
            if rng.chance(0.2) { addMotorcycle(frame, &rng) } else { addBicycle(frame, &rng) }
        }
    }

    /// Riders on bicycles near the road edges or motorcycles in the lanes.
    private mutating func addRiders(_ rng: inout RandomGenerator) {
        for _ in 0..<rng.int(in: style.riders) {
            let forward = rng.chance(0.65)
            let motorcycle = rng.chance(style.motorcycleShare)
            let lanes = forward ? plan.forwardLanes : plan.oncomingLanes
            let edge = forward ? lanes.last! + plan.laneWidth * 0.3 : lanes.last! - plan.laneWidth * 0.3
            let x = motorcycle ? rng.pick(lanes) + rng.float(in: -0.5...0.5) : edge + rng.float(in: -0.3...0.3)
            let z = rng.float(in: 9...80)
            let isEgoLane = abs(x - plan.forwardLanes[plan.egoLane]) < 1.3
            let zSafe = isEgoLane ? max(z, 14) : z
            let moving = decideMotion(&rng)
            let speed = moving ? (motorcycle ? rng.float(in: 0.5...1.4) : rng.float(in: 0.2...0.5)) : 0
            let frame = ObjectFrame(origin: SIMD3(x, 0, zSafe), yaw: (forward ? 0 : .pi) + rng.float(in: -0.05...0.05),
                                    motion: SIMD3(0, 0, forward ? speed : -speed))
            if motorcycle { addMotorcycle(frame, &rng) } else { addBicycle(frame, &rng) }
            addRider(frame, seatHeight: motorcycle ? 0.85 : 0.95, leanForward: motorcycle ? 0.15 : 0.1, &rng)
        }
    }

    /// A pedestrian (label person) about 1.5-1.95 m tall: legs, torso with arms, head.
    mutating func addPerson(_ frame: ObjectFrame, _ rng: inout RandomGenerator) {
        let height = rng.chance(0.1) ? rng.float(in: 1.1...1.45) : rng.float(in: 1.55...1.95)
        let s = height / 1.75
        let variant = nextVariant()
        let label = CityscapesLabels.person
        let legs = rng.vary(rng.pick(Palettes.clothes))
        let torso = rng.vary(rng.pick(Palettes.clothes))
        let skin = rng.vary(rng.pick(Palettes.skins), brightness: 0.95...1.05)
        let hip = 0.82 * s, shoulder = 1.45 * s
        addPart(.box, frame, x: 0, height: hip / 2, z: 0, half: SIMD3(0.17 * s, hip / 2, 0.11 * s),
                label: label, material: .cloth, albedo: legs, variant: variant)
        addPart(.box, frame, x: 0, height: (hip + shoulder) / 2, z: 0,
                half: SIMD3(0.23 * s, (shoulder - hip) / 2, 0.13 * s),
                label: label, material: .cloth, albedo: torso, variant: variant)
        addPart(.ellipsoid, frame, x: 0, height: shoulder + 0.14 * s, z: 0, half: SIMD3(0.095, 0.12, 0.105) * s,
                label: label, material: .skin, albedo: skin, variant: variant)
        if rng.chance(0.25) {
            addPart(.box, frame, x: 0, height: (hip + shoulder) / 2 + 0.05, z: -0.2 * s,
                    half: SIMD3(0.16, 0.22, 0.08) * s, label: label, material: .cloth,
                    albedo: rng.vary(rng.pick(Palettes.clothes)), variant: variant)
        }
    }

    /// A rider (label rider) sitting on the vehicle of `frame`.
    private mutating func addRider(_ frame: ObjectFrame, seatHeight: Float, leanForward: Float,
                                   _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let label = CityscapesLabels.rider
        let clothes = rng.vary(rng.pick(Palettes.clothes))
        addPart(.box, frame, x: 0, height: seatHeight - 0.2, z: 0.1, half: SIMD3(0.17, 0.3, 0.2),
                label: label, material: .cloth, albedo: rng.vary(rng.pick(Palettes.clothes)), variant: variant)
        addPart(.box, frame, x: 0, height: seatHeight + 0.32, z: leanForward, half: SIMD3(0.22, 0.3, 0.14),
                label: label, material: .cloth, albedo: clothes, variant: variant)
        addPart(.ellipsoid, frame, x: 0, height: seatHeight + 0.76, z: leanForward + 0.08,
                half: SIMD3(0.11, 0.13, 0.12), label: label, material: .skin,
                albedo: rng.vary(rng.pick(Palettes.skins + [SIMD3(0.05, 0.05, 0.05), SIMD3(0.6, 0.6, 0.6)])),
                variant: variant)
    }

    /// A bicycle (label bicycle): frame and two thin wheels.
    mutating func addBicycle(_ frame: ObjectFrame, _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let label = CityscapesLabels.bicycle
        let colour = rng.vary(rng.pick(Palettes.carPaints))
        addPart(.box, frame, x: 0, height: 0.7, z: 0, half: SIMD3(0.03, 0.2, 0.45),
                label: label, material: .paint, albedo: colour, variant: variant)
        addPart(.box, frame, x: 0, height: 0.98, z: 0.42, half: SIMD3(0.25, 0.02, 0.02),
                label: label, material: .metal, albedo: SIMD3(0.1, 0.1, 0.1), variant: variant)
        for z: Float in [-0.52, 0.52] {
            addPart(.ellipsoid, frame, x: 0, height: 0.34, z: z, half: SIMD3(0.03, 0.34, 0.34),
                    label: label, material: .tyre, albedo: SIMD3(0.03, 0.03, 0.03), variant: variant)
        }
    }

    /// A motorcycle (label motorcycle): body, tank and two wheels.
    private mutating func addMotorcycle(_ frame: ObjectFrame, _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let label = CityscapesLabels.motorcycle
        addPart(.box, frame, x: 0, height: 0.65, z: 0, half: SIMD3(0.2, 0.27, 0.7),
                label: label, material: .paint, albedo: rng.vary(rng.pick(Palettes.carPaints)), variant: variant)
        for z: Float in [-0.72, 0.72] {
            addPart(.ellipsoid, frame, x: 0, height: 0.32, z: z, half: SIMD3(0.08, 0.32, 0.32),
                    label: label, material: .tyre, albedo: SIMD3(0.03, 0.03, 0.03), variant: variant)
        }
    }
}
