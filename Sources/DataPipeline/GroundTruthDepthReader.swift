import CityscapesData
import Foundation
import TensorEngine

/// Ground-truth depth of training batches, read from the tree's disparity maps and
/// camera files and cut with each sample's crop window and flip, as the batch's images:
/// [N, 1, H, W] metres, 0 where the disparity is invalid. For the ground-truth depth
/// ceiling of depth pretraining only.
public struct GroundTruthDepthReader: Sendable {
    public let index: SampleIndex
    private let positions: [String: Int]

    public init(index: SampleIndex) throws {
        guard FileManager.default.fileExists(atPath: index.layout.directory(.disparity)) else {
            throw DataPipelineError.missingFile(path: index.layout.directory(.disparity))
        }
        self.index = index
        positions = Dictionary(uniqueKeysWithValues: (0..<index.count).map { (index.name(of: $0), $0) })
    }

    /// The depth of `batch`'s samples, cropped and flipped as their images.
    public func depth(for batch: TrainingBatch) throws -> Tensor {
        let n = batch.count, h = batch.windows[0].height, w = batch.windows[0].width
        let out = Tensor(uninitializedShape: [n, 1, h, w])
        for k in 0..<n {
            guard let i = positions[batch.names[k]] else {
                throw DataPipelineError.unknownSampleName(batch.names[k], subsetFile: nil)
            }
            let id = index.frames[i], layout = index.layout, split = index.split
            let path = layout.disparity(id, split: split)
            let disparity = try FrameReading.read(path, as: .gray16)
            let camera = try FrameReading.camera(layout.camera(id, split: split))
            let window = batch.windows[k], flip = batch.flipped[k]
            guard window.x0 + window.width <= disparity.width, window.y0 + window.height <= disparity.height else {
                throw DataPipelineError.sizeMismatch(path: path, expected: (window.x0 + window.width, window.y0 + window.height),
                                                     found: (disparity.width, disparity.height))
            }
            let base = out.data + k * h * w
            for y in 0..<h {
                let row = (window.y0 + y) * disparity.width + window.x0
                for x in 0..<w {
                    let stored = disparity.pixels16[row + (flip ? w - 1 - x : x)]
                    base[y * w + x] = CityscapesDisparity.depth(stored: stored, baseline: camera.baseline, fx: camera.fx)
                        .map { Float($0) } ?? 0
                }
            }
        }
        return out
    }
}
