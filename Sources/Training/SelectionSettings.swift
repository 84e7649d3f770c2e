import Networks

/// The settings of one profile's data-selection job (experiment 211's `selection:`
/// section): the student's networks, optimiser and crop, and how far its iterations are
/// scaled from the paper's 4k ... 24k per label-schedule step.
///
/// The reference's students (experiment 211): dilated ResNet-50 with the dec9 decoder,
/// Adam at 1e-4 for every parameter, poly learning-rate decay (power 0.9) over each
/// step's iterations, batch 2, random 512 x 512 crops of the 1024 x 512 images with
/// horizontal flips, each step trained from scratch.
public struct SelectionSettings: Codable, Equatable, Sendable {
    /// Student iterations = the paper's per step (4000 ... 24000) times this factor.
    public var iterationFactor: Double
    /// Width multiplier of the small student networks (nil: the paper's ResNet-50, dec9).
    public var widthMultiplier: Float?
    /// Random crop of the student's training samples in pixels (nil: whole images).
    public var cropWidth: Int?
    public var cropHeight: Int?
    /// Adam's learning rate (all parameters).
    public var learningRate: Float
    /// Training batch size of the student.
    public var batchSize: Int
    /// Images per forward pass when scoring candidates and extracting teacher features.
    public var scoringBatchSize: Int
    /// Probability of colour-jittering a student's training input (0: flips only, as
    /// the reference's segmentation configs; 0.5 is what this suite used before).
    public var colorJitterProbability: Double

    public init(iterationFactor: Double, widthMultiplier: Float?, cropWidth: Int? = nil, cropHeight: Int? = nil,
                learningRate: Float = 1e-4, batchSize: Int = 2, scoringBatchSize: Int = 16,
                colorJitterProbability: Double = 0) {
        self.colorJitterProbability = colorJitterProbability
        self.iterationFactor = iterationFactor
        self.widthMultiplier = widthMultiplier
        self.cropWidth = cropWidth
        self.cropHeight = cropHeight
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.scoringBatchSize = scoringBatchSize
    }

    /// The student's networks: `NetworkSettings.smallDataSelection` at the width
    /// multiplier, or the paper's data-selection networks.
    public var networks: NetworkSettings {
        widthMultiplier.map { NetworkSettings.smallDataSelection(widthMultiplier: $0) } ?? .paperDataSelection
    }

    /// The built-in profiles (widths as the profile's other networks; iterations scaled
    /// to fit each profile's time budget).
    public static func profile(_ profile: Profile) -> SelectionSettings {
        switch profile {
        case .smoke: return SelectionSettings(iterationFactor: 0.0025, widthMultiplier: 0.125, cropWidth: 64, cropHeight: 32)
        case .quick: return SelectionSettings(iterationFactor: 0.01, widthMultiplier: 0.25)
        case .standard: return SelectionSettings(iterationFactor: 0.05, widthMultiplier: 0.25)
        case .paper: return SelectionSettings(iterationFactor: 1, widthMultiplier: nil, cropWidth: 512, cropHeight: 512)
        }
    }
}
