import ArgumentParser
import TensorEngine

/// The `threeways` command: data, training, evaluation and reports for the paper's
/// experiments. Each subcommand lives in its own file; this type only lists them.
@main
struct ThreeWays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threeways",
        abstract: "Reproduce 'Three Ways to Improve Semantic Segmentation with Self-Supervised Depth Estimation' (Hoyer et al., CVPR 2021) on the CPU.",
        discussion: """
        Threads: THREEWAYS_THREADS (default: all cores) sets the engine's and OpenBLAS's \
        thread count. Results are bit-identical for the same seed, config and thread count.
        """,
        version: ThreeWaysVersion.description,
        subcommands: [DataCommand.self, PretrainDepthCommand.self, TrainSegCommand.self, InferCommand.self,
                      RunCommand.self, ReproduceCommand.self, EvaluateCommand.self, EvaluateDepthCommand.self,
                      ReportCommand.self, RegressCommand.self, SelectLabelsCommand.self, GridCommand.self,
                      GridTaskCommand.self, MergeCommand.self])
}

/// The suite's version as printed by `threeways --version`.
enum ThreeWaysVersion {
    static let number = "0.1.0"
    static var description: String { "threeways \(number)" }
}
