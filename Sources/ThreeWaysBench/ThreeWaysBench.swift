import ArgumentParser
import TensorEngine

/// `threeways-bench`: speed measurements for the engine, printed as ratios against a
/// reference measured in the same run (OpenBLAS sgemm; PyTorch on the CPU when installed).
@main
struct ThreeWaysBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threeways-bench",
        abstract: "Benchmarks for the ThreeWays engine (build with -c release).",
        subcommands: [OpsCommand.self, LoaderCommand.self, StepCommand.self, StepRowCommand.self])
}

/// `threeways-bench ops`: convolution shapes of a ResNet-18-style encoder and the
/// spatial / elementwise operators.
struct OpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Time conv2d forward+backward on ResNet-18 encoder shapes (128x256, batch 2) and the elementwise, resize and grid-sample operators, against OpenBLAS sgemm and PyTorch.")

    @Option(help: "Threads for the engine, OpenBLAS and PyTorch.")
    var threads: Int = Parallel.defaultThreads

    @Option(help: "Timed repetitions per operator (the median is reported).")
    var repeats: Int = 7

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Python interpreter for the PyTorch reference ('none' to skip).")
    var python: String = "python3"

    @Option(help: "Only run benchmarks whose name contains this text.")
    var filter: String?

    func run() throws {
        Parallel.threads = threads
        var rows: [BenchmarkRow] = []
        let convs = OpsSuite.convolutions.filter { filter == nil || $0.name.contains(filter!) }
        let others = OpsSuite.operators.filter { filter == nil || $0.name.contains(filter!) }
        let torch = python == "none" ? nil
            : TorchReference.run(python: python, script: "benchmarks/torch_ops.py",
                                 spec: OpsSuite.torchSpec(convs: convs, operators: others),
                                 threads: threads, repeats: repeats)
        if torch == nil && python != "none" {
            print("note: PyTorch reference unavailable (\(TorchReference.lastProblem)); printing sgemm ratios only")
        }
        for conv in convs { rows.append(conv.measure(repeats: repeats, torch: torch)) }
        for op in others { rows.append(op.measure(repeats: repeats, torch: torch)) }
        BenchmarkRow.printTable(rows, threads: threads)
        if let json {
            try BenchmarkRow.writeJSON(rows, threads: threads, to: json)
            print("wrote \(json)")
        }
    }
}
