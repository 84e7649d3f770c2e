import DataPipeline
import Evaluation
import Foundation
import Networks
import TensorEngine
import Training

/// One supervised segmentation run into a folder: the labelled subset, cross-entropy
/// with the experiment-210 optimiser, validation at intervals, checkpoints that resume
/// exactly, and the final network in `FOLDER/segmentation.safetensors`.
public struct SegmentationJob {
    public let dataRoot: String
    public let settings: SegmentationRunSettings
    public let seed: UInt64
    public let subset: LabelledSubset
    public let initialization: SegmentationInitialization
    /// The run's folder (checkpoints and the final network).
    public var folder: String
    /// Hash of (settings, seed, subset, initialisation incl. the depth file's own hash).
    public let configurationHash: String
    /// What the hash covers (recorded as the run's configuration JSON).
    public let identity: Identity

    /// The depth network whose cached predictions DepthMix mixes by when the run does
    /// not start from one (a scratch run with DepthMix: the published "DepthMix" row);
    /// nil: the initialisation's depth network.
    public let pseudoDepth: String?

    public init(dataRoot: String, settings: SegmentationRunSettings, seed: UInt64, subset: LabelledSubset,
                initialization: SegmentationInitialization, pseudoDepth: String? = nil, folder: String) throws {
        self.dataRoot = dataRoot
        self.settings = settings
        self.seed = seed
        self.subset = subset
        self.initialization = initialization
        self.pseudoDepth = pseudoDepth
        self.folder = folder
        var depthHash = ""
        if case .depth(let path) = initialization { depthHash = try NetworkFile.read(path).configurationHash }
        identity = Identity(settings: settings, seed: seed, subset: Self.identity(of: subset),
                            initialization: initialization.name, depthHash: depthHash,
                            pseudoDepthHash: try pseudoDepth.map { try NetworkFile.read($0).configurationHash })
        configurationHash = try ConfigurationHash.of(identity)
    }

    public struct Identity: Encodable {
        var settings: SegmentationRunSettings
        var seed: UInt64
        var subset: String
        var initialization: String
        var depthHash: String
        /// Only when DepthMix's depth network is not the initialisation's (left out of
        /// the JSON when nil, so earlier runs keep their hashes).
        var pseudoDepthHash: String?
    }

    /// The depth network DepthMix's cached pseudo-depth comes from: `pseudoDepth`, else
    /// the initialisation's; throws when there is neither.
    func pseudoDepthWeights() throws -> String {
        if let pseudoDepth { return pseudoDepth }
        guard case .depth(let path) = initialization else {
            throw ExperimentError.invalidConfig(file: folder, reason: "DepthMix needs a depth pretraining: "
                                                + "initialise from depth (init: depth) or give the run a pseudo-depth network")
        }
        return path
    }

    /// A stable text naming a labelled subset ("all", "random:N:seedS", "named:HASH").
    public static func identity(of subset: LabelledSubset) -> String {
        switch subset {
        case .all: return "all"
        case let .random(count, seed): return "random:\(count):seed\(seed)"
        case let .named(names, _): return "named:\(names.count):" + ((try? ConfigurationHash.of(names.sorted())) ?? "")
        }
    }

    /// The final network's file.
    public var finalWeights: String { folder + "/segmentation.safetensors" }

    /// The step of the newest checkpoint (0 when there is none).
    public func checkpointStep() throws -> Int {
        try CheckpointFolder(path: folder, configurationHash: configurationHash)
            .steps(phase: settings.multiTask == nil ? SegmentationTrainer.phase : MultiTaskTrainer.phase).last ?? 0
    }

    /// The network of this run, initialised (not yet resumed).
    func makeNetwork() throws -> SegmentationNetwork {
        let nets = settings.networks
        let network = try SegmentationNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                              head: nets.segmentation, rng: RandomGenerator(seed: seed).split("segmentation"))
        if case .depth(let path) = initialization {
            let file = try NetworkFile.read(path)
            guard file.networks == nets else {
                throw ExperimentError.networkMismatch(path: path, expected: nets.name, found: file.networks.name)
            }
            try network.loadDepthPretraining(file.state)
        }
        return network
    }

    /// The stream of images the mean teacher labels, positioned at `start`: the images
    /// outside the labelled subset (`onlyUnlabelled`) or all of them, with the labelled
    /// ones' labels; `frameOffsets` [0] for segmentation, the triplet for multi-task.
    func unlabelledStream(_ semi: SemiSupervisedSettings, train: SampleIndex, labelled: [Int], start: Int,
                          frameOffsets: [Int]) throws -> TrainingLoader {
        let labelledSet = Set(labelled)
        let samples = semi.onlyUnlabelled ? (0..<train.count).filter { !labelledSet.contains($0) } : Array(0..<train.count)
        guard samples.count >= settings.training.batchSize else {
            throw ExperimentError.invalidConfig(file: folder, reason: "the unlabelled stream has \(samples.count) "
                                                + "images (labelled subset \(labelled.count) of \(train.count))")
        }
        let reader = try SampleReader(index: train, frameOffsets: frameOffsets, augmentation: settings.augmentation)
        return try TrainingLoader(reader: reader, samples: samples, batchSize: settings.training.batchSize,
                                  loadLabels: !semi.onlyUnlabelled, seed: seed &+ 0x5EED,
                                  labelledSamples: labelledSet, start: start)
    }

    /// The mean teacher and its unlabelled stream (positioned at `start`), when the
    /// settings ask for it; DepthMix also fills the depth teacher's pseudo-depth cache
    /// (next to the depth network, once per dataset).
    func makeSemiSupervised(student: SegmentationNetwork, train: SampleIndex, labelled: [Int], start: Int,
                            observer: TrainingObserver) throws -> MeanTeacherMixing? {
        guard let semi = settings.semiSupervised else { return nil }
        let stream = try unlabelledStream(semi, train: train, labelled: labelled, start: start, frameOffsets: [0])
        var cache: PseudoDepthCache? = nil
        if semi.mix == .depthMix {
            guard semi.depthSource != .online else {
                throw ExperimentError.invalidConfig(file: folder, reason: "DepthMix with depthSource: online needs the "
                                                    + "multi-task network (add multiTask: {} to the settings)")
            }
            cache = try PseudoDepthSource.cache(depthWeights: try pseudoDepthWeights(), dataRoot: dataRoot, train: train,
                                                observer: observer)
        }
        return try MeanTeacherMixing(settings: semi, teacher: try makeNetwork(), student: student, stream: stream,
                                     pseudoDepth: cache)
    }

    /// Trains (or resumes) and writes the final network; returns the last validation.
    @discardableResult
    public func run(observer: TrainingObserver, recorder: RunRecorder? = nil) throws -> SegmentationScores {
        if let multiTask = settings.multiTask {
            return try runMultiTask(multiTask, observer: observer, recorder: recorder)
        }
        let t = settings.training
        let checkpoints = try CheckpointFolder(path: folder, configurationHash: configurationHash)
        let network = try makeNetwork()
        let train = try SampleIndex(root: dataRoot, split: .train)
        let val = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        let labelled = try subset.indices(in: train)
        let reader = try SampleReader(index: train, frameOffsets: [0], augmentation: settings.augmentation)
        let semiSupervised = try makeSemiSupervised(student: network, train: train, labelled: labelled,
                                                    start: try checkpointStep(), observer: observer)
        let trainer = SegmentationTrainer(network: network, settings: t, checkpoints: checkpoints, seed: seed,
                                          semiSupervised: semiSupervised)
        var last: SegmentationScores? = nil

        let validate = { (step: Int) throws -> Void in
            let scores = try Validation.segmentation(network, reader: val, limit: settings.validationLimit(step: step))
            last = scores
            try recorder?.record(step: step, scores: scores)
            observer.log(String(format: "segmentation step %d: mIoU %.2f%%, pixel accuracy %.2f%%", step,
                                (scores.meanIoU ?? 0) * 100, (scores.pixelAccuracy ?? 0) * 100))
        }

        let harness = RunHarness(observer: observer, recorder: recorder)
        try harness.train(trainer, loop: trainer.loop,
                          phase: HarnessPhase(display: "segmentation", losses: SegmentationTrainer.phase,
                                              timing: "segmentation"),
                          batchSize: t.batchSize,
                          batches: { start in
                              let loader = try TrainingLoader(reader: reader, samples: labelled, batchSize: t.batchSize,
                                                              loadLabels: true, seed: seed, start: start)
                              return { try loader.next() }
                          }, validate: validate,
                          detail: { p in String(format: "loss %.4f, %.1f steps/s", p.losses.first?.value ?? 0,
                                                p.stepsPerSecond) })
        try harness.finish(writing: finalWeights) {
            try network.save(to: URL(fileURLWithPath: finalWeights), metadata: [
                "configuration_hash": configurationHash, "kind": "segmentation",
                "networks": try NetworkFile.encode(settings.networks),
            ])
        }
        if let last { return last }
        return try Validation.segmentation(network, reader: val, limit: settings.validationSamples)
    }
}
