import CityscapesData
import TensorEngine

extension SceneBuilder {
    /// Street trees along the verges or sidewalks, trees in yards and on the median.
    /// Trunk and canopy are both vegetation; canopies start at least 2.4 m up.
    mutating func addTrees(_ rng: inout RandomGenerator) {
        for side in plan.sides where rng.chance(style.streetTreeProbability) {
            let x = side.vergeWidth > 0 ? side.x(0.18 + (side.vergeWidth - 0.18) / 2)
                                        : side.x(side.vergeWidth + min(0.9, side.sidewalkWidth / 2))
            var z = rng.float(in: -12...0)
            let spacing = rng.float(in: style.treeSpacing)
            while z < plan.zEnd - 5 {
                if rng.chance(0.9) { addTree(x: x + rng.float(in: -0.2...0.2), z: z, scale: 1, &rng) }
                z += spacing * rng.float(in: 0.85...1.15)
            }
        }
        for side in plan.sides where side.frontage > 3 {
            let count = rng.int(in: 0...Int(plan.zEnd / 25))
            for _ in 0..<count {
                let depth = side.vergeWidth + side.sidewalkWidth + rng.float(in: 1.5...(side.frontage - 1))
                addTree(x: side.x(depth), z: rng.float(in: 5...plan.zEnd), scale: rng.float(in: 0.8...1.3), &rng)
            }
        }
        if plan.hasMedian && rng.chance(0.6) {
            let x = (plan.dividerLeft + plan.dividerRight) / 2
            var z = rng.float(in: 5...15)
            while z < plan.zEnd - 5 {
                addTree(x: x, z: z, scale: 0.9, &rng)
                z += rng.float(in: 10...18)
            }
        }
    }

    /// One tree standing at (x, z): a trunk and one or two canopy ellipsoids.
    mutating func addTree(x: Float, z: Float, scale: Float, _ rng: inout RandomGenerator) {
        let leaves = rng.vary(rng.pick(Palettes.foliage))
        let variant = nextVariant()
        let radius = rng.float(in: 1.5...2.8) * scale
        let tall = rng.float(in: 1.6...3.0) * scale
        let center = max(rng.float(in: 4...7) * scale, tall + 2.4)
        addCylinder(x: x, z: z, radius: rng.float(in: 0.12...0.22) * scale, heights: 0...(center - tall * 0.4),
                    label: CityscapesLabels.vegetation, material: .bark,
                    albedo: rng.vary(SIMD3(0.12, 0.09, 0.06)), variant: variant)
        addEllipsoid(center: SIMD3(x, -center, z), radii: SIMD3(radius, tall, radius * rng.float(in: 0.85...1.15)),
                     yaw: rng.float(in: 0...3), label: CityscapesLabels.vegetation, material: .foliage,
                     albedo: leaves, variant: variant)
        if rng.chance(0.4) {
            let offset = SIMD3(rng.float(in: -1...1) * radius * 0.5, -tall * rng.float(in: 0.3...0.6),
                               rng.float(in: -1...1) * radius * 0.5)
            addEllipsoid(center: SIMD3(x, -center, z) + offset, radii: SIMD3(repeating: radius * 0.7),
                         label: CityscapesLabels.vegetation, material: .foliage, albedo: leaves * 1.1,
                         variant: variant &+ 1)
        }
    }

    /// Poles near the curb on both sides, carrying traffic signs, traffic lights (on
    /// the pole or on an arm over the road) or a street lamp.
    mutating func addPoles(_ rng: inout RandomGenerator) {
        for side in plan.sides {
            let x = side.x(side.vergeWidth > 0 ? 0.45 : side.vergeWidth + 0.4)
            var z = rng.float(in: 2...style.poleSpacing.upperBound)
            while z < plan.zEnd * 0.85 {
                addPole(side: side, x: x, z: z, &rng)
                z += rng.float(in: style.poleSpacing)
            }
        }
    }

    private mutating func addPole(side: StreetSide, x: Float, z: Float, _ rng: inout RandomGenerator) {
        let metal = rng.vary(rng.pick(Palettes.poles))
        let radius = rng.float(in: 0.06...0.11)
        let height = rng.float(in: 3.5...8)
        let variant = nextVariant()
        addCylinder(x: x, z: z, radius: radius, heights: 0...height, label: CityscapesLabels.pole,
                    material: .metal, albedo: metal, variant: variant)
        let facing: Float = side.sign < 0 && rng.chance(0.3) ? .pi : 0
        let front = z - (radius + 0.04) * (facing == 0 ? 1 : -1)
        if rng.chance(style.trafficLightProbability) {
            let lightAlbedo = SIMD3<Float>(0.03, 0.03, 0.035)
            if rng.chance(0.5) || height < 5 {
                let h = min(height - 0.5, rng.float(in: 2.4...3.4))
                let frame = ObjectFrame(origin: SIMD3(x, 0, front), yaw: facing, motion: .zero)
                addPart(.box, frame, x: 0, height: h, z: 0, half: SIMD3(0.15, 0.42, 0.13),
                        label: CityscapesLabels.trafficLight, material: .trafficLight, albedo: lightAlbedo,
                        variant: nextVariant())
            } else {
                let reach = rng.float(in: 2.5...5.5)
                let armHeight = height - 0.3
                let tip = x - side.sign * reach
                addSpan(CityscapesLabels.pole, .metal, x: span(x, tip), heights: (armHeight - 0.07)...(armHeight + 0.07),
                        z: (z - 0.07)...(z + 0.07), albedo: metal, variant: variant)
                let frame = ObjectFrame(origin: SIMD3(tip, 0, z - 0.2), yaw: 0, motion: .zero)
                addPart(.box, frame, x: 0, height: armHeight - 0.55, z: 0, half: SIMD3(0.15, 0.45, 0.13),
                        label: CityscapesLabels.trafficLight, material: .trafficLight, albedo: lightAlbedo,
                        variant: nextVariant())
            }
        }
        if rng.chance(style.signProbability) {
            let signs = rng.chance(0.3) ? 2 : 1
            var h = min(height - 0.4, rng.float(in: 2.2...3.0))
            for _ in 0..<signs {
                let size = rng.pick([SIMD2<Float>(0.3, 0.3), SIMD2(0.35, 0.25), SIMD2(0.45, 0.2), SIMD2(0.3, 0.42)])
                let frame = ObjectFrame(origin: SIMD3(x, 0, front), yaw: facing, motion: .zero)
                addPart(.box, frame, x: 0, height: h, z: 0, half: SIMD3(size.x, size.y, 0.025),
                        label: CityscapesLabels.trafficSign, material: .trafficSign,
                        albedo: rng.vary(rng.pick(Palettes.signs), brightness: 0.9...1.1), variant: nextVariant())
                h -= size.y * 2 + 0.1
                if h < 1.6 { break }
            }
        } else if height > 6 && rng.chance(0.6) {
            let reach = rng.float(in: 1.0...2.0)
            let tip = x - side.sign * reach
            addSpan(CityscapesLabels.pole, .metal, x: span(x, tip), heights: (height - 0.06)...(height + 0.06),
                    z: (z - 0.06)...(z + 0.06), albedo: metal, variant: variant)
            addSpan(CityscapesLabels.pole, .metal, x: span(tip - 0.3, tip + 0.3), heights: (height - 0.15)...(height + 0.05),
                    z: (z - 0.18)...(z + 0.18), albedo: metal * 1.3, variant: variant)
        }
    }
}
