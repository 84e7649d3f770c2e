import CityscapesData
import TensorEngine

extension SceneBuilder {
    /// Raised sidewalks (curb 0.15 m) on both sides, grass verges with their own curb,
    /// and the raised grass median where the plan has one.
    mutating func addSidewalksAndVerges(_ rng: inout RandomGenerator) {
        let along = plan.zStart...plan.zEnd
        for side in plan.sides {
            let paving = rng.vary(rng.pick(Palettes.paving), brightness: 0.9...1.1)
            if side.vergeWidth > 0 {
                let curbOuter = side.x(0.18)
                addSpan(CityscapesLabels.sidewalk, .sidewalk, x: span(side.roadEdge, curbOuter),
                        heights: 0...0.15, z: along, albedo: paving, variant: nextVariant())
                addSpan(CityscapesLabels.terrain, .grass, x: span(curbOuter, side.sidewalkInner),
                        heights: 0...0.1, z: along, albedo: rng.vary(rng.pick(Palettes.grass)),
                        variant: nextVariant())
            }
            addSpan(CityscapesLabels.sidewalk, .sidewalk, x: span(side.sidewalkInner, side.sidewalkOuter),
                    heights: 0...0.15, z: along, albedo: paving, variant: nextVariant())
        }
        if plan.hasMedian {
            let grass = rng.vary(rng.pick(Palettes.grass))
            addSpan(CityscapesLabels.sidewalk, .sidewalk, x: plan.dividerLeft...plan.dividerRight,
                    heights: 0...0.12, z: along, albedo: rng.vary(Palettes.paving[0]), variant: nextVariant())
            addSpan(CityscapesLabels.terrain, .grass,
                    x: (plan.dividerLeft + 0.2)...(plan.dividerRight - 0.2),
                    heights: 0...0.16, z: along, albedo: grass, variant: nextVariant())
        }
    }
}
