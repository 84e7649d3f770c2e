import TensorEngine

/// The strong augmentation applied after mixing (reference: train.py `strongTransform`
/// with loader/transformsgpu.py `color_jitter` and `gaussian_blur`): colour jitter of
/// strength 0.25 with probability 0.8, then a Gaussian blur with sigma uniform in
/// 0.15...1.15 pixels and a kernel of about 10% of the image side with probability 0.5.
///
/// Only the mixed images [N, 3, H, W] (RGB in 0...1) are augmented. The reference runs the
/// same transform over the mixed teacher softmax too, but both steps act only on
/// 3-channel tensors, so teacher outputs (C = 19) and label maps are mixed and nothing
/// else; a trainer passes them to `Mixing.mix` alone.
///
/// Randomness: one decision per batch for each step (the reference's two
/// `random.uniform(0, 1)` draws, jitter when u > 0.2, blur when u > 0.5), one jitter order
/// for the batch, jitter factors per image, and one sigma for the batch.
public struct StrongAugmentation: Equatable, Sendable {
    /// Colour jitter on or off (the reference's `color_jitter` flag).
    public var colorJitter: Bool
    /// Jitter strength s: factors in [1 - s, 1 + s), hue in [-s, s) turns.
    public var colorJitterStrength: Float
    /// Probability that the batch is jittered.
    public var colorJitterProbability: Float
    /// Gaussian blur on or off (the reference's `blur` flag).
    public var blur: Bool
    /// Probability that the batch is blurred.
    public var blurProbability: Float
    /// Sigma is drawn uniformly from lowerBound..<upperBound (pixels).
    public var blurSigmaRange: ClosedRange<Float>

    /// The paper's settings by default.
    public init(colorJitter: Bool = true, colorJitterStrength: Float = 0.25, colorJitterProbability: Float = 0.8,
                blur: Bool = true, blurProbability: Float = 0.5,
                blurSigmaRange: ClosedRange<Float> = 0.15...1.15) {
        self.colorJitter = colorJitter
        self.colorJitterStrength = colorJitterStrength
        self.colorJitterProbability = colorJitterProbability
        self.blur = blur
        self.blurProbability = blurProbability
        self.blurSigmaRange = blurSigmaRange
    }

    /// The random choices for one batch.
    public struct Draw: Equatable, Sendable {
        /// One jitter per image (all with the same order), or nil when the batch is not jittered.
        public var colorJitter: [StrongColorJitter]?
        /// The blur's sigma in pixels, or nil when the batch is not blurred.
        public var blurSigma: Float?

        /// A draw with the given choices (nil skips a step).
        public init(colorJitter: [StrongColorJitter]?, blurSigma: Float?) {
            self.colorJitter = colorJitter
            self.blurSigma = blurSigma
        }
    }

    /// Draws the choices for a batch of `batchSize` images from `rng`, always in this order
    /// (so a disabled step shifts nothing): the jitter decision u, the blur decision u,
    /// then if jittering the order (a permutation of 4) and per image the brightness,
    /// contrast, saturation and hue factors, then if blurring the sigma.
    public func draw(batchSize: Int, rng: inout RandomGenerator) -> Draw {
        let jitterU = rng.nextUniform(), blurU = rng.nextUniform()
        var jitters: [StrongColorJitter]? = nil
        if colorJitter && jitterU > 1 - colorJitterProbability {
            let order = rng.permutation(4).map { StrongColorJitter.Adjustment(rawValue: $0)! }
            jitters = (0..<batchSize).map { _ in
                StrongColorJitter.random(strength: colorJitterStrength, order: order, rng: &rng)
            }
        }
        var sigma: Float? = nil
        if blur && blurU > 1 - blurProbability {
            sigma = rng.uniform(blurSigmaRange.lowerBound, blurSigmaRange.upperBound)
        }
        return Draw(colorJitter: jitters, blurSigma: sigma)
    }

    /// Applies `draw` to mixed images [N, 3, H, W] in 0...1: jitter, then blur (kernel sizes
    /// from H and W as the reference). Returns a new tensor; no gradient is recorded.
    public static func apply(_ draw: Draw, to images: Tensor) -> Tensor {
        precondition(images.rank == 4 && images.shape[1] == 3,
                     "StrongAugmentation: images must be [N, 3, H, W], got \(images.shape)")
        var out = images.detached().copy()
        if let jitters = draw.colorJitter {
            precondition(jitters.count == images.shape[0],
                         "StrongAugmentation: \(jitters.count) jitters for \(images.shape[0]) images")
            let pixels = images.shape[2] * images.shape[3]
            for (i, jitter) in jitters.enumerated() { jitter.apply(to: out.data + i * 3 * pixels, pixels: pixels) }
        }
        if let sigma = draw.blurSigma { out = GaussianBlur.apply(to: out, sigma: sigma) }
        return out
    }

    /// Draws for the batch from `rng` and applies: the strongly augmented mixed images
    /// [N, 3, H, W].
    public func apply(to images: Tensor, rng: inout RandomGenerator) -> Tensor {
        Self.apply(draw(batchSize: images.shape[0], rng: &rng), to: images)
    }
}
