/// Summary statistics of a Cityscapes-layout tree, as `CityscapesTreeStats.compute`
/// finds them. Codable, so a results store can keep it beside the runs that used the
/// data; `tableText` renders it for a terminal.
public struct CityscapesTreeStats: Codable, Equatable, Sendable {
    /// How many files of each kind one split has.
    public struct SplitCounts: Codable, Equatable, Sendable {
        public var split: String
        /// Labelled frames (`leftImg8bit` images).
        public var images: Int
        /// `*_gtFine_labelIds.png` files of those frames.
        public var labelImages: Int
        /// All files in `leftImg8bit_sequence` (every frame of every sequence).
        public var sequenceImages: Int
        /// `*_disparity.png` files of the labelled frames.
        public var disparityImages: Int
        /// `*_camera.json` files of the labelled frames.
        public var cameraFiles: Int

        public init(split: String, images: Int, labelImages: Int, sequenceImages: Int, disparityImages: Int,
                    cameraFiles: Int) {
            self.split = split
            self.images = images
            self.labelImages = labelImages
            self.sequenceImages = sequenceImages
            self.disparityImages = disparityImages
            self.cameraFiles = cameraFiles
        }
    }

    /// Pixels of one class (or of all ignored labels) among the labelled pixels.
    public struct ClassFrequency: Codable, Equatable, Sendable {
        /// Class name, or "ignored" for every label whose train id is 255 (and ids
        /// outside the table).
        public var name: String
        /// Train id 0...18, or 255 for "ignored".
        public var trainId: Int
        public var pixels: Int
        /// pixels / all pixels of the label images counted.
        public var fraction: Double

        public init(name: String, trainId: Int, pixels: Int, fraction: Double) {
            self.name = name
            self.trainId = trainId
            self.pixels = pixels
            self.fraction = fraction
        }
    }

    /// Class frequencies over the label images of one split, or of all splits ("all").
    public struct ClassFrequencies: Codable, Equatable, Sendable {
        public var split: String
        /// Label images counted.
        public var labelImages: Int
        /// All their pixels (ignored ones included).
        public var pixels: Int
        /// The 19 evaluated classes in train-id order, then "ignored".
        public var classes: [ClassFrequency]

        public init(split: String, labelImages: Int, pixels: Int, classes: [ClassFrequency]) {
            self.split = split
            self.labelImages = labelImages
            self.pixels = pixels
            self.classes = classes
        }
    }

    /// SynthCity sequences of one scene archetype (from ROOT/synthcity/scenes.csv).
    public struct ArchetypeCount: Codable, Equatable, Sendable {
        public var archetype: String
        public var sequences: Int
        /// sequences / all sequences listed.
        public var fraction: Double

        public init(archetype: String, sequences: Int, fraction: Double) {
            self.archetype = archetype
            self.sequences = sequences
            self.fraction = fraction
        }
    }

    /// What ROOT/synthcity/settings.json says about the generation.
    public struct SynthCitySettingsSummary: Codable, Equatable, Sendable {
        public var seed: UInt64
        /// The settings hash as stored in the file.
        public var settingsHash: String
        /// Generator version.
        public var version: Int

        public init(seed: UInt64, settingsHash: String, version: Int) {
            self.seed = seed
            self.settingsHash = settingsHash
            self.version = version
        }
    }

    /// Depth in metres over every valid disparity pixel of the labelled frames
    /// (depth = baseline * fx / d with d = (p - 1) / 256 pixels, p > 1).
    public struct DepthSummary: Codable, Equatable, Sendable {
        /// Disparity images counted (those with a camera file).
        public var images: Int
        public var validPixels: Int
        /// Pixels with p <= 1 (no measurement, sky).
        public var invalidPixels: Int
        public var minimum: Double
        /// Nearest-rank percentiles: the smallest depth with at least q of the valid
        /// pixels at or below it.
        public var percentile5: Double
        public var median: Double
        public var percentile95: Double
        public var maximum: Double

        public init(images: Int, validPixels: Int, invalidPixels: Int, minimum: Double, percentile5: Double,
                    median: Double, percentile95: Double, maximum: Double) {
            self.images = images
            self.validPixels = validPixels
            self.invalidPixels = invalidPixels
            self.minimum = minimum
            self.percentile5 = percentile5
            self.median = median
            self.percentile95 = percentile95
            self.maximum = maximum
        }
    }

    /// The tree's root as given.
    public var root: String
    /// Per split present in ROOT/leftImg8bit, in train, val, test order.
    public var splits: [SplitCounts]
    /// Per split with label images, then "all" over every split.
    public var classFrequencies: [ClassFrequencies]
    /// Archetype counts, most frequent first (nil without ROOT/synthcity/scenes.csv).
    public var archetypes: [ArchetypeCount]?
    /// Seed and settings hash (nil without ROOT/synthcity/settings.json).
    public var synthCity: SynthCitySettingsSummary?
    /// Depth range (nil when no labelled frame has both disparity and camera files).
    public var depth: DepthSummary?

    public init(root: String, splits: [SplitCounts], classFrequencies: [ClassFrequencies],
                archetypes: [ArchetypeCount]?, synthCity: SynthCitySettingsSummary?, depth: DepthSummary?) {
        self.root = root
        self.splits = splits
        self.classFrequencies = classFrequencies
        self.archetypes = archetypes
        self.synthCity = synthCity
        self.depth = depth
    }
}
