/// Settings of the self-supervised monocular depth loss; the defaults are the paper's.
public struct MonodepthLossSettings: Sendable, Equatable, Codable {
    /// Number of disparity scales (s = 0 ..< scales, scale s at 1 / 2^s resolution).
    public var scales: Int
    /// Source frames relative to the target frame 0 (e.g. [-1, 1]); never 0.
    public var frameOffsets: [Int]
    /// Depth range of the sigmoid disparity mapping, metres.
    public var minDepth: Float
    public var maxDepth: Float
    /// Weight of the SSIM term in the photometric error (L1 gets 1 - ssimWeight).
    public var ssimWeight: Float
    /// Weight of the edge-aware smoothness; scale s uses smoothnessWeight / 2^s.
    public var smoothnessWeight: Float
    /// Whether unwarped source frames compete in the per-pixel minimum (automasking of
    /// static scenes and objects moving with the camera).
    public var automasking: Bool
    /// Average the errors over source frames instead of the per-pixel minimum.
    public var averageReprojection: Bool
    /// Standard deviation of the noise added to the identity errors to break ties.
    public var automaskNoise: Float
    /// Where the coarse scales' photometric errors are computed: nil or true at full
    /// resolution with each disparity upsampled (monodepth2, the paper's); false at the
    /// scale's own resolution, images and intrinsics downscaled with it (monodepth's
    /// first version), so a coarse scale sees motions of 2^s fewer pixels. Left out of
    /// the encoding when nil, so earlier settings keep their configuration hash.
    public var fullResolutionScales: Bool?

    public init(scales: Int = 4, frameOffsets: [Int] = [-1, 1], minDepth: Float = 0.1,
                maxDepth: Float = 100, ssimWeight: Float = 0.85, smoothnessWeight: Float = 1e-3,
                automasking: Bool = true, averageReprojection: Bool = false,
                automaskNoise: Float = 1e-5, fullResolutionScales: Bool? = nil) {
        self.scales = scales
        self.frameOffsets = frameOffsets
        self.minDepth = minDepth
        self.maxDepth = maxDepth
        self.ssimWeight = ssimWeight
        self.smoothnessWeight = smoothnessWeight
        self.automasking = automasking
        self.averageReprojection = averageReprojection
        self.automaskNoise = automaskNoise
        self.fullResolutionScales = fullResolutionScales
    }

    /// Throws `invalidConfiguration` naming the first setting out of range.
    public func validate() throws {
        func fail(_ message: String) -> SelfSupervisedDepthError { .invalidConfiguration(message) }
        guard scales >= 1 else { throw fail("scales must be at least 1, got \(scales)") }
        guard !frameOffsets.isEmpty else { throw fail("frameOffsets is empty") }
        guard !frameOffsets.contains(0) else { throw fail("frameOffsets must not contain the target frame 0") }
        guard Set(frameOffsets).count == frameOffsets.count else {
            throw fail("frameOffsets \(frameOffsets) has duplicates")
        }
        guard minDepth > 0 && maxDepth > minDepth else {
            throw fail("need 0 < minDepth < maxDepth, got minDepth \(minDepth), maxDepth \(maxDepth)")
        }
        guard (0...1).contains(ssimWeight) else { throw fail("ssimWeight must lie in [0, 1], got \(ssimWeight)") }
        guard smoothnessWeight >= 0 else { throw fail("smoothnessWeight must be >= 0, got \(smoothnessWeight)") }
        guard automaskNoise >= 0 else { throw fail("automaskNoise must be >= 0, got \(automaskNoise)") }
    }
}

extension MonodepthLossSettings {
    enum CodingKeys: String, CodingKey {
        case scales, frameOffsets, minDepth, maxDepth, ssimWeight, smoothnessWeight, automasking
        case averageReprojection, automaskNoise, fullResolutionScales
    }

    /// Decodes any subset of the keys; missing ones keep the paper's defaults, so a
    /// configuration file may override one setting (e.g. `loss: {scales: 1}`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MonodepthLossSettings()
        self.init(scales: try c.decodeIfPresent(Int.self, forKey: .scales) ?? d.scales,
                  frameOffsets: try c.decodeIfPresent([Int].self, forKey: .frameOffsets) ?? d.frameOffsets,
                  minDepth: try c.decodeIfPresent(Float.self, forKey: .minDepth) ?? d.minDepth,
                  maxDepth: try c.decodeIfPresent(Float.self, forKey: .maxDepth) ?? d.maxDepth,
                  ssimWeight: try c.decodeIfPresent(Float.self, forKey: .ssimWeight) ?? d.ssimWeight,
                  smoothnessWeight: try c.decodeIfPresent(Float.self, forKey: .smoothnessWeight) ?? d.smoothnessWeight,
                  automasking: try c.decodeIfPresent(Bool.self, forKey: .automasking) ?? d.automasking,
                  averageReprojection: try c.decodeIfPresent(Bool.self, forKey: .averageReprojection)
                      ?? d.averageReprojection,
                  automaskNoise: try c.decodeIfPresent(Float.self, forKey: .automaskNoise) ?? d.automaskNoise,
                  fullResolutionScales: try c.decodeIfPresent(Bool.self, forKey: .fullResolutionScales))
    }
}
