/// How training samples are cut and augmented, as the reference's sequence loader.
public struct AugmentationSettings: Equatable, Sendable {
    /// Crop size in pixels; nil keeps the whole stored image.
    public var cropWidth: Int?
    public var cropHeight: Int?
    /// Probability of mirroring a sample left-right (the reference: 0.5).
    public var flipProbability: Double
    /// Probability of colour-augmenting a sample's network input (the reference: 0.5
    /// when colour augmentation is on); 0 turns it off.
    public var colorAugmentationProbability: Double

    public init(cropWidth: Int? = nil, cropHeight: Int? = nil, flipProbability: Double = 0.5,
                colorAugmentationProbability: Double = 0.5) {
        self.cropWidth = cropWidth
        self.cropHeight = cropHeight
        self.flipProbability = flipProbability
        self.colorAugmentationProbability = colorAugmentationProbability
    }

    /// No crop, no flip, no colour change (validation, inference).
    public static let none = AugmentationSettings(flipProbability: 0, colorAugmentationProbability: 0)
}
