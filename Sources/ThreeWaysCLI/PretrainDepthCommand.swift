import ArgumentParser
import DataPipeline
import Evaluation
import Experiments
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training

/// `threeways pretrain-depth`: self-supervised depth pretraining, both phases.
struct PretrainDepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain-depth",
        abstract: "Self-supervised depth pretraining (both phases) on a Cityscapes-layout tree.",
        discussion: """
        Phase 1 trains the depth and pose networks with the monodepth loss (Adam, lr 1e-4, \
        x0.1 after 160/300 of the steps); phase 2 continues at lr 1e-5 with the feature \
        distance (weight 1e-2) to a frozen copy of the phase-1 encoder. Without ImageNet \
        weights the small profiles train the encoder from random initialisation in phase 1 \
        (the paper freezes its ImageNet encoder there). Checkpoints go to OUT every few \
        hundred steps; running the same command again resumes from the newest one. \
        OUT/depth.safetensors holds the final depth network for `train-seg --init \
        depth:OUT/depth.safetensors`. Validation prints abs_rel and delta<1.25 on the val \
        split (median-scaled). Profiles: \(DepthPretrainingConfig.profileNames.joined(separator: ", ")).
        """)

    @Option(help: "Root of the Cityscapes-layout tree (e.g. from `threeways data generate`).")
    var root: String = "data/synthcity"

    @Option(help: "Preset sizes: smoke, quick, standard, paper.")
    var profile: String = "quick"

    @Option(help: "YAML file whose keys override the profile's (e.g. phase1: {iterations: 300}).")
    var config: String?

    @Option(help: "Seed of initialisation, data order, augmentation and automasking noise.")
    var seed: UInt64 = 42

    @Option(help: "Output folder for checkpoints and the final depth network.")
    var out: String

    func run() throws {
        setvbuf(stdout, nil, _IOLBF, 0) // validation lines appear as they happen, also in logs
        guard var settings = DepthPretrainingConfig.profile(profile) else {
            throw ValidationError("unknown profile '\(profile)' (known: \(DepthPretrainingConfig.profileNames.joined(separator: ", ")))")
        }
        if let config { settings = try StrictYAML.overlay(settings, file: config) }
        struct Identity: Encodable { var settings: DepthPretrainingConfig; var seed: UInt64 }
        let hash = try ConfigurationHash.of(Identity(settings: settings, seed: seed))
        let checkpoints = try CheckpointFolder(path: out, configurationHash: hash)
        let nets = settings.networks
        let root = RandomGenerator(seed: seed)
        let depth = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder, rng: root.split("depth"))
        let pose = try PoseNetwork(config: nets.pose, rng: root.split("pose"))
        let train = try SampleIndex(root: self.root, split: .train)
        let val = ValidationReader(index: try SampleIndex(root: self.root, split: .val))
        let reader = try SampleReader(index: train, augmentation: AugmentationSettings(
            cropWidth: settings.cropWidth, cropHeight: settings.cropHeight))
        print("depth pretraining, profile \(profile) (\(nets.name)), \(train.count) training sequences, "
              + "configuration hash \(hash), output \(out)")

        var frozen: ResNetEncoder? = nil
        for (number, phase) in [(1, settings.phase1), (2, settings.phase2)] {
            let name = "depth\(number)"
            if number == 2 {
                let encoder = try ResNetEncoder(config: nets.encoder, rng: root.split("frozen"))
                try encoder.load(stateDict: depth.encoder.stateDict())
                frozen = encoder
            }
            let trainer = DepthPretrainer(depth: depth, pose: pose, settings: phase, loss: try MonodepthLoss(),
                                          checkpoints: checkpoints, phase: name, frozenEncoder: frozen,
                                          seed: seed &+ UInt64(number))
            let start = try trainer.resume()
            if start > 0 { print("phase \(number): resuming from step \(start)") }
            guard start < phase.iterations else { continue }
            let loader = try TrainingLoader(reader: reader, samples: Array(0..<train.count),
                                            batchSize: settings.batchSize, loadLabels: false,
                                            seed: seed &+ UInt64(number), start: start)
            let bar = ProgressBar(label: "phase \(number)", total: phase.iterations, initial: start)
            _ = try trainer.train(from: start, loader: loader, validate: { step in
                if let errors = try Validation.depth(depth, reader: val, limit: settings.validationSamples) {
                    bar.update(done: step)
                    print(String(format: "\nphase %d step %d: abs_rel %.4f, rmse %.3f m, delta<1.25 %.3f",
                                 number, step, errors.absRel, errors.rmse, errors.a1))
                }
            }, progress: { p, terms in
                bar.update(done: p.step, detail: String(format: "loss %.4f, %.1f steps/s", terms.total, p.stepsPerSecond))
            })
            bar.finish(done: phase.iterations)
        }
        let final = out + "/depth.safetensors"
        try depth.save(to: URL(fileURLWithPath: final), metadata: ["configuration_hash": hash, "profile": profile])
        print("wrote \(final)")
    }
}
