import Foundation
import TensorEngine

/// A batch of training samples as tensors.
///
/// - `colors[k]`, `augmentedColors[k]`: [N, 3, H, W] in [0, 1] for frame offset k
///   (un-augmented for the losses, augmented for the networks).
/// - `labels`: [N, H, W] train ids as Float32 (255 = ignore), when labels were loaded.
/// - `intrinsics[s]`, `inverseIntrinsics[s]`: [N, 4, 4] K and K^-1 at pyramid scale s
///   (images 2^s times smaller), pixels.
public struct TrainingBatch {
    /// The samples' names (file-name stems), in batch order.
    public let names: [String]
    /// Whether each sample's labels are ground truth.
    public let isLabelled: [Bool]
    public let colors: [Int: Tensor]
    public let augmentedColors: [Int: Tensor]
    public let labels: Tensor?
    public let intrinsics: [Tensor]
    public let inverseIntrinsics: [Tensor]
    /// Each sample's crop window in its stored image, and whether it was flipped after
    /// cropping (to cut per-image data such as cached pseudo-depth the same way).
    public let windows: [CropWindow]
    public let flipped: [Bool]

    /// Stacks samples of one crop size; `scales` pyramid levels of intrinsics.
    public init(samples: [TrainingSample], scales: Int = 4) {
        precondition(!samples.isEmpty, "TrainingBatch: no samples")
        let n = samples.count, h = samples[0].height, w = samples[0].width
        precondition(samples.allSatisfy { $0.width == w && $0.height == h },
                     "TrainingBatch: samples of different sizes")
        names = samples.map(\.name)
        isLabelled = samples.map(\.isLabelled)
        windows = samples.map(\.window)
        flipped = samples.map(\.flipped)
        let offsets = samples[0].colors.keys.sorted()
        var colors: [Int: Tensor] = [:], augmented: [Int: Tensor] = [:]
        for k in offsets {
            colors[k] = Self.stack(samples.map { $0.colors[k]! }, shape: [n, 3, h, w])
            augmented[k] = Self.stack(samples.map { $0.augmentedColors[k]! }, shape: [n, 3, h, w])
        }
        self.colors = colors
        augmentedColors = augmented
        if samples.allSatisfy({ $0.labels != nil }) {
            labels = Self.stack(samples.map { $0.labels! }, shape: [n, h, w])
        } else {
            labels = nil
        }
        intrinsics = (0..<scales).map { s in
            Self.stack(samples.map { $0.intrinsics.atScale(s).matrix }, shape: [n, 4, 4])
        }
        inverseIntrinsics = (0..<scales).map { s in
            Self.stack(samples.map { $0.intrinsics.atScale(s).inverseMatrix }, shape: [n, 4, 4])
        }
    }

    /// A batch from tensors directly (benchmarks, tests): `names` gives the batch size;
    /// windows are the whole images, nothing flipped.
    public init(names: [String], colors: [Int: Tensor], augmentedColors: [Int: Tensor], labels: Tensor?,
                intrinsics: [Tensor], inverseIntrinsics: [Tensor]) {
        self.names = names
        isLabelled = names.map { _ in labels != nil }
        self.colors = colors
        self.augmentedColors = augmentedColors
        self.labels = labels
        self.intrinsics = intrinsics
        self.inverseIntrinsics = inverseIntrinsics
        let shape = colors[0]?.shape ?? [0, 0, 0, 0]
        windows = names.map { _ in CropWindow.full(width: shape[3], height: shape[2]) }
        flipped = names.map { _ in false }
    }

    /// Number of samples.
    public var count: Int { names.count }

    private static func stack(_ parts: [[Float]], shape: [Int]) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let each = shape.dropFirst().reduce(1, *)
        for (i, part) in parts.enumerated() {
            precondition(part.count == each)
            part.withUnsafeBufferPointer { (out.data + i * each).update(from: $0.baseAddress!, count: each) }
        }
        return out
    }
}
