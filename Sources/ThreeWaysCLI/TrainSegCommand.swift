import ArgumentParser
import DataPipeline
import Experiments
import Foundation
import Training

/// `threeways train-seg`: supervised segmentation from scratch or from depth pretraining.
struct TrainSegCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-seg",
        abstract: "Train segmentation on a labelled subset, from scratch or from depth pretraining.",
        discussion: """
        Cross-entropy on the labelled subset with the reference's experiment-210 optimiser: \
        SGD (momentum 0.9, weight decay 5e-4), lr 1e-2 for the decoder and 1e-3 for the \
        encoder, x0.1 at 3/4 of the steps (30k of 40k in the paper profile), gradient norm \
        clipped at 10. --init depth:FILE copies encoder and decoder from a depth \
        pretraining's depth.safetensors (same profile). Validation prints mIoU on the val \
        split at intervals; checkpoints go to OUT and running the command again resumes. \
        OUT/segmentation.safetensors holds the final network for `threeways infer`. \
        A --config with `multiTask: {}` trains experiment 212's multi-task network ('mtl_pad': \
        segmentation and depth decoded jointly) with the monodepth loss on the frame triplets \
        beside segmentation, the pose network from the depth pretraining's last checkpoint next \
        to FILE at lr 1e-6; `semiSupervised: {mix: depth, onlyUnlabelled: false, depthSource: \
        online}` adds the mean teacher with DepthMix by the network's own depth. Validation \
        then also prints the depth output's abs_rel. \
        Profiles: \(Profile.names.joined(separator: ", ")).
        """)

    @Option(help: "Root of the Cityscapes-layout tree.")
    var root: String = "data/synthcity"

    @OptionGroup var preset: ProfileOptions

    @Option(help: "YAML file whose keys override the profile's (e.g. training: {iterations: 500}).")
    var config: String?

    @Option(name: .customLong("init"), help: "scratch, or depth:FILE (a depth.safetensors from pretrain-depth).")
    var initialization: String = "scratch"

    @Option(help: "Labelled samples, drawn at random with the seed (default: all training samples).")
    var labels: Int?

    @Option(help: "A text file naming the labelled samples, one per line (e.g. from select-labels).")
    var labelsFile: String?

    @Option(help: "Seed of initialisation, the labelled subset, data order and augmentation.")
    var seed: UInt64 = 42

    @Option(help: "Output folder for checkpoints and the final network.")
    var out: String

    func run() throws {
        var settings = SegmentationRunSettings.profile(preset.profile)
        if let config { settings = try StrictYAML.overlay(settings, file: config) }
        let start: SegmentationInitialization
        if initialization == "scratch" {
            start = .scratch
        } else if initialization.hasPrefix("depth:") {
            start = .depth(path: String(initialization.dropFirst("depth:".count)))
        } else {
            throw ValidationError("--init must be 'scratch' or 'depth:FILE' (got '\(initialization)')")
        }
        let subset: LabelledSubset
        switch (labels, labelsFile) {
        case (_?, _?): throw ValidationError("give --labels or --labels-file, not both")
        case let (n?, nil): subset = .random(count: n, seed: seed)
        case let (nil, file?): subset = try .listed(inFile: file)
        case (nil, nil): subset = .all
        }
        let job = try SegmentationJob(dataRoot: root, settings: settings, seed: seed, subset: subset,
                                      initialization: start, folder: out)
        let observer = ProgressBarObserver()
        observer.log("segmentation, profile \(preset.profile) (\(settings.networks.name)), init \(initialization), labels "
                     + "\(SegmentationJob.identity(of: subset)), configuration hash \(job.configurationHash), output \(out)")
        let scores = try job.run(observer: observer)
        observer.log(String(format: "final mIoU %.2f%%, pixel accuracy %.2f%%; wrote %@", (scores.meanIoU ?? 0) * 100,
                            (scores.pixelAccuracy ?? 0) * 100, job.finalWeights))
    }
}
