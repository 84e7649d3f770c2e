import DataPipeline
import Foundation
import ImageIO
import Networks
import TensorEngine
#if canImport(Glibc)
import Glibc
#endif

/// The depth teacher's disparity for every training image, computed once and kept on
/// disk (the reference's depth-estimator step), for DepthMix: one 8-bit PNG per sample,
/// `{stem}_pseudo_disparity.png`, holding the full-resolution prediction min-max
/// normalised over the whole frame (before any crop) as floor(255 x), as the reference
/// stores it. A `complete` file marks a finished cache; an unfinished one is completed on
/// the next call (existing files are kept).
public struct PseudoDepthCache: Sendable {
    /// The cache folder (one per depth network).
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The file of sample `stem`.
    public func file(_ stem: String) -> String { "\(folder)/\(stem)_pseudo_disparity.png" }

    public var isComplete: Bool { FileManager.default.fileExists(atPath: folder + "/complete") }

    /// Predicts and writes the disparity of every sample of `index` missing from the
    /// cache; `progress(done, total)` after each image.
    public func fill(index: SampleIndex, network: DepthNetwork, progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard !isComplete else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let wasTraining = network.isTraining
        network.eval()
        defer { network.train(wasTraining) }
        for i in 0..<index.count {
            let stem = index.name(of: i)
            if !FileManager.default.fileExists(atPath: file(stem)) {
                let image = try PNGImage.read(path: index.layout.leftImage(index.frames[i], split: index.split), as: .rgb8)
                let disparity = withoutGradients { network(ImageTensors.rgb(image)).output.disparities[0]! }.scalars
                let temporary = file(stem) + ".partial.png"
                try PNGImage(width: image.width, height: image.height, gray8: Self.quantised(disparity)).write(path: temporary)
                guard rename(temporary, file(stem)) == 0 else {
                    throw TrainingError.invalidCheckpoint(path: file(stem), reason: "cannot move the new cache entry in place")
                }
            }
            progress(i + 1, index.count)
        }
        FileManager.default.createFile(atPath: folder + "/complete", contents: Data())
    }

    /// A disparity map min-max normalised and stored as floor(255 x); a constant map
    /// (no depth ordering) is stored as 0.
    public static func quantised(_ disparity: [Float]) -> [UInt8] {
        guard let lo = disparity.min(), let hi = disparity.max(), hi > lo else {
            return [UInt8](repeating: 0, count: disparity.count)
        }
        return disparity.map { UInt8(clamping: Int(((($0 - lo) / (hi - lo)) * 255).rounded(.down))) }
    }

    /// The cached normalised disparities of a batch's samples, cut with each sample's
    /// crop window and flip: [N, 1, H, W] in [0, 1] (multiples of 1/255).
    public func disparities(for batch: TrainingBatch) throws -> Tensor {
        let n = batch.count, h = batch.windows[0].height, w = batch.windows[0].width
        let out = Tensor(uninitializedShape: [n, 1, h, w])
        for k in 0..<n {
            let path = file(batch.names[k])
            let image: PNGImage
            do {
                image = try PNGImage.read(path: path, as: .gray8)
            } catch {
                throw TrainingError.invalidCheckpoint(path: path, reason: "pseudo-depth cache entry unreadable: \(error)")
            }
            let window = batch.windows[k], flip = batch.flipped[k]
            guard window.x0 + window.width <= image.width, window.y0 + window.height <= image.height else {
                throw TrainingError.invalidCheckpoint(path: path, reason: "\(image.width)x\(image.height) is smaller "
                                                      + "than the crop window \(window)")
            }
            let base = out.data + k * h * w
            for y in 0..<h {
                let row = (window.y0 + y) * image.width + window.x0
                for x in 0..<w {
                    base[y * w + x] = Float(image.pixels[row + (flip ? w - 1 - x : x)]) / 255
                }
            }
        }
        return out
    }
}
