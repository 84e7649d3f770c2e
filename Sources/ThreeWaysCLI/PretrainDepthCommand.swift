import ArgumentParser
import Experiments
import Foundation
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
        split (median-scaled). Profiles: \(Profile.names.joined(separator: ", ")). \
        (`threeways run --experiment depth` does the same inside the results store.)
        """)

    @Option(help: "Root of the Cityscapes-layout tree (e.g. from `threeways data generate`).")
    var root: String = "data/synthcity"

    @OptionGroup var preset: ProfileOptions

    @Option(help: "YAML file whose keys override the profile's (e.g. phase1: {iterations: 300}).")
    var config: String?

    @Option(help: "Seed of initialisation, data order, augmentation and automasking noise.")
    var seed: UInt64 = 42

    @Option(help: "Output folder for checkpoints and the final depth network.")
    var out: String

    func run() throws {
        var settings = DepthPretrainingSettings.profile(preset.profile)
        if let config { settings = try StrictYAML.overlay(settings, file: config) }
        let job = try DepthPretrainingJob(dataRoot: root, settings: settings, seed: seed, folder: out)
        let observer = ProgressBarObserver()
        observer.log("depth pretraining, profile \(preset.profile) (\(settings.networks.name)), configuration hash "
                     + "\(job.configurationHash), output \(out)")
        try job.run(observer: observer)
        observer.log("wrote \(job.finalWeights)")
    }
}
