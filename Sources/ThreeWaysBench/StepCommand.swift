import ArgumentParser
import Foundation
import Networks
import TensorEngine

/// `threeways-bench step`: one training step of the quick profile's networks, ours
/// against the same networks written in PyTorch (benchmarks/torch_step.py), same batch,
/// input size and threads, in one run.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Time one segmentation training step (batch 2, quick profile) against PyTorch.",
        discussion: """
        The segmentation step is the experiment-210 recipe: encoder and segmentation \
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
        var line = String(format: "segmentation step: ours %.1f ms", segmentation * 1e3)
        if let t = torch?["segmentation_step"] {
            line += String(format: ", PyTorch %.1f ms, PyTorch/ours %.2f", t * 1e3, t / segmentation)
        } else if python != "none" {
            line += " (PyTorch reference unavailable: \(TorchReference.lastProblem))"
        }
        print(line)
        print("peak resident memory: ours \(mib(peak.map(Double.init))), PyTorch process \(mib(torch?["peak_rss_bytes"]))")
    }

    private func encoderSpec(_ c: ResNetConfig) -> [String: Any] {
        ["block": c.usesBottleneck ? "bottleneck" : "basic", "layers": c.blockCounts,
         "widths": [c.stemChannels] + c.stagePlanes, "dilate_last": c.dilateLastStage]
    }
}
