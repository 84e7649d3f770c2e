import ArgumentParser

/// The `threeways` command: data, training, evaluation and reports for the paper's
/// experiments. Each subcommand lives in its own file.
@main
struct ThreeWays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threeways",
        abstract: "Reproduce 'Three Ways to Improve Semantic Segmentation with Self-Supervised Depth Estimation' (Hoyer et al., CVPR 2021) on the CPU.",
        version: ThreeWaysVersion.string,
        subcommands: [])
}

enum ThreeWaysVersion {
    static let string = "0.1.0"
}
