import CityscapesData
import Foundation
import ImageIO
import Networks
import SelfSupervisedDepth
import TensorEngine

/// Runs final network files on images: a segmentation network gives train ids per
/// pixel, a depth network depth in metres (the sigmoid disparity mapped to 0.1-100 m,
/// as in training; monocular depth is known up to scale). A multi-task network file
/// (experiment 212) gives both, unless a separate file of a kind is also given.
public final class Predictor {
    private let segmentation: ((Tensor) -> Tensor)?
    private let depth: ((Tensor) -> Tensor)?
    private let toDepth = DisparityToDepth()

    /// `files`: network files of `pretrain-depth` or `train-seg` (at most one of each kind).
    public init(files: [String]) throws {
        var segmentation: ((Tensor) -> Tensor)? = nil, depth: ((Tensor) -> Tensor)? = nil
        var multiTask: MultiTaskNetwork? = nil
        for path in files {
            let file = try NetworkFile.read(path)
            let nets = file.networks, rng = RandomGenerator(seed: 0)
            switch file.kind {
            case "segmentation" where segmentation == nil:
                let net = try SegmentationNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                                  head: nets.segmentation, rng: rng)
                try net.load(stateDict: file.state, strict: true)
                net.eval()
                segmentation = { net($0) }
            case NetworkFile.multiTaskKind where multiTask == nil:
                let net = try MultiTaskNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                               decoder: file.multiTask!, rng: rng)
                try net.load(stateDict: file.state, strict: true)
                net.eval()
                multiTask = net
            case "depth" where depth == nil:
                let net = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder, rng: rng)
                try net.load(stateDict: file.state, strict: true)
                net.eval()
                depth = { net($0).output.disparities[0]! }
            default:
                throw ExperimentError.invalidFile(path: path, reason: "a second '\(file.kind)' network, or an unknown kind")
            }
        }
        if let multiTask {
            if segmentation == nil { segmentation = { multiTask($0).semantics } }
            if depth == nil { depth = { multiTask($0).disparities[0]! } }
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
        return withoutGradients { toDepth(depth(image)).depth }.scalars
    }
}
