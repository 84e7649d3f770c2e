import CityscapesData
import TensorEngine

/// Occupied stretches of one lane along z, to keep vehicles apart.
struct LaneOccupancy {
    private var taken: [ClosedRange<Float>] = []

    /// Whether `range` (padded by `gap` metres) is free; marks it taken when it is.
    mutating func claim(_ range: ClosedRange<Float>, gap: Float) -> Bool {
        let padded = (range.lowerBound - gap)...(range.upperBound + gap)
        if taken.contains(where: { $0.overlaps(padded) }) { return false }
        taken.append(range)
        return true
    }
}

extension SceneBuilder {
    /// Parked cars in parking lanes, cars and trucks driving in both directions, buses
    /// (at a stop in the bus-stop archetype), trams on the tram track.
    mutating func addVehicles(_ rng: inout RandomGenerator) {
        var lanes = [Float: LaneOccupancy]()
        // The camera's own lane is kept clear around the camera's path.
        _ = lanes[plan.forwardLanes[plan.egoLane], default: LaneOccupancy()].claim(-20...12, gap: 0)

        for side in plan.sides where side.parking {
            var z = rng.float(in: -14 ... -4)
            while z < min(plan.zEnd - 10, 140) {
                let length = rng.float(in: 3.8...4.9)
                if rng.chance(0.7) {
                    let yaw: Float = (side.sign > 0 ? 0 : .pi) + rng.float(in: -0.04...0.04)
                    let x = side.parkingCentre + rng.float(in: -0.15...0.15)
                    let frame = ObjectFrame(origin: SIMD3(x, 0, z + length / 2), yaw: yaw, motion: .zero)
                    if description.archetype == .industrial && rng.chance(0.12) {
                        addTruck(frame, &rng)
                        z += 6
                    } else {
                        addCar(frame, length: length, &rng)
                    }
                }
                z += length + rng.float(in: 0.6...4)
            }
        }

        if description.archetype == .busStop {
            let stop = rng.float(in: 14...32)
            let x = plan.right.roadEdge - 1.5
            addBus(ObjectFrame(origin: SIMD3(x, 0, stop + 6), yaw: rng.float(in: -0.03...0.03), motion: .zero),
                   &rng)
            removeParkedVehicles(near: x, z: stop...(stop + 13))
        }

        for _ in 0..<rng.int(in: style.drivingCars) {
            placeInLane(&lanes, length: rng.float(in: 3.8...4.9), &rng) { builder, frame, length, rng in
                builder.addCar(frame, length: length, &rng)
            }
        }
        for _ in 0..<rng.int(in: style.trucks) {
            placeInLane(&lanes, length: 10, &rng) { builder, frame, _, rng in builder.addTruck(frame, &rng) }
        }
        let extraBuses = description.archetype == .busStop ? rng.int(in: 0...1) : rng.int(in: style.buses)
        for _ in 0..<extraBuses {
            placeInLane(&lanes, length: 12.5, &rng) { builder, frame, _, rng in builder.addBus(frame, &rng) }
        }
        if plan.hasTramTrack {
            let x = (plan.dividerLeft + plan.dividerRight) / 2
            var z = rng.float(in: 14...40)
            for _ in 0..<rng.int(in: style.trams) {
                let length = rng.float(in: 24...32)
                let forward = rng.chance(0.5)
                let speed = decideMotion(&rng) ? rng.float(in: 0.3...1.2) : 0
                let frame = ObjectFrame(origin: SIMD3(x, 0, z + length / 2), yaw: forward ? 0 : .pi,
                                        motion: SIMD3(0, 0, forward ? speed : -speed))
                addTram(frame, length: length, &rng)
                z += length + rng.float(in: 20...60)
            }
        }
    }

    /// Places one vehicle of `length` in a random lane at a free spot ahead, moving
    /// along its lane when it moves independently; `add` builds it.
    private mutating func placeInLane(_ lanes: inout [Float: LaneOccupancy], length: Float,
                                      _ rng: inout RandomGenerator,
                                      add: (inout SceneBuilder, ObjectFrame, Float, inout RandomGenerator) -> Void) {
        for _ in 0..<6 {
            let forward = rng.chance(Float(plan.forwardLanes.count)
                                     / Float(plan.forwardLanes.count + plan.oncomingLanes.count))
            let lane = forward ? rng.pick(plan.forwardLanes) : rng.pick(plan.oncomingLanes)
            let z = rng.float(in: 10...110)
            guard lanes[lane, default: LaneOccupancy()].claim((z - length / 2)...(z + length / 2), gap: 3) else {
                continue
            }
            let speed = decideMotion(&rng) ? rng.float(in: 0.3...1.6) : 0
            let frame = ObjectFrame(origin: SIMD3(lane + rng.float(in: -0.25...0.25), 0, z),
                                    yaw: (forward ? 0 : .pi) + rng.float(in: -0.03...0.03),
                                    motion: SIMD3(0, 0, forward ? speed : -speed))
            add(&self, frame, length, &rng)
            return
        }
    }

    /// Drops parked cars that would overlap a vehicle placed later at `x` over `z`.
    private mutating func removeParkedVehicles(near x: Float, z: ClosedRange<Float>) {
        primitives.removeAll { p in
            (p.label == CityscapesLabels.car || p.label == CityscapesLabels.truck)
                && abs(p.center.x - x) < 2.5 && p.center.z > z.lowerBound - 3 && p.center.z < z.upperBound + 3
        }
    }

    /// Four wheels (flat ellipsoids) at local z = ±`base`, x = ±`track`.
    private mutating func addWheels(_ frame: ObjectFrame, track: Float, base: Float, radius: Float,
                                    label: UInt8, variant: UInt32, axles: [Float]? = nil) {
        for z in axles ?? [-base, base] {
            for x in [-track, track] {
                addPart(.ellipsoid, frame, x: x, height: radius, z: z, half: SIMD3(0.12, radius, radius),
                        label: label, material: .tyre, albedo: SIMD3(0.03, 0.03, 0.03), variant: variant)
            }
        }
    }

    /// A car (label car): lower body, cabin with windows, four wheels. Sometimes a van.
    mutating func addCar(_ frame: ObjectFrame, length: Float, _ rng: inout RandomGenerator) {
        let width = rng.float(in: 1.72...1.92)
        let paint = rng.vary(rng.pick(Palettes.carPaints), brightness: 0.9...1.1, jitter: 0.03)
        let variant = nextVariant()
        let label = CityscapesLabels.car
        if rng.chance(0.12) {
            addPart(.box, frame, x: 0, height: 1.2, z: 0, half: SIMD3(width / 2, 0.9, length / 2 + 0.2),
                    label: label, material: .cargo, albedo: paint, variant: variant)
            addPart(.box, frame, x: 0, height: 1.55, z: length / 2 + 0.05, half: SIMD3(width / 2 - 0.05, 0.3, 0.2),
                    label: label, material: .cabin, albedo: paint, variant: variant)
        } else {
            let top = rng.float(in: 0.9...1.1)
            addPart(.box, frame, x: 0, height: (0.28 + top) / 2, z: 0,
                    half: SIMD3(width / 2, (top - 0.28) / 2, length / 2),
                    label: label, material: .paint, albedo: paint, variant: variant)
            let roof = top + rng.float(in: 0.45...0.62)
            let cabin = length * rng.float(in: 0.26...0.32)
            addPart(.box, frame, x: 0, height: (top + roof) / 2, z: -length * 0.06,
                    half: SIMD3(width / 2 - 0.08, (roof - top) / 2, cabin),
                    label: label, material: .cabin, albedo: paint, variant: variant)
        }
        addWheels(frame, track: width / 2 - 0.1, base: length / 2 - 0.8, radius: rng.float(in: 0.3...0.34),
                  label: label, variant: variant)
    }

    /// A truck (label truck): cab, cargo box, chassis, six wheels.
    mutating func addTruck(_ frame: ObjectFrame, _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let cargoLength = rng.float(in: 5...8.5)
        let label = CityscapesLabels.truck
        let cabColour = rng.vary(rng.pick(Palettes.trucks))
        let front = cargoLength / 2 + 1.2
        addPart(.box, frame, x: 0, height: 1.75, z: front, half: SIMD3(1.2, 1.25, 1.05),
                label: label, material: .cabin, albedo: cabColour, variant: variant)
        addPart(.box, frame, x: 0, height: 2.35, z: -0.1, half: SIMD3(1.25, 1.45, cargoLength / 2),
                label: label, material: .cargo, albedo: rng.vary(rng.pick(Palettes.trucks)), variant: variant)
        addPart(.box, frame, x: 0, height: 0.7, z: 0.5, half: SIMD3(1.0, 0.2, cargoLength / 2 + 1.5),
                label: label, material: .paint, albedo: SIMD3(0.05, 0.05, 0.05), variant: variant)
        addWheels(frame, track: 1.05, base: 0, radius: 0.5, label: label, variant: variant,
                  axles: [front, -cargoLength / 2 + 1.0, -cargoLength / 2 + 2.3])
    }

    /// A city bus (label bus), 11-13 m long with a band of windows.
    mutating func addBus(_ frame: ObjectFrame, _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let length = rng.float(in: 11...13)
        addPart(.box, frame, x: 0, height: 1.75, z: 0, half: SIMD3(1.27, 1.4, length / 2),
                label: CityscapesLabels.bus, material: .busBody,
                albedo: rng.vary(rng.pick(Palettes.buses), brightness: 0.9...1.1), variant: variant)
        addWheels(frame, track: 1.1, base: length / 2 - 2.5, radius: 0.5, label: CityscapesLabels.bus,
                  variant: variant)
    }

    /// A tram (Cityscapes class train): a long body with windows and a pantograph.
    mutating func addTram(_ frame: ObjectFrame, length: Float, _ rng: inout RandomGenerator) {
        let variant = nextVariant()
        let label = CityscapesLabels.train
        addPart(.box, frame, x: 0, height: 1.95, z: 0, half: SIMD3(1.32, 1.6, length / 2),
                label: label, material: .tramBody,
                albedo: rng.vary(rng.pick(Palettes.trams), brightness: 0.9...1.1), variant: variant)
        addPart(.box, frame, x: 0, height: 3.75, z: 0, half: SIMD3(0.6, 0.2, 1.2),
                label: label, material: .paint, albedo: SIMD3(0.1, 0.1, 0.1), variant: variant)
        addWheels(frame, track: 1.0, base: length / 2 - 3, radius: 0.38, label: label, variant: variant)
    }
}
