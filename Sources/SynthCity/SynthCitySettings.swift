import CityscapesData
import Foundation

/// Everything that decides the bytes of a SynthCity tree. Two generations with equal
/// settings (and the same `generatorVersion`) write byte-identical files.
///
/// Images are `width` x `height` pixels (2:1, like Cityscapes); each sample is a
/// sequence of three frames (-1, 0, +1) whose frame 0 is labelled.
public struct SynthCitySettings: Equatable, Sendable {
    /// Version of the generator's algorithms; part of the settings hash, so a tree
    /// written by an older generator is rendered again.
    public static let generatorVersion = 1

    /// Seed of every random choice (scenes, motion, noise).
    public var seed: UInt64
    /// Number of labelled training sequences.
    public var trainCount: Int
    /// Number of labelled validation sequences.
    public var valCount: Int
    /// Image width in pixels (twice the height).
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// Colour samples per pixel along each axis (n gives n x n samples); labels and
    /// depth always come from the single pixel-centre ray.
    public var supersampling: Int
    /// Probability that a vehicle in a driving lane, a pedestrian or a rider moves
    /// independently of the scene between frames (0 gives static scenes).
    public var independentMotionProbability: Double
    /// Probability that a sequence's camera does not move.
    public var stationaryCameraProbability: Double
    /// Standard deviation of the sensor noise added to colour, in 8-bit levels.
    public var sensorNoise: Double

    public init(seed: UInt64, trainCount: Int, valCount: Int, width: Int, height: Int,
                supersampling: Int = 2, independentMotionProbability: Double = 0.35,
                stationaryCameraProbability: Double = 0.04, sensorNoise: Double = 1.0) {
        self.seed = seed
        self.trainCount = trainCount
        self.valCount = valCount
        self.width = width
        self.height = height
        self.supersampling = supersampling
        self.independentMotionProbability = independentMotionProbability
        self.stationaryCameraProbability = stationaryCameraProbability
        self.sensorNoise = sensorNoise
    }

    /// The preset `profile` with seed `seed`.
    public init(profile: SynthCityProfile, seed: UInt64 = 0) {
        switch profile {
        case .smoke:
            self.init(seed: seed, trainCount: 24, valCount: 8, width: 128, height: 64)
        case .quick:
            self.init(seed: seed, trainCount: 1000, valCount: 300, width: 128, height: 64)
        case .standard:
            self.init(seed: seed, trainCount: 2975, valCount: 500, width: 128, height: 64)
        }
    }

    /// Number of sequences in `split` (zero for `test`, which SynthCity does not write).
    public func count(of split: CityscapesSplit) -> Int {
        switch split {
        case .train: return trainCount
        case .val: return valCount
        case .test: return 0
        }
    }

    /// The pinhole intrinsics of every image, shaped like Cityscapes'.
    public var intrinsics: PinholeIntrinsics { PinholeIntrinsics(width: width, height: height) }

    /// Throws `SynthCityError.invalidSettings` naming the first unusable value.
    public func validate() throws {
        func fail(_ message: String) -> SynthCityError { .invalidSettings(message) }
        guard trainCount >= 0, valCount >= 0 else { throw fail("sequence counts must not be negative (train \(trainCount), val \(valCount))") }
        guard trainCount + valCount > 0 else { throw fail("at least one train or val sequence is needed") }
        guard trainCount <= 999_999, valCount <= 999_999 else { throw fail("at most 999999 sequences per split") }
        guard height >= 8, width >= 16 else { throw fail("images must be at least 16x8 pixels (got \(width)x\(height))") }
        guard width == 2 * height else {
            throw fail("SynthCity images have Cityscapes' 2:1 aspect: width must be twice the height (got \(width)x\(height))")
        }
        guard width <= 4096 else { throw fail("width must be at most 4096 pixels (got \(width))") }
        guard (1...8).contains(supersampling) else { throw fail("supersampling must be 1...8 (got \(supersampling))") }
        guard (0...1).contains(independentMotionProbability) else {
            throw fail("independent motion probability must be in 0...1 (got \(independentMotionProbability))")
        }
        guard (0...1).contains(stationaryCameraProbability) else {
            throw fail("stationary camera probability must be in 0...1 (got \(stationaryCameraProbability))")
        }
        guard sensorNoise >= 0, sensorNoise <= 64 else { throw fail("sensor noise must be in 0...64 levels (got \(sensorNoise))") }
    }

    /// The settings as one canonical line (fixed key order, shortest exact numbers),
    /// prefixed with the generator version: the input of `hash`.
    public var canonicalText: String {
        "synthcity;version=\(Self.generatorVersion);seed=\(seed);train=\(trainCount);val=\(valCount)"
            + ";width=\(width);height=\(height);supersampling=\(supersampling)"
            + ";independent_motion_probability=\(independentMotionProbability)"
            + ";stationary_camera_probability=\(stationaryCameraProbability)"
            + ";sensor_noise=\(sensorNoise)"
    }

    /// Settings hash: FNV-1a 64 of `canonicalText`, as 16 hexadecimal digits.
    public var hash: String { StableHash.hex16(StableHash.fnv1a64(canonicalText)) }

    /// The text of ROOT/synthcity/settings.json: every setting, the generator version
    /// and the hash.
    public var jsonText: String {
        """
        {
            "generator": "synthcity",
            "version": \(Self.generatorVersion),
            "seed": \(seed),
            "train": \(trainCount),
            "val": \(valCount),
            "width": \(width),
            "height": \(height),
            "supersampling": \(supersampling),
            "independent_motion_probability": \(independentMotionProbability),
            "stationary_camera_probability": \(stationaryCameraProbability),
            "sensor_noise": \(sensorNoise),
            "hash": "\(hash)"
        }

        """
    }

    /// Reads settings back from the text of a settings.json file (as `jsonText` writes
    /// it). The stored hash is not trusted: compare it with `hash` of the result.
    public init(json: Foundation.Data) throws {
        guard let table = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw SynthCityError.invalidSettings("settings.json is not a JSON object")
        }
        func number(_ key: String) throws -> NSNumber {
            guard let value = table[key] as? NSNumber else {
                throw SynthCityError.invalidSettings("settings.json lacks the number '\(key)'")
            }
            return value
        }
        self.init(seed: try number("seed").uint64Value,
                  trainCount: try number("train").intValue, valCount: try number("val").intValue,
                  width: try number("width").intValue, height: try number("height").intValue,
                  supersampling: try number("supersampling").intValue,
                  independentMotionProbability: try number("independent_motion_probability").doubleValue,
                  stationaryCameraProbability: try number("stationary_camera_probability").doubleValue,
                  sensorNoise: try number("sensor_noise").doubleValue)
    }
}
