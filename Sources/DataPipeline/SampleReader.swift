import CityscapesData
import ImageIO
import TensorEngine

/// Reads training samples of one split: the labelled frame (offset 0) and its
/// sequence neighbours from `leftImg8bit_sequence`, labels mapped to train ids,
/// intrinsics from the camera file adjusted for the crop and the flip.
public struct SampleReader: Sendable {
    /// The split's samples.
    public let index: SampleIndex
    /// Frame offsets to load; 0 is read from `leftImg8bit`, others from the sequence folder.
    public let frameOffsets: [Int]
    /// Cropping and augmentation.
    public let augmentation: AugmentationSettings

    public init(index: SampleIndex, frameOffsets: [Int] = [0, -1, 1],
                augmentation: AugmentationSettings) throws {
        guard frameOffsets.contains(0) else {
            throw DataPipelineError.invalidSettings("frame offsets \(frameOffsets) must include 0")
        }
        guard augmentation.cropWidth == nil || augmentation.cropWidth! > 0,
              augmentation.cropHeight == nil || augmentation.cropHeight! > 0 else {
            throw DataPipelineError.invalidSettings("crop sizes must be positive")
        }
        self.index = index
        self.frameOffsets = frameOffsets
        self.augmentation = augmentation
    }

    /// Sample `i`, with every random choice (crop, flip, colour) drawn from `rng`.
    /// `loadLabels` false skips the label file (unlabelled use); `isLabelled` false
    /// marks the sample as unlabelled.
    public func sample(_ i: Int, loadLabels: Bool, isLabelled: Bool = true,
                       rng: inout RandomGenerator) throws -> TrainingSample {
        let id = index.frames[i], split = index.split, layout = index.layout
        let center = try FrameReading.read(layout.leftImage(id, split: split), as: .rgb8)
        let size = (width: center.width, height: center.height)
        let cropW = augmentation.cropWidth ?? size.width, cropH = augmentation.cropHeight ?? size.height
        guard cropW <= size.width, cropH <= size.height else {
            throw DataPipelineError.invalidSettings(
                "crop \(cropW)x\(cropH) is larger than the \(size.width)x\(size.height) images of \(layout.root)")
        }
        // The draws happen in a fixed order whatever is loaded, so a seed fixes them.
        let x0 = rng.nextInt(below: size.width - cropW + 1)
        let y0 = rng.nextInt(below: size.height - cropH + 1)
        let flip = Double(rng.nextUniform()) < augmentation.flipProbability
        let jitter = Double(rng.nextUniform()) < augmentation.colorAugmentationProbability
            ? ColorJitter.random(using: &rng) : nil
        let window = CropWindow(x0: x0, y0: y0, width: cropW, height: cropH)
        let plane = cropW * cropH

        var colors: [Int: [Float]] = [:], augmented: [Int: [Float]] = [:]
        for offset in frameOffsets {
            let image = offset == 0 ? center
                : try FrameReading.read(layout.sequenceImage(id.offset(by: offset), split: split),
                                        as: .rgb8, expected: size)
            var buffer = [Float](repeating: 0, count: 3 * plane)
            buffer.withUnsafeMutableBufferPointer {
                FrameReading.planarRGB(image, window: window, flip: flip, into: $0.baseAddress!)
            }
            colors[offset] = buffer
            if let jitter {
                buffer.withUnsafeMutableBufferPointer { jitter.apply(to: $0.baseAddress!, pixels: plane) }
            }
            augmented[offset] = buffer
        }

        var labels: [Float]? = nil
        if loadLabels {
            let label = try FrameReading.read(layout.labelIds(id, split: split), as: .gray8, expected: size)
            var buffer = [Float](repeating: 0, count: plane)
            buffer.withUnsafeMutableBufferPointer {
                FrameReading.trainIds(label, window: window, flip: flip, into: $0.baseAddress!)
            }
            labels = buffer
        }

        let camera = try FrameReading.camera(layout.camera(id, split: split))
        var intrinsics = PinholeIntrinsics(fx: camera.fx, fy: camera.fy, cx: camera.u0, cy: camera.v0)
            .cropped(x0: x0, y0: y0)
        if flip { intrinsics = intrinsics.flippedHorizontally(width: cropW) }

        return TrainingSample(name: id.stem, isLabelled: isLabelled && loadLabels, width: cropW, height: cropH,
                              window: window, flipped: flip, colors: colors, augmentedColors: augmented,
                              labels: labels, intrinsics: intrinsics)
    }
}
