import CityscapesData
import TensorEngine

extension SceneBuilder {
    /// Rows of buildings along both sides (with occasional gaps and set-back upper
    /// floors), a row closing the far end of the street or a far tree line, and the
    /// tall trees standing behind low buildings.
    mutating func addBuildings(_ rng: inout RandomGenerator) {
        let archetype = description.archetype
        let maxSetback: Float = archetype == .suburban ? 2.5 : (archetype == .industrial ? 3 : 0.6)
        for side in plan.sides {
            var z = plan.zStart - rng.float(in: 0...6)
            while z < plan.zEnd {
                let width = rng.float(in: style.buildingWidth)
                if rng.chance(style.buildingGapProbability) {
                    z += rng.float(in: 3...12)
                    continue
                }
                let front = side.facade + side.sign * rng.float(in: 0...maxSetback)
                let depth = rng.float(in: 10...18)
                let height = rng.float(in: style.buildingHeight)
                let albedo = rng.vary(rng.pick(Palettes.facades))
                let variant = nextVariant()
                addSpan(CityscapesLabels.building, .facade, x: span(front, front + side.sign * depth),
                        heights: 0...height, z: z...(z + width), albedo: albedo, variant: variant)
                if height > 12 && width > 8 && rng.chance(0.3) {
                    let inset = rng.float(in: 1.5...3)
                    addSpan(CityscapesLabels.building, .facade,
                            x: span(front + side.sign * inset, front + side.sign * depth),
                            heights: height...(height + rng.float(in: 3...7)),
                            z: (z + 1)...(z + width - 1), albedo: albedo * 0.9, variant: variant)
                }
                z += width + (rng.chance(0.2) ? rng.float(in: 0.5...2) : 0)
            }
        }
        addFarEnd(&rng)
        addBackgroundTrees(&rng)
    }

    /// Buildings across the far end of the street, or otherwise a far line of trees.
    private mutating func addFarEnd(_ rng: inout RandomGenerator) {
        let z0 = plan.zEnd + rng.float(in: 2...15)
        if rng.chance(style.backdropProbability) {
            var x: Float = -90
            while x < 90 {
                let width = rng.float(in: 10...26)
                let height = rng.float(in: style.buildingHeight) * rng.float(in: 0.8...1.3)
                let front = z0 + rng.float(in: 0...3)
                addSpan(CityscapesLabels.building, .facade, x: x...(x + width), heights: 0...height,
                        z: front...(front + 15), albedo: rng.vary(rng.pick(Palettes.facades)),
                        variant: nextVariant())
                x += width
            }
        } else if rng.chance(0.75) {
            var x: Float = -80
            while x < 80 {
                let radius = rng.float(in: 3...6)
                let center = SIMD3(x, -rng.float(in: 3.5...8), z0 + rng.float(in: 5...30))
                addEllipsoid(center: center, radii: SIMD3(radius, radius * rng.float(in: 0.8...1.2), radius),
                             label: CityscapesLabels.vegetation, material: .foliage,
                             albedo: rng.vary(rng.pick(Palettes.foliage)), variant: nextVariant())
                x += radius * rng.float(in: 1.0...1.8)
            }
        }
    }

    /// Large trees behind the building rows, visible above low roofs.
    private mutating func addBackgroundTrees(_ rng: inout RandomGenerator) {
        let count = rng.int(in: style.backgroundTrees)
        for _ in 0..<count {
            let side = rng.chance(0.5) ? plan.right : plan.left
            let radius = rng.float(in: 3...5.5)
            let x = side.facade + side.sign * rng.float(in: 6...22)
            let center = SIMD3(x, -rng.float(in: 6...11), rng.float(in: 20...(plan.zEnd)))
            addEllipsoid(center: center, radii: SIMD3(radius, radius * rng.float(in: 0.9...1.3), radius),
                         label: CityscapesLabels.vegetation, material: .foliage,
                         albedo: rng.vary(rng.pick(Palettes.foliage)), variant: nextVariant())
        }
    }

    /// Hedges, fences and walls along the property line where the street has yards.
    mutating func addYardBoundaries(_ rng: inout RandomGenerator) {
        for side in plan.sides where side.frontage > 1.2 {
            let line = side.x(side.vergeWidth + side.sidewalkWidth + 0.35)
            var z = plan.zStart
            while z < plan.zEnd {
                let length = rng.float(in: 6...25)
                let roll = rng.nextUniform()
                let zs = z...(z + length)
                if roll < style.hedgeProbability {
                    let thickness = rng.float(in: 0.5...1.0)
                    addSpan(CityscapesLabels.vegetation, .foliage,
                            x: span(line, line + side.sign * thickness), heights: 0...rng.float(in: 0.7...1.8),
                            z: zs, albedo: rng.vary(rng.pick(Palettes.foliage)), variant: nextVariant())
                } else if roll < style.hedgeProbability + style.fenceProbability {
                    addSpan(CityscapesLabels.fence, .fence, x: span(line, line + side.sign * 0.06),
                            heights: 0...rng.float(in: 0.9...2.0), z: zs,
                            albedo: rng.vary(rng.pick(Palettes.fences)), variant: nextVariant())
                } else if roll < style.hedgeProbability + style.fenceProbability + style.wallProbability {
                    addSpan(CityscapesLabels.wall, .concrete, x: span(line, line + side.sign * 0.3),
                            heights: 0...rng.float(in: 0.8...2.6), z: zs,
                            albedo: rng.vary(rng.pick(Palettes.concrete)), variant: nextVariant())
                }
                z += length + (rng.chance(0.3) ? rng.float(in: 2...6) : 0)
            }
        }
    }
}
