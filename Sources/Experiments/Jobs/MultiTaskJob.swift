import DataPipeline
import Evaluation
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training

/// The multi-task run of a `SegmentationJob` whose settings have `multiTask` (experiment
/// 212): the 'mtl_pad' network trained with the monodepth loss on the labelled subset's
/// frame triplets, supervised segmentation and, when configured, the mean teacher with
/// DepthMix by the network's own online depth; validation records mIoU together with
/// the depth metrics of the network's depth output; the final network is a "multitask"
/// network file.
extension SegmentationJob {
    /// The depth-pretraining checkpoint phase that holds the final pose network.
    static let poseCheckpointPhase = "depth2"

    /// The multi-task network, pose network and (for `init: depth`) their initialisation:
    /// the encoder and both task decoders from the depth network file, the pose network
    /// from the last checkpoint of the same depth pretraining (its phase-2 checkpoint in
    /// the file's folder), as the reference's depth, backbone and pose pretraining.
    func makeMultiTaskNetworks(_ multiTask: MultiTaskSettings) throws -> (MultiTaskNetwork, PoseNetwork) {
        let nets = settings.networks
        let rng = RandomGenerator(seed: seed)
        let network = try MultiTaskNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                           decoder: multiTask.decoder(classes: nets.segmentation.classes),
                                           rng: rng.split("multitask"))
        let pose = try PoseNetwork(config: nets.pose, rng: rng.split("pose"))
        if case .depth(let path) = initialization {
            let file = try NetworkFile.read(path)
            guard file.networks == nets else {
                throw ExperimentError.networkMismatch(path: path, expected: nets.name, found: file.networks.name)
            }
            try network.loadDepthPretraining(file.state)
            let folder = (path as NSString).deletingLastPathComponent
            guard let checkpoint = try CheckpointFolder(path: folder, configurationHash: file.configurationHash)
                .latest(phase: Self.poseCheckpointPhase) else {
                throw ExperimentError.missingFile(path: folder + "/\(Self.poseCheckpointPhase)-step*.safetensors",
                                                  what: "the depth pretraining's last checkpoint (its pose network)")
            }
            do {
                try pose.load(stateDict: checkpoint.model.entries(under: "pose_network"), strict: true)
            } catch {
                throw ExperimentError.invalidFile(path: checkpoint.path, reason: "its pose network does not fit: \(error)")
            }
        }
        return (network, pose)
    }

    /// The mean teacher of a multi-task run and its unlabelled stream (frame triplets,
    /// for the online monodepth loss), positioned at `start`.
    func makeMultiTaskSemiSupervised(student: MultiTaskNetwork, multiTask: MultiTaskSettings, train: SampleIndex,
                                     labelled: [Int], start: Int, observer: TrainingObserver) throws -> MeanTeacherMixing? {
        guard let semi = settings.semiSupervised else { return nil }
        let stream = try unlabelledStream(semi, train: train, labelled: labelled, start: start, frameOffsets: [0, -1, 1])
        var cache: PseudoDepthCache? = nil
        if semi.mix == .depthMix && semi.depthSource != .online {
            cache = try PseudoDepthSource.cache(depthWeights: try pseudoDepthWeights(), dataRoot: dataRoot, train: train,
                                                observer: observer)
        }
        return try MeanTeacherMixing(settings: semi, teacher: try makeMultiTaskNetworks(multiTask).0, student: student,
                                     stream: stream, pseudoDepth: cache)
    }

    /// Trains (or resumes) the multi-task network and writes the final network file;
    /// returns the last validation's segmentation scores.
    func runMultiTask(_ multiTask: MultiTaskSettings, observer: TrainingObserver,
                      recorder: RunRecorder?) throws -> SegmentationScores {
        let t = settings.training
        let nets = settings.networks
        let checkpoints = try CheckpointFolder(path: folder, configurationHash: configurationHash)
        let (network, pose) = try makeMultiTaskNetworks(multiTask)
        let train = try SampleIndex(root: dataRoot, split: .train)
        let val = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        let labelled = try subset.indices(in: train)
        let reader = try SampleReader(index: train, augmentation: settings.augmentation)
        let semiSupervised = try makeMultiTaskSemiSupervised(student: network, multiTask: multiTask, train: train,
                                                             labelled: labelled, start: try checkpointStep(),
                                                             observer: observer)
        let trainer = MultiTaskTrainer(network: network, pose: pose, settings: t, multiTask: multiTask,
                                       loss: try MonodepthLoss(), checkpoints: checkpoints, seed: seed,
                                       semiSupervised: semiSupervised)
        var last: SegmentationScores? = nil

        let validate = { (step: Int) throws -> Void in
            let scores = try Validation.segmentation(network, reader: val, limit: settings.validationLimit(step: step))
            let depth = try Validation.depth(try network.depthNetworkCopy(encoder: nets.encoder,
                                                                          depthDecoder: nets.depthDecoder),
                                             reader: val, limit: settings.validationLimit(step: step))
            last = scores
            try recorder?.record(step: step, scores: scores, depth: depth)
            var line = String(format: "multi-task step %d: mIoU %.2f%%, pixel accuracy %.2f%%", step,
                              (scores.meanIoU ?? 0) * 100, (scores.pixelAccuracy ?? 0) * 100)
            if let depth { line += String(format: ", depth abs_rel %.4f", depth.absRel) }
            observer.log(line)
        }

        let harness = RunHarness(observer: observer, recorder: recorder)
        try harness.train(trainer, loop: trainer.loop,
                          phase: HarnessPhase(display: MultiTaskTrainer.phase, losses: MultiTaskTrainer.phase,
                                              timing: MultiTaskTrainer.phase),
                          batchSize: t.batchSize,
                          batches: { start in
                              let loader = try TrainingLoader(reader: reader, samples: labelled, batchSize: t.batchSize,
                                                              loadLabels: true, seed: seed, start: start)
                              return { try loader.next() }
                          }, validate: validate,
                          detail: { p in
                              let term = { (name: String) in p.losses.first { $0.name == name }?.value ?? 0 }
                              return String(format: "loss %.4f (depth %.3f, seg %.3f), %.2f steps/s", term("total"),
                                            term("monodepth"), term("segmentation"), p.stepsPerSecond)
                          })
        try harness.finish(writing: finalWeights) {
            try network.save(to: URL(fileURLWithPath: finalWeights), metadata: [
                "configuration_hash": configurationHash, "kind": NetworkFile.multiTaskKind,
                "networks": try NetworkFile.encode(nets),
                "multi_task": try NetworkFile.encode(multiTask.decoder(classes: nets.segmentation.classes)),
            ])
        }
        if let last { return last }
        return try Validation.segmentation(network, reader: val, limit: settings.validationSamples)
    }
}
