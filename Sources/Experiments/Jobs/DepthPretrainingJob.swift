import DataPipeline
import Evaluation
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training

/// One self-supervised depth pretraining run into a folder: both phases (monodepth
/// loss; phase 2 adds the feature distance to a frozen copy of the phase-1 encoder),
/// checkpoints that resume exactly, validation on the val split, and the final depth
/// network in `FOLDER/depth.safetensors` (metadata: the network profile as JSON, so
/// `infer` and transfer can rebuild it).
///
/// Steps are counted across phases for records (phase 2's step s is recorded as
/// phase1.iterations + s).
public struct DepthPretrainingJob {
    /// The Cityscapes-layout tree.
    public let dataRoot: String
    public let settings: DepthPretrainingSettings
    public let seed: UInt64
    /// The run's folder (checkpoints and the final network).
    public var folder: String
    /// Hash of (settings, seed): a folder trained with another configuration is refused.
    public let configurationHash: String
    /// What the hash covers (recorded as the run's configuration JSON).
    public let identity: Identity

    public init(dataRoot: String, settings: DepthPretrainingSettings, seed: UInt64, folder: String) throws {
        self.dataRoot = dataRoot
        self.settings = settings
        self.seed = seed
        self.folder = folder
        identity = Identity(settings: settings, seed: seed)
        configurationHash = try ConfigurationHash.of(identity)
    }

    public struct Identity: Encodable { var settings: DepthPretrainingSettings; var seed: UInt64 }

    /// The final depth network's file.
    public var finalWeights: String { folder + "/depth.safetensors" }

    /// The phases with their checkpoint names and the step offset of their records.
    var phases: [(number: Int, name: String, settings: DepthPhaseSettings, offset: Int)] {
        [(1, "depth1", settings.phase1, 0), (2, "depth2", settings.phase2, settings.phase1.iterations)]
    }

    /// Total steps of both phases.
    public var totalSteps: Int { settings.totalIterations }

    /// The run-wide step of the newest checkpoint (0 when there is none).
    public func checkpointStep() throws -> Int {
        let folder = try CheckpointFolder(path: self.folder, configurationHash: configurationHash)
        for phase in phases.reversed() {
            if let step = folder.steps(phase: phase.name).last { return phase.offset + step }
        }
        return 0
    }

    /// Whether run-wide step `step` is one the job validates at.
    func validates(at step: Int) -> Bool {
        phases.contains { p in
            let s = step - p.offset
            return s > 0 && s <= p.settings.iterations
                && (s == p.settings.iterations || (p.settings.validationInterval > 0 && s % p.settings.validationInterval == 0))
        }
    }

    /// Trains (or resumes) both phases and writes the final network; returns the last
    /// validation's errors (nil when the tree has no depth ground truth).
    @discardableResult
    public func run(observer: TrainingObserver, recorder: RunRecorder? = nil) throws -> DepthErrors? {
        let checkpoints = try CheckpointFolder(path: folder, configurationHash: configurationHash)
        let nets = settings.networks
        let root = RandomGenerator(seed: seed)
        let depth = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder, rng: root.split("depth"))
        let pose = try PoseNetwork(config: nets.pose, rng: root.split("pose"))
        let train = try SampleIndex(root: dataRoot, split: .train)
        let val = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        let reader = try SampleReader(index: train, augmentation: AugmentationSettings(
            cropWidth: settings.cropWidth, cropHeight: settings.cropHeight))
        var last: DepthErrors? = nil

        let validate = { (runStep: Int, phase: Int) throws -> Void in
            guard let errors = try Validation.depth(depth, reader: val, limit: settings.validationSamples) else { return }
            last = errors
            try recorder?.record(step: runStep, depth: errors)
            observer.log(String(format: "depth phase %d, step %d: abs_rel %.4f, rmse %.3f m, delta<1.25 %.3f",
                                phase, runStep, errors.absRel, errors.rmse, errors.a1))
        }

        let harness = RunHarness(observer: observer, recorder: recorder)
        let groundTruth = settings.supervision == .groundTruth ? try GroundTruthDepthReader(index: train) : nil
        var frozen: ResNetEncoder? = nil
        for phase in phases {
            if phase.number == 2 {
                let encoder = try ResNetEncoder(config: nets.encoder, rng: root.split("frozen"))
                try encoder.load(stateDict: depth.encoder.stateDict())
                frozen = encoder
            }
            let trainer = DepthPretrainer(depth: depth, pose: pose, settings: phase.settings,
                                          loss: try MonodepthLoss(settings.lossSettings), checkpoints: checkpoints,
                                          phase: phase.name, frozenEncoder: frozen, seed: seed &+ UInt64(phase.number),
                                          groundTruth: groundTruth)
            try harness.train(trainer, loop: trainer.loop,
                              phase: HarnessPhase(display: "depth phase \(phase.number)", losses: phase.name,
                                                  timing: "depth phase \(phase.number)", stepOffset: phase.offset),
                              batchSize: settings.batchSize,
                              batches: { start in
                                  let loader = try TrainingLoader(reader: reader, samples: Array(0..<train.count),
                                                                  batchSize: settings.batchSize, loadLabels: false,
                                                                  seed: seed &+ UInt64(phase.number), start: start)
                                  return { try loader.next() }
                              }, validate: { step in try validate(phase.offset + step, phase.number) },
                              detail: { p in String(format: "loss %.4f, %.1f steps/s", p.losses[0].value,
                                                    p.stepsPerSecond) })
        }
        try harness.finish(writing: finalWeights) {
            try depth.save(to: URL(fileURLWithPath: finalWeights), metadata: [
                "configuration_hash": configurationHash, "kind": "depth",
                "networks": try NetworkFile.encode(nets),
            ])
        }
        if groundTruth == nil, let check = try PoseDirectionCheck.run(pose: pose, dataRoot: dataRoot, limit: settings.validationSamples ?? 100) {
            observer.log("pose direction: the predicted translation agrees with the ground-truth camera motion on "
                         + "\(check.agreeing) of \(check.moving) moving validation samples")
        }
        if last == nil { last = try Validation.depth(depth, reader: val, limit: settings.validationSamples) }
        return last
    }
}
