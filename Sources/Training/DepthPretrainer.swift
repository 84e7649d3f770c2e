import DataPipeline
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine

/// Settings of one phase of self-supervised depth pretraining (paper-map section 1):
/// Adam on the depth network and the pose network, a step decay, and in phase 2 the
/// feature-distance loss to a frozen copy of the encoder.
public struct DepthPhaseSettings: Codable, Equatable, Sendable {
    public var iterations: Int
    public var learningRate: Float
    /// The learning rate is multiplied by `decayFactor` from step `decayAt` on (nil: never).
    public var decayAt: Int?
    public var decayFactor: Float
    /// Weight of the feature distance to the frozen encoder (0 in phase 1, 1e-2 in phase 2).
    public var featureDistanceWeight: Float
    /// Whether the encoder trains (the paper freezes its ImageNet encoder in phase 1; our
    /// small profiles train a randomly initialised encoder there).
    public var trainEncoder: Bool
    /// Write a checkpoint every this many steps (and after the last).
    public var checkpointInterval: Int
    /// Validate every this many steps (and after the last); 0 only at the end.
    public var validationInterval: Int

    public init(iterations: Int, learningRate: Float, decayAt: Int?, decayFactor: Float = 0.1,
                featureDistanceWeight: Float, trainEncoder: Bool, checkpointInterval: Int, validationInterval: Int) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.decayAt = decayAt
        self.decayFactor = decayFactor
        self.featureDistanceWeight = featureDistanceWeight
        self.trainEncoder = trainEncoder
        self.checkpointInterval = checkpointInterval
        self.validationInterval = validationInterval
    }
}

/// The loss terms of one depth step, for progress and logs.
public struct DepthStepTerms: Sendable, Equatable {
    public var total: Float
    public var reprojection: Float
    public var smoothness: Float
    public var featureDistance: Float
    public var automaskedFraction: Float
}

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

    public init(depth: DepthNetwork, pose: PoseNetwork, settings: DepthPhaseSettings, loss: MonodepthLoss,
                checkpoints: CheckpointFolder, phase: String, frozenEncoder: ResNetEncoder?, seed: UInt64) {
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

    /// The step to start from: that of the newest checkpoint of this phase (loaded), or 0.
    public func resume() throws -> Int {
        guard let checkpoint = try checkpoints.latest(phase: phase) else { return 0 }
        do {
            try load(stateDict: checkpoint.model)
            try optimizer.loadStateTensors(checkpoint.optimizer)
        } catch {
            throw TrainingError.invalidCheckpoint(path: checkpoint.path, reason: "\(error)")
        }
        return checkpoint.step
    }

    /// Target-to-source transformations for frames -1 and +1 from the pose network.
    func poses(_ frames: [Int: Tensor]) -> [Int: Tensor] {
        Self.poses(frames, offsets: loss.configuration.frameOffsets, pose: pose)
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
        let disparities = (0..<loss.configuration.scales).map { output.disparities[$0]! }
        let inputs = MonodepthLossInputs(
            target: batch.colors[0]!, sources: batch.colors.filter { $0.key != 0 }, disparities: disparities,
            poses: poses(batch.augmentedColors), intrinsics: batch.intrinsics[0],
            inverseIntrinsics: batch.inverseIntrinsics[0])
        var rng = stepRng.split("automask")
        let result = try loss(inputs, rng: &rng)
        var total = result.total
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
        if let decayAt = settings.decayAt {
            optimizer.learningRateFactor = step >= decayAt ? settings.decayFactor : 1
        }
        optimizer.step()
        return DepthStepTerms(total: value, reprojection: result.reprojection, smoothness: result.smoothness,
                              featureDistance: featureDistance, automaskedFraction: result.automaskedFraction)
    }

    /// Trains from `start` to `settings.iterations` on `loader` (positioned at `start`).
    public func train(from start: Int, loader: TrainingLoader, validate: (Int) throws -> Void = { _ in },
                      progress: (TrainingProgress, DepthStepTerms) -> Void = { _, _ in }) throws -> StepClock {
        var clock = StepClock()
        let total = settings.iterations
        for s in start..<total {
            let terms = try step(try loader.next(), at: s)
            clock.tick()
            let done = s + 1
            progress(TrainingProgress(phase: phase, step: done, totalSteps: total,
                                      losses: [("total", terms.total), ("reprojection", terms.reprojection),
                                               ("feature distance", terms.featureDistance)],
                                      stepsPerSecond: clock.stepsPerSecond,
                                      secondsRemaining: clock.secondsFor(steps: total - done)), terms)
            if done % max(1, settings.checkpointInterval) == 0 || done == total {
                try checkpoints.save(phase: phase, step: done, model: stateDict(), optimizer: optimizer.stateTensors())
            }
            if (settings.validationInterval > 0 && done % settings.validationInterval == 0) || done == total {
                depth.eval()
                try validate(done)
                depth.train()
            }
        }
        return clock
    }
}
