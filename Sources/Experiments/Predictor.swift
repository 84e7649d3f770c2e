import CityscapesData
import Foundation
import ImageIO
import Networks
import SelfSupervisedDepth
import TensorEngine

/// Runs final network files on images: a segmentation network gives train ids per
/// pixel, a depth network depth in metres (the sigmoid disparity mapped to 0.1-100 m,
/// as in training; monocular depth is known up to scale).
public final class Predictor {
    private let segmentation: SegmentationNetwork?
    private let depth: DepthNetwork?
    private let toDepth = DisparityToDepth()

    /// `files`: network files of `pretrain-depth` or `train-seg` (at most one of each kind).
    public init(files: [String]) throws {
        var segmentation: SegmentationNetwork? = nil, depth: DepthNetwork? = nil
        for path in files {
            let file = try NetworkFile.read(path)
            let nets = file.networks, rng = RandomGenerator(seed: 0)
            switch file.kind {
            case "segmentation" where segmentation == nil:
                let net = try SegmentationNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                                  head: nets.segmentation, rng: rng)
                try net.load(stateDict: file.state, strict: true)
                net.eval()
                segmentation = net
            case "depth" where depth == nil:
                let net = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder, rng: rng)
                try net.load(stateDict: file.state, strict: true)
                net.eval()
                depth = net
            default:
                throw ExperimentError.invalidFile(path: path, reason: "a second '\(file.kind)' network, or an unknown kind")
            }
        }
        self.segmentation = segmentation
        self.depth = depth
    }

    public var predictsSegmentation: Bool { segmentation != nil }
    public var predictsDepth: Bool { depth != nil }

    /// Train ids (0-18), row-major [H * W], for images [1, 3, H, W] in [0, 1].
    public func trainIds(_ image: Tensor) -> [UInt8]? {
        guard let segmentation else { return nil }
        let ids = withoutGradients { segmentation(image).argmax(axis: 1) }
        return ids.scalars.map { UInt8(clamping: Int($0)) }
    }

    /// Depth in metres, row-major [H * W].
    public func depthMetres(_ image: Tensor) -> [Float]? {
        guard let depth else { return nil }
        return withoutGradients { toDepth(depth(image).output.disparities[0]!).depth }.scalars
    }
}
