import DataPipeline
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine

/// One phase of self-supervised depth pretraining: the depth network predicts
/// disparities for frame 0, the pose network the motion to frames -1 and +1 (each pair
/// in temporal order, the earlier pose inverted), and the monodepth loss compares the
/// warped neighbours with the un-augmented frame 0. Networks see the colour-augmented
/// frames. Checkpoints hold both networks and Adam's state, so a phase resumes exactly.
public final class DepthPretrainer {
    public let depth: DepthNetwork
    public let pose: PoseNetwork
    public let settings: DepthPhaseSettings
    public let loss: MonodepthLoss
    public let checkpoints: CheckpointFolder
    /// Checkpoint phase name, e.g. "depth1".
    public let phase: String
    /// Phase 2's frozen encoder (evaluation mode, no gradients).
    public let frozenEncoder: ResNetEncoder?
    public let optimizer: Adam
    public let seed: UInt64
    /// The ground-truth depth of the diagnostic ceiling (nil: self-supervised, the
    /// paper's). With it the network learns `GroundTruthDepthLoss` of its full-resolution
    /// depth (the loss's depth range) instead of the monodepth loss; the pose network
    /// does not train.
    public let groundTruth: GroundTruthDepthReader?

    public init(depth: DepthNetwork, pose: PoseNetwork, settings: DepthPhaseSettings, loss: MonodepthLoss,
                checkpoints: CheckpointFolder, phase: String, frozenEncoder: ResNetEncoder?, seed: UInt64,
                groundTruth: GroundTruthDepthReader? = nil) {
        self.groundTruth = groundTruth
        self.depth = depth
        self.pose = pose
        self.settings = settings
        self.loss = loss
        self.checkpoints = checkpoints
        self.phase = phase
        self.frozenEncoder = frozenEncoder
        self.seed = seed
        frozenEncoder?.eval()
        frozenEncoder?.setTrainable(false)
        depth.encoder.setTrainable(settings.trainEncoder)
        var groups = [ParameterGroup(parameters: depth.depth.parameters() + pose.parameters(),
                                     learningRate: settings.learningRate, name: "depth+pose")]
        if settings.trainEncoder {
            groups.insert(ParameterGroup(parameters: depth.encoder.parameters(), learningRate: settings.learningRate,
                                         name: "encoder"), at: 0)
        }
        optimizer = Adam(groups: groups)
    }

    /// Both networks' state under "depth_network." and "pose_network.".
    public func stateDict() -> [String: Tensor] {
        depth.stateDict().prefixed(by: "depth_network").merging(pose.stateDict().prefixed(by: "pose_network")) { a, _ in a }
    }

    /// Loads a state written by `stateDict()` (strictly).
    public func load(stateDict state: [String: Tensor]) throws {
        try depth.load(stateDict: state.entries(under: "depth_network"), strict: true)
        try pose.load(stateDict: state.entries(under: "pose_network"), strict: true)
    }

    /// The loop that trains this phase with its settings' schedule and checkpoints.
    public var loop: TrainingLoop { TrainingLoop(schedule: settings.schedule, checkpoints: checkpoints) }

    /// Target-to-source transformations for frames -1 and +1 from the pose network.
    func poses(_ frames: [Int: Tensor]) -> [Int: Tensor] {
        Self.poses(frames, offsets: loss.settings.frameOffsets, pose: pose)
    }

    /// Target-to-source transformations for `offsets` predicted by `pose`, each pair in
    /// temporal order (the earlier frame first); shared with the multi-task trainer.
    static func poses(_ frames: [Int: Tensor], offsets: [Int], pose: PoseNetwork) -> [Int: Tensor] {
        var out: [Int: Tensor] = [:]
        for offset in offsets {
            let pair = offset < 0 ? [frames[offset]!, frames[0]!] : [frames[0]!, frames[offset]!]
            let prediction = pose(pair)
            out[offset] = CameraTransform.forFrame(offset, axisAngle: prediction.axisAngle.slice(axis: 1, 0..<1),
                                                   translation: prediction.translation.slice(axis: 1, 0..<1))
        }
        return out
    }

    /// One optimisation step; returns the loss terms.
    public func step(_ batch: TrainingBatch, at step: Int) throws -> DepthStepTerms {
        depth.train()
        pose.train()
        optimizer.zeroGrad()
        let stepRng = RandomGenerator(seed: seed).split(step)
        depth.reseedDropout(from: stepRng.split("depth dropout"))
        pose.reseedDropout(from: stepRng.split("pose dropout"))
        let input = batch.augmentedColors[0]!
        let (features, output) = depth(input)
        var total: Tensor
        var terms = DepthStepTerms(total: 0, reprojection: 0, smoothness: 0, featureDistance: 0, automaskedFraction: 0)
        if let groundTruth {
            let config = loss.settings
            let predicted = DisparityToDepth(minDepth: config.minDepth, maxDepth: config.maxDepth)(output.disparities[0]!)
            total = GroundTruthDepthLoss.loss(depth: predicted.depth, target: try groundTruth.depth(for: batch))
        } else {
            let disparities = (0..<loss.settings.scales).map { output.disparities[$0]! }
            let inputs = MonodepthLossInputs(
                target: batch.colors[0]!, sources: batch.colors.filter { $0.key != 0 }, disparities: disparities,
                poses: poses(batch.augmentedColors), intrinsics: batch.intrinsics[0],
                inverseIntrinsics: batch.inverseIntrinsics[0])
            var rng = stepRng.split("automask")
            let result = try loss(inputs, rng: &rng)
            total = result.total
            terms.reprojection = result.reprojection
            terms.smoothness = result.smoothness
            terms.automaskedFraction = result.automaskedFraction
        }
        var featureDistance: Float = 0
        if let frozenEncoder, settings.featureDistanceWeight > 0 {
            let frozen = withoutGradients { frozenEncoder(input).last! }
            let term = try FeatureDistance.loss(features: features.last!, frozenFeatures: frozen,
                                                weight: settings.featureDistanceWeight)
            featureDistance = term.item
            total = total + term
        }
        let value = total.item
        try LossGuard.check(value, step: step, term: "monodepth")
        total.backward()
        optimizer.learningRateFactor = settings.learningRateFactor(at: step)
        optimizer.step()
        terms.total = value
        terms.featureDistance = featureDistance
        return terms
    }
}

extension DepthPretrainer: TrainingTask {
    public func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
        try self.step(batch, at: step).named
    }

    public func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
        (stateDict(), optimizer.stateTensors())
    }

    public func restore(model: [String: Tensor], optimizer state: [String: Tensor]) throws {
        try load(stateDict: model)
        try optimizer.loadStateTensors(state)
    }

    /// Validation evaluates the depth network; the pose network stays in training mode
    /// (validation does not use it).
    public func setEvaluating(_ evaluating: Bool) {
        if evaluating { depth.eval() } else { depth.train() }
    }
}
