import DataPipeline
import DataSelection
import Foundation
import Networks
import TensorEngine

/// The networks a data-selection job trains and evaluates (reference: label_selection.py
/// `train_on_subset` and `acquire_scores`):
///
/// - the depth student ('us', 'ds_us'): encoder + depth decoder trained from scratch on
///   the selected images to regress the depth teacher's cached pseudo-disparity with
///   `BerHuLoss` (own-car rows masked), scored per candidate by `DepthDifficulty`;
/// - the segmentation student ('ent'): the segmentation network trained from scratch
///   with cross-entropy on the selected images' labels (the reference's selection_tasks
///   "seg": the same joint model with the depth losses off), scored by
///   `SegmentationEntropy` of its logits;
/// - the depth teacher's ("upconv", 3) features of every candidate, pooled to h x 2h.
///
/// Training uses Adam at `settings.learningRate` with poly decay (power 0.9) over the
/// step's iterations, batches of `settings.batchSize` random crops with flips and colour
/// augmentation; scoring uses the whole unaugmented images in evaluation mode.
/// Every random draw comes from `seed`, so a student is a function of (seed, samples,
/// iterations, settings).
public struct SelectionStudent {
    public let train: SampleIndex
    public let settings: SelectionSettings
    public let seed: UInt64
    public let observer: TrainingObserver

    public init(train: SampleIndex, settings: SelectionSettings, seed: UInt64, observer: TrainingObserver) {
        self.train = train
        self.settings = settings
        self.seed = seed
        self.observer = observer
    }

    /// A depth student trained for `iterations` on `samples` (indices into `train`).
    public func trainDepth(samples: [Int], iterations: Int, step: Int, cache: PseudoDepthCache) throws -> DepthNetwork {
        let nets = settings.networks
        let network = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder,
                                       rng: RandomGenerator(seed: seed).split("selection-student").split(step))
        let berHu = BerHuLoss()
        try optimise(network, samples: samples, iterations: iterations, step: step, loadLabels: false,
                     phase: "depth student") { batch in
            let target = try cache.disparities(for: batch)
            let prediction = network(batch.augmentedColors[0]!).output.disparities[0]!
            let mask = BerHuLoss.ownCarMask(batch: batch.count, height: target.shape[2], width: target.shape[3])
            return berHu(prediction: prediction, target: target, mask: mask)
        }
        return network
    }

    /// A segmentation student trained for `iterations` on `samples`' labels.
    public func trainSegmentation(samples: [Int], iterations: Int, step: Int) throws -> SegmentationNetwork {
        let nets = settings.networks
        let network = try SegmentationNetwork(encoder: nets.encoder, depthDecoder: nets.depthDecoder,
                                              head: nets.segmentation,
                                              rng: RandomGenerator(seed: seed).split("selection-student").split(step))
        try optimise(network, samples: samples, iterations: iterations, step: step, loadLabels: true,
                     phase: "segmentation student") { batch in
            var dropout = RandomGenerator(seed: seed).split("selection-dropout").split(step)
            let logits = network.logits(batch.augmentedColors[0]!, rng: &dropout)
            return crossEntropy(logits: logits, target: batch.labels!, ignoreIndex: 255)
        }
        return network
    }

    /// Trains `network` on `loss` with `TrainingLoop`: Adam over every parameter, poly
    /// decay, the loss guard and progress; no checkpoints, no validation.
    private func optimise(_ network: Module, samples: [Int], iterations: Int, step: Int, loadLabels: Bool,
                          phase: String, loss: @escaping (TrainingBatch) throws -> Tensor) throws {
        let reader = try SampleReader(index: train, frameOffsets: [0], augmentation: AugmentationSettings(
            cropWidth: settings.cropWidth, cropHeight: settings.cropHeight,
            colorAugmentationProbability: settings.colorJitterProbability))
        // Small profiles' first steps may hold fewer images than a batch: they are listed
        // again (differently augmented), as batch norm needs more than one sample.
        var listed = samples
        while listed.count < settings.batchSize { listed += samples }
        let loader = try TrainingLoader(reader: reader, samples: listed, batchSize: settings.batchSize,
                                        loadLabels: loadLabels, seed: seed ^ (0x5E1EC7 &* UInt64(step + 1)), scales: 1)
        let task = SelectionStudentTask(phase: phase, network: network, learningRate: settings.learningRate,
                               iterations: iterations, loss: loss)
        network.train()
        observer.begin(phase: phase, total: iterations, start: 0)
        let loop = TrainingLoop(schedule: TrainingSchedule(iterations: iterations, checkpointInterval: 0,
                                                           validationInterval: 0), checkpoints: nil)
        try loop.run(task, from: 0, loader: loader, progress: { p in
            observer.step(p, detail: String(format: "%d labelled, loss %.4f", samples.count, p.losses[0].value))
        })
        observer.end(phase: phase, total: iterations)
        network.eval()
    }

    /// Runs `body` on every training image in order, whole and unaugmented, in batches;
    /// returns the per-batch results concatenated.
    private func forEachBatch<T>(phase: String, _ body: (TrainingBatch) throws -> [T]) throws -> [T] {
        let reader = try SampleReader(index: train, frameOffsets: [0], augmentation: .none)
        let size = max(1, settings.scoringBatchSize)
        var results: [T] = []
        observer.begin(phase: phase, total: train.count, start: 0)
        var start = 0
        while start < train.count {
            let range = start..<min(train.count, start + size)
            var rng = RandomGenerator(seed: 0)
            let samples = try range.map { try reader.sample($0, loadLabels: false, isLabelled: false, rng: &rng) }
            results += try body(TrainingBatch(samples: samples, scales: 1))
            start = range.upperBound
            observer.step(TrainingProgress(phase: phase, step: start, totalSteps: train.count, losses: [],
                                           stepsPerSecond: 0, secondsRemaining: 0), detail: "")
        }
        observer.end(phase: phase, total: train.count)
        return results
    }

    /// The depth student's 'abs_log' error of every training image.
    public func difficulty(_ network: DepthNetwork, cache: PseudoDepthCache) throws -> [Float] {
        network.eval()
        return try forEachBatch(phase: "difficulty") { batch in
            let prediction = withoutGradients { network(batch.colors[0]!).output.disparities[0]! }
            return DepthDifficulty.scores(prediction: prediction, pseudoDepth: try cache.disparities(for: batch))
        }
    }

    /// The segmentation student's mean pixel entropy of every training image.
    public func entropy(_ network: SegmentationNetwork) throws -> [Float] {
        network.eval()
        return try forEachBatch(phase: "entropy") { batch in
            SegmentationEntropy.scores(logits: withoutGradients { network(batch.colors[0]!) })
        }
    }

    /// The teacher's ("upconv", 3) features of every training image, pooled to h x 2h:
    /// [N, C, h, 2h].
    public func teacherFeatures(_ teacher: DepthNetwork, poolHeight: Int) throws -> Tensor {
        teacher.eval()
        var parts: [Tensor] = []
        _ = try forEachBatch(phase: "teacher features") { batch -> [Int] in
            let features = withoutGradients { teacher(batch.colors[0]!).output.features[3]! }
            parts.append(DiversityFeatures.pool(features, height: poolHeight))
            return []
        }
        return Tensor.concat(parts, axis: 0)
    }
}

/// A selection student as a `TrainingTask`: one loss, Adam over every parameter of the
/// network at one learning rate with poly decay (power 0.9) over the iterations.
final class SelectionStudentTask: TrainingTask {
    let phase: String
    let network: Module
    let optimizer: Adam
    let decay: LearningRateSchedule
    let loss: (TrainingBatch) throws -> Tensor

    init(phase: String, network: Module, learningRate: Float, iterations: Int,
         loss: @escaping (TrainingBatch) throws -> Tensor) {
        self.phase = phase
        self.network = network
        self.loss = loss
        optimizer = Adam(groups: [ParameterGroup(parameters: network.parameters(), learningRate: learningRate)])
        decay = LearningRateSchedule.poly(maxSteps: iterations, power: 0.9)
    }

    func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
        optimizer.zeroGrad()
        let value = try loss(batch)
        let item = value.item
        try LossGuard.check(item, step: step, term: phase)
        value.backward()
        optimizer.learningRateFactor = decay.factor(at: step)
        optimizer.step()
        return [("loss", item)]
    }

    func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
        (network.stateDict(), optimizer.stateTensors())
    }

    func restore(model: [String: Tensor], optimizer state: [String: Tensor]) throws {
        try network.load(stateDict: model)
        try optimizer.loadStateTensors(state)
    }

    func setEvaluating(_ evaluating: Bool) {
        if evaluating { network.eval() } else { network.train() }
    }
}
