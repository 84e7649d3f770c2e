import ArgumentParser
import DataPipeline
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training

/// `threeways-bench step`: one training step of the quick profile's networks, ours
/// against the same networks written in PyTorch (benchmarks/torch_step.py), same batch,
/// input size and threads, in one run.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Time one depth-pretraining step and one segmentation step (batch 2, quick profile) against PyTorch.",
        discussion: """
        The depth step is one self-supervised step of phase 1: depth network on frame 0, \
        pose network on the pairs (-1, 0) and (0, +1), the 4-scale monodepth loss (SSIM + L1, \
        per-pixel minimum, automasking, smoothness), backward and Adam. The segmentation step is the experiment-210 recipe: encoder and segmentation \
        decoder forward, cross-entropy, backward, gradient clipping, SGD with momentum and \
        weight decay. Prints the median step time, PyTorch's median for the same networks \
        and sizes, their ratio and the peak resident memory of each process.
        """)

    @Option(help: "Threads for the engine, OpenBLAS and PyTorch.")
    var threads: Int = Parallel.defaultThreads

    @Option(help: "Timed steps (the median is reported).")
    var repeats: Int = 11

    @Option(help: "Width multiplier of the small network profile (the quick profile's networks).")
    var widthMultiplier: Float = 0.25

    @Option(help: "Input height in pixels.")
    var height: Int = 64

    @Option(help: "Input width in pixels.")
    var width: Int = 128

    @Option(help: "Python interpreter for the PyTorch reference ('none' to skip).")
    var python: String = "python3"

    func run() throws {
        Parallel.threads = threads
        let profile = NetworkProfile.small(widthMultiplier: widthMultiplier)
        let batch = 2
        var rng = RandomGenerator(seed: 1)
        let images = Tensor.uniform([batch, 3, height, width], 0, 1, rng: &rng)
        let labels = Tensor((0..<(batch * height * width)).map { _ in Float(rng.nextInt(below: 19)) },
                            shape: [batch, height, width])
        let network = try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                              head: profile.segmentation, rng: RandomGenerator(seed: 2))
        let params = network.encoder.parameters() + network.segmentation.parameters()
        let sgd = SGD(groups: [
            ParameterGroup(parameters: network.encoder.parameters(), learningRate: 1e-3, weightDecay: 5e-4),
            ParameterGroup(parameters: network.segmentation.parameters(), learningRate: 1e-2, weightDecay: 5e-4),
        ], momentum: 0.9)
        network.train()
        let segmentation = Timing.median(repeats: repeats) {
            sgd.zeroGrad()
            let loss = crossEntropy(logits: network(images), target: labels)
            loss.backward()
            clipGradNorm(params, maxNorm: 10)
            sgd.step()
        }
        let depthStep = try timeDepthStep(profile: profile, batch: batch)
        let peak = Timing.peakResidentBytes()

        let spec: [String: Any] = [
            "batch": batch, "height": height, "width": width, "classes": profile.segmentation.classes,
            "encoder": encoderSpec(profile.encoder), "pose_encoder": encoderSpec(profile.pose.encoder),
            "decoder": ["channels": profile.depthDecoder.channels, "batch_norm": profile.depthDecoder.batchNorm,
                        "aspp_rates": profile.depthDecoder.asppRates],
            "pose_channels": profile.pose.decoderChannels, "pose_frames": profile.pose.framesToPredict,
            "segmentation": ["layers": profile.segmentation.layers,
                             "projection_channels": profile.segmentation.layerOutputChannels,
                             "head_inter": profile.segmentation.headInter],
        ]
        let torch = python == "none" ? nil
            : TorchReference.run(python: python, script: "benchmarks/torch_step.py", spec: spec,
                                 threads: threads, repeats: repeats)
        print("threads: \(threads), OpenBLAS kernels: \(BLAS.kernelName)")
        print("networks: \(profile.name) (\(network.parameterCount) segmentation parameters), batch \(batch), \(width)x\(height)")
        func mib(_ b: Double?) -> String { b.map { String(format: "%.0f MiB", $0 / 1_048_576) } ?? "-" }
        for (name, key, ours) in [("depth step", "depth_step", depthStep),
                                  ("segmentation step", "segmentation_step", segmentation)] {
            var line = String(format: "\(name): ours %.1f ms", ours * 1e3)
            if let t = torch?[key] {
                line += String(format: ", PyTorch %.1f ms, PyTorch/ours %.2f", t * 1e3, t / ours)
            } else if python != "none" {
                line += " (PyTorch reference unavailable: \(TorchReference.lastProblem))"
            }
            print(line)
        }
        print("peak resident memory: ours \(mib(peak.map(Double.init))), PyTorch process \(mib(torch?["peak_rss_bytes"]))")
    }

    /// Median seconds of one depth-pretraining step on random frames.
    private func timeDepthStep(profile: NetworkProfile, batch: Int) throws -> Double {
        var rng = RandomGenerator(seed: 3)
        var colors: [Int: Tensor] = [:]
        for offset in [-1, 0, 1] { colors[offset] = Tensor.uniform([batch, 3, height, width], 0, 1, rng: &rng) }
        let k = PinholeIntrinsics(fx: 1.104 * Double(width), fy: 2.212 * Double(height),
                                  cx: 0.535 * Double(width), cy: 0.501 * Double(height))
        let stack = { (m: [Float]) in Tensor(Array([[Float]](repeating: m, count: batch).joined()), shape: [batch, 4, 4]) }
        let input = TrainingBatch(names: (0..<batch).map { "b\($0)" }, colors: colors, augmentedColors: colors,
                                  labels: nil, intrinsics: (0..<4).map { stack(k.atScale($0).matrix) },
                                  inverseIntrinsics: (0..<4).map { stack(k.atScale($0).inverseMatrix) })
        let root = RandomGenerator(seed: 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("threeways-step-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trainer = DepthPretrainer(
            depth: try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: root.split("depth")),
            pose: try PoseNetwork(config: profile.pose, rng: root.split("pose")),
            settings: DepthPhaseSettings(iterations: 1, learningRate: 1e-4, decayAt: nil, featureDistanceWeight: 0,
                                         trainEncoder: true, checkpointInterval: 1, validationInterval: 0),
            loss: try MonodepthLoss(), checkpoints: try CheckpointFolder(path: folder, configurationHash: "bench"),
            phase: "bench", frozenEncoder: nil, seed: 5)
        var step = 0
        var failure: Error?
        let seconds = Timing.median(repeats: repeats) {
            do { _ = try trainer.step(input, at: step) } catch { failure = error }
            step += 1
        }
        if let failure { throw failure }
        return seconds
    }

    private func encoderSpec(_ c: ResNetConfig) -> [String: Any] {
        ["block": c.usesBottleneck ? "bottleneck" : "basic", "layers": c.blockCounts,
         "widths": [c.stemChannels] + c.stagePlanes, "dilate_last": c.dilateLastStage]
    }
}
