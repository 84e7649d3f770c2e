import CityscapesData
import DataPipeline
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training

/// Times one training step of ours in this process: the median of `repeats` steps after
/// two warm-up steps, the products' work of one step, and the process's peak resident
/// memory (this process runs one row only, so the peak is the row's).
enum StepMeasurement {
    struct Result: Codable {
        var seconds: Double
        var gflop: Double
        var peakBytes: Int
    }

    static func run(_ shape: StepShape, repeats: Int) throws -> Result {
        Parallel.threads = shape.threads
        let profile = NetworkSettings.small(widthMultiplier: shape.widthMultiplier)
        let body: () throws -> Void
        switch shape.step {
        case "depth": body = try depthStep(profile: profile, shape: shape)
        case "segmentation": body = try segmentationStep(profile: profile, shape: shape)
        default: throw ValidationErrorText("unknown step '\(shape.step)' (depth or segmentation)")
        }
        try body()
        _ = BLAS.takeFlopCount()
        try body()
        let flops = BLAS.takeFlopCount()
        var failure: Error?
        let seconds = Timing.median(repeats: repeats) {
            do { try body() } catch { failure = error }
        }
        if let failure { throw failure }
        return Result(seconds: seconds, gflop: Double(flops) / 1e9, peakBytes: Timing.peakResidentBytes() ?? 0)
    }

    /// The experiment-210 recipe: encoder and segmentation decoder forward,
    /// cross-entropy, backward, gradient clipping, SGD with momentum and weight decay.
    static func segmentationStep(profile: NetworkSettings, shape: StepShape) throws -> () throws -> Void {
        var rng = RandomGenerator(seed: 1)
        let images = Tensor.uniform([shape.batch, 3, shape.height, shape.width], 0, 1, rng: &rng)
        let labels = Tensor((0..<(shape.batch * shape.height * shape.width)).map { _ in Float(rng.nextInt(below: 19)) },
                            shape: [shape.batch, shape.height, shape.width])
        let network = try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                              head: profile.segmentation, rng: RandomGenerator(seed: 2))
        let params = network.encoder.parameters() + network.segmentation.parameters()
        let sgd = SGD(groups: [
            ParameterGroup(parameters: network.encoder.parameters(), learningRate: 1e-3, weightDecay: 5e-4),
            ParameterGroup(parameters: network.segmentation.parameters(), learningRate: 1e-2, weightDecay: 5e-4),
        ], momentum: 0.9)
        network.train()
        return {
            sgd.zeroGrad()
            let loss = crossEntropy(logits: network(images), target: labels)
            loss.backward()
            clipGradNorm(params, maxNorm: 10)
            sgd.step()
        }
    }

    /// One self-supervised step of phase 1: depth network on frame 0, pose network on
    /// the pairs (-1, 0) and (0, +1), the 4-scale monodepth loss, backward and Adam.
    static func depthStep(profile: NetworkSettings, shape: StepShape) throws -> () throws -> Void {
        let (batch, height, width) = (shape.batch, shape.height, shape.width)
        var rng = RandomGenerator(seed: 3)
        var colors: [Int: Tensor] = [:]
        for offset in [-1, 0, 1] { colors[offset] = Tensor.uniform([batch, 3, height, width], 0, 1, rng: &rng) }
        let k = PinholeIntrinsics(width: width, height: height)
        let stack = { (m: [Float]) in Tensor(Array([[Float]](repeating: m, count: batch).joined()), shape: [batch, 4, 4]) }
        let input = TrainingBatch(names: (0..<batch).map { "b\($0)" }, colors: colors, augmentedColors: colors,
                                  labels: nil, intrinsics: (0..<4).map { stack(k.atScale($0).matrix) },
                                  inverseIntrinsics: (0..<4).map { stack(k.atScale($0).inverseMatrix) })
        let root = RandomGenerator(seed: 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("threeways-step-\(getpid())").path
        let trainer = DepthPretrainer(
            depth: try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: root.split("depth")),
            pose: try PoseNetwork(config: profile.pose, rng: root.split("pose")),
            settings: DepthPhaseSettings(iterations: 1, learningRate: 1e-4, decayAt: nil, featureDistanceWeight: 0,
                                         trainEncoder: true, checkpointInterval: 1, validationInterval: 0),
            loss: try MonodepthLoss(), checkpoints: try CheckpointFolder(path: folder, configurationHash: "bench"),
            phase: "bench", frozenEncoder: nil, seed: 5)
        try? FileManager.default.removeItem(atPath: folder)
        var step = 0
        return {
            _ = try trainer.step(input, at: step)
            step += 1
        }
    }
}

/// An error with a message (for the benchmark's own checks).
struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
