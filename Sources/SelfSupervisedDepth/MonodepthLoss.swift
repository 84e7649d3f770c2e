import TensorEngine

/// The self-supervised monocular depth loss of monodepth2 as the paper trains it.
///
/// For every scale s: the disparity is upsampled bilinearly to full resolution and
/// turned into depth (or, with `fullResolutionScales: false`, stays at the scale's own
/// resolution, where target, sources and intrinsics are downscaled to meet it); each
/// source frame is warped into the target view; the photometric
/// errors of the warped sources (and, with automasking, of the unwarped sources plus
/// tiny noise) compete in a per-pixel minimum whose mean is the reprojection term; the
/// edge-aware smoothness of the mean-normalised disparity at the scale's own resolution
/// against the target at that resolution adds smoothnessWeight / 2^s times itself. The
/// total is the mean over scales.
public struct MonodepthLoss {
    public let settings: MonodepthLossSettings

    /// Throws `invalidConfiguration` for settings out of range.
    public init(_ settings: MonodepthLossSettings = MonodepthLossSettings()) throws {
        try settings.validate()
        self.settings = settings
    }

    /// The loss of one batch. `rng` draws the automasking noise (standard normal times
    /// `automaskNoise`, fresh per scale). Throws when an input is missing or misshapen.
    public func callAsFunction(_ inputs: MonodepthLossInputs,
                               rng: inout RandomGenerator) throws -> MonodepthLossResult {
        let config = settings
        try validate(inputs)
        let (h, w) = (inputs.target.shape[2], inputs.target.shape[3])
        let offsets = config.frameOffsets
        let sources = offsets.map { inputs.sources[$0]! }
        let poses = offsets.map { inputs.poses[$0]! }
        let toDepth = DisparityToDepth(minDepth: config.minDepth, maxDepth: config.maxDepth)
        let photometric = PhotometricError(ssimWeight: config.ssimWeight)
        let pyramid = inputs.targetPyramid ?? ImagePyramid.build(inputs.target, levels: config.scales)
        let ownResolution = config.fullResolutionScales == false
        // Sources at every scale, for the errors at each scale's own resolution.
        let sourcePyramids = ownResolution ? sources.map { ImagePyramid.build($0, levels: config.scales) } : []

        // The identity errors do not depend on depth or pose: once for all scales (once
        // per scale at the scales' own resolutions).
        func identity(_ target: Tensor, _ sources: [Tensor]) -> Tensor {
            let errors = Tensor.concat(sources.map { photometric($0, target) }, axis: 1)
            return config.averageReprojection ? errors.mean(axis: 1, keepDims: true) : errors
        }
        let fullIdentityErrors: Tensor? = config.automasking ? identity(inputs.target, sources) : nil

        var scaleLosses: [Tensor] = []
        var terms: [MonodepthScaleTerms] = []
        var warped: [Int: [Tensor]] = [:]
        var depths: [Tensor] = []
        for scale in 0..<config.scales {
            let disparity = inputs.disparities[scale]
            let own = ownResolution && scale > 0
            let (hs, ws) = own ? (h >> scale, w >> scale) : (h, w)
            let scaleDisparity = scale == 0 || own ? disparity
                : disparity.resize(height: h, width: w, mode: .bilinear, alignCorners: false)
            let depth = toDepth(scaleDisparity).depth
            depths.append(depth.detached())

            let target = own ? pyramid[scale] : inputs.target
            let scaleSources = own ? sourcePyramids.map { $0[scale] } : sources
            let (intrinsics, inverseIntrinsics) = own
                ? Self.downscaled(inputs.intrinsics, inputs.inverseIntrinsics, by: 1 << scale)
                : (inputs.intrinsics, inputs.inverseIntrinsics)
            let points = ViewSynthesis.backproject(depth: depth, inverseIntrinsics: inverseIntrinsics)
            var errors: [Tensor] = []
            for (offset, (source, pose)) in zip(offsets, zip(scaleSources, poses)) {
                let grid = ViewSynthesis.project(points: points, intrinsics: intrinsics,
                                                 transform: pose, height: hs, width: ws)
                let synthesised = source.gridSample(grid)
                warped[offset, default: []].append(synthesised.detached())
                errors.append(photometric(synthesised, target))
            }
            let identityErrors = config.automasking ? (own ? identity(target, scaleSources) : fullIdentityErrors) : nil
            var reprojectionErrors = Tensor.concat(errors, axis: 1)
            if config.averageReprojection { reprojectionErrors = reprojectionErrors.mean(axis: 1, keepDims: true) }

            var combined = reprojectionErrors
            var identityCount = 0
            if let identityErrors {
                let noise = Tensor.normal(identityErrors.shape, std: config.automaskNoise, rng: &rng)
                combined = Tensor.concat([identityErrors + noise, reprojectionErrors], axis: 1)
                identityCount = identityErrors.shape[1]
            }
            let perPixel = combined.shape[1] == 1 ? combined : combined.min(axis: 1, keepDims: true)
            let reprojection = perPixel.mean()

            let meanDisparity = disparity.mean(axes: [2, 3], keepDims: true)
            let normalisedDisparity = disparity / (meanDisparity + 1e-7)
            let smoothness = EdgeAwareSmoothness.loss(disparity: normalisedDisparity, image: pyramid[scale])
            let weight = config.smoothnessWeight / Float(1 << scale)
            let scaleLoss = reprojection + smoothness * weight
            scaleLosses.append(scaleLoss)
            terms.append(MonodepthScaleTerms(
                reprojection: reprojection.item, smoothness: smoothness.item, total: scaleLoss.item,
                automaskedFraction: Self.identityWinFraction(combined, identityCount: identityCount)))
        }
        let total = scaleLosses.dropFirst().reduce(scaleLosses[0], +) * (1 / Float(config.scales))
        return MonodepthLossResult(total: total, scales: terms, warped: warped, depths: depths)
    }

    /// K and K^-1 [N, 4, 4] for images downscaled by `factor`: K's first two rows divided
    /// by it (as the data pipeline's K pyramid), K^-1's first two columns multiplied.
    public static func downscaled(_ intrinsics: Tensor, _ inverse: Tensor, by factor: Int) -> (Tensor, Tensor) {
        let f = Float(factor)
        var k = Array(UnsafeBufferPointer(start: intrinsics.data, count: intrinsics.shape.reduce(1, *)))
        var inv = Array(UnsafeBufferPointer(start: inverse.data, count: inverse.shape.reduce(1, *)))
        for b in 0..<intrinsics.shape[0] {
            for c in 0..<4 {
                k[b * 16 + c] /= f
                k[b * 16 + 4 + c] /= f
            }
            for r in 0..<4 {
                inv[b * 16 + r * 4] *= f
                inv[b * 16 + r * 4 + 1] *= f
            }
        }
        return (Tensor(k, shape: intrinsics.shape), Tensor(inv, shape: inverse.shape))
    }

    /// The fraction of pixels of `combined` [N, K, H, W] whose first minimum over K lies
    /// in the first `identityCount` channels (the identity errors).
    static func identityWinFraction(_ combined: Tensor, identityCount: Int) -> Float {
        guard identityCount > 0 else { return 0 }
        let (n, k) = (combined.shape[0], combined.shape[1])
        let plane = combined.shape[2] * combined.shape[3]
        let values = combined.data
        var wins = 0
        for b in 0..<n {
            for p in 0..<plane {
                var best = values[b * k * plane + p], bestIndex = 0
                for c in 1..<k where values[(b * k + c) * plane + p] < best {
                    best = values[(b * k + c) * plane + p]
                    bestIndex = c
                }
                if bestIndex < identityCount { wins += 1 }
            }
        }
        return Float(wins) / Float(max(n * plane, 1))
    }

    /// Checks presence and shapes of every input, naming the first one that is wrong.
    private func validate(_ inputs: MonodepthLossInputs) throws {
        let target = inputs.target
        guard target.rank == 4, target.shape[1] == 3, target.shape[2] >= 2, target.shape[3] >= 2 else {
            throw SelfSupervisedDepthError.shapeMismatch(name: "target", expected: "[N, 3, H, W] with H, W >= 2",
                                                         got: target.shape)
        }
        let (n, h, w) = (target.shape[0], target.shape[2], target.shape[3])
        for offset in settings.frameOffsets {
            guard let source = inputs.sources[offset] else { throw SelfSupervisedDepthError.missingSource(offset: offset) }
            try requireShape(source, target.shape, name: "sources[\(offset)]")
            guard let pose = inputs.poses[offset] else { throw SelfSupervisedDepthError.missingPose(offset: offset) }
            try requireShape(pose, [n, 4, 4], name: "poses[\(offset)]")
        }
        try requireShape(inputs.intrinsics, [n, 4, 4], name: "intrinsics")
        try requireShape(inputs.inverseIntrinsics, [n, 4, 4], name: "inverseIntrinsics")
        let scales = settings.scales
        guard inputs.disparities.count == scales else {
            throw SelfSupervisedDepthError.wrongScaleCount(expected: scales, got: inputs.disparities.count)
        }
        for s in 0..<scales {
            guard h >> s >= 2 && w >> s >= 2 else {
                throw SelfSupervisedDepthError.shapeMismatch(
                    name: "target", expected: "H, W >= \(2 << s) for \(scales) scales", got: target.shape)
            }
            try requireShape(inputs.disparities[s], [n, 1, h >> s, w >> s], name: "disparities[\(s)]")
        }
        if let pyramid = inputs.targetPyramid {
            guard pyramid.count == scales else {
                throw SelfSupervisedDepthError.wrongScaleCount(expected: scales, got: pyramid.count)
            }
            for s in 0..<scales {
                try requireShape(pyramid[s], [n, 3, h >> s, w >> s], name: "targetPyramid[\(s)]")
            }
        }
    }
}
