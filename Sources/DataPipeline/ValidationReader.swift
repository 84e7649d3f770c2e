import CityscapesData
import Foundation
import ImageIO
import TensorEngine

/// Reads validation frames of a split: image, labels and depth ground truth.
public struct ValidationReader: Sendable {
    /// The split's samples.
    public let index: SampleIndex
    /// Whether depth ground truth is read (the tree has a disparity folder).
    public let readsDepth: Bool

    public init(index: SampleIndex) {
        self.index = index
        readsDepth = FileManager.default.fileExists(atPath: index.layout.directory(.disparity))
    }

    /// The samples `indices` stacked into one batch (all frames must share a size).
    public func batch(_ indices: [Int]) throws -> ValidationBatch {
        precondition(!indices.isEmpty, "ValidationReader.batch: no indices")
        let layout = index.layout, split = index.split
        var images: [PNGImage] = [], labelImages: [PNGImage] = [], disparities: [PNGImage] = []
        var cameras: [CityscapesCamera] = []
        for i in indices {
            let id = index.frames[i]
            let image = try FrameReading.read(layout.leftImage(id, split: split), as: .rgb8,
                                              expected: images.first.map { ($0.width, $0.height) })
            let size = (width: image.width, height: image.height)
            images.append(image)
            labelImages.append(try FrameReading.read(layout.labelIds(id, split: split), as: .gray8, expected: size))
            if readsDepth {
                disparities.append(try FrameReading.read(layout.disparity(id, split: split), as: .gray16,
                                                         expected: size))
            }
            cameras.append(try FrameReading.camera(layout.camera(id, split: split)))
        }
        let n = indices.count, w = images[0].width, h = images[0].height, plane = w * h
        let window = CropWindow.full(width: w, height: h)
        let imageTensor = Tensor(uninitializedShape: [n, 3, h, w])
        let labelTensor = Tensor(uninitializedShape: [n, h, w])
        for k in 0..<n {
            FrameReading.planarRGB(images[k], window: window, flip: false, into: imageTensor.data + k * 3 * plane)
            FrameReading.trainIds(labelImages[k], window: window, flip: false, into: labelTensor.data + k * plane)
        }
        var depthTensor: Tensor? = nil
        if readsDepth {
            let depth = Tensor(uninitializedShape: [n, 1, h, w])
            for k in 0..<n {
                let out = depth.data + k * plane, camera = cameras[k]
                for (p, stored) in disparities[k].pixels16.enumerated() {
                    out[p] = CityscapesDisparity.depth(stored: stored, baseline: camera.baseline, fx: camera.fx)
                        .map { Float($0) } ?? 0
                }
            }
            depthTensor = depth
        }
        let k = Tensor(cameras.flatMap {
            PinholeIntrinsics(fx: $0.fx, fy: $0.fy, cx: $0.u0, cy: $0.v0).matrix
        }, shape: [n, 4, 4])
        return ValidationBatch(names: indices.map { index.name(of: $0) }, images: imageTensor,
                               labels: labelTensor, depth: depthTensor, intrinsics: k)
    }

    /// Batches of `batchSize` over the first `limit` samples (all when nil), in order,
    /// the last one possibly smaller.
    public func batches(batchSize: Int, limit: Int? = nil) -> [[Int]] {
        let count = min(limit ?? index.count, index.count)
        return stride(from: 0, to: count, by: batchSize).map { Array($0..<min($0 + batchSize, count)) }
    }
}
