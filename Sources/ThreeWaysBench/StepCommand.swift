import ArgumentParser
import Foundation
import TensorEngine

/// `threeways-bench step`: training steps of ours against the same steps in PyTorch
/// (benchmarks/torch_step.py), same batch, input size, widths and threads, in one run.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Time the depth-pretraining and segmentation training steps against PyTorch.",
        discussion: """
        The depth step is one self-supervised step of phase 1: depth network on frame 0, \
        pose network on the pairs (-1, 0) and (0, +1), the 4-scale monodepth loss (SSIM + \
        L1, per-pixel minimum, automasking, smoothness), backward and Adam. The \
        segmentation step is the experiment-210 recipe: encoder and segmentation decoder \
        forward, cross-entropy, backward, gradient clipping, SGD with momentum and weight \
        decay. Networks: the small profile (dilated ResNet-18 blocks, dec6 with ASPP) at \
        --width-multiplier (0.25: the quick and standard profiles; 1: the reference's \
        ResNet-18 widths).

        Every row runs in a fresh process, ours (this executable) and then PyTorch's, so \
        each peak resident memory (VmHWM) is that row's alone. Prints per row the median \
        step time of each, PyTorch time / ours, the products' work (2 m n k per matrix \
        product) and our effective rate as a share of OpenBLAS's sgemm ceiling (2048^3 \
        at the same thread count, measured in the same run). --matrix runs the table of \
        issue 17 (batch 2 and 8 at 64x128, 128x256 at widths 0.25 and 1, and 1-thread \
        rows); --json writes {"sgemmGflops", "sgemmGflopsByThreads", "rows": [...]}.
        """)

    @Option(help: "Threads for the engine, OpenBLAS and PyTorch.")
    var threads: Int = Parallel.defaultThreads

    @Option(help: "Timed steps per row (the median is reported).")
    var repeats: Int = 11

    @Option(help: "Batch size.")
    var batch: Int = 2

    @Option(help: "Input height in pixels.")
    var height: Int = 64

    @Option(help: "Input width in pixels.")
    var width: Int = 128

    @Option(help: "Width multiplier of the small network profile.")
    var widthMultiplier: Float = 0.25

    @Option(help: "Steps to time: depth, segmentation or both (comma-separated).")
    var steps: String = "depth,segmentation"

    @Flag(help: "Run every row of the issue-17 table instead of one shape.")
    var matrix = false

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Python interpreter for the PyTorch twin ('none' to skip).")
    var python: String = "python3"

    func validate() throws {
        guard batch > 0, height >= 16, width >= 16, threads > 0, repeats > 0 else {
            throw ValidationError("batch, threads and repeats must be positive and the input at least 16x16")
        }
        for s in steps.split(separator: ",") where !["depth", "segmentation"].contains(String(s)) {
            throw ValidationError("unknown step '\(s)' (depth, segmentation)")
        }
    }

    func run() throws {
        let shapes = matrix ? StepShape.matrix(threads: threads)
            : steps.split(separator: ",").map {
                StepShape(step: String($0), batch: batch, height: height, width: width,
                          widthMultiplier: widthMultiplier, threads: threads)
            }
        var ceilings: [Int: Double] = [:]
        for count in Set(shapes.map(\.threads)).union([threads]).sorted() {
            ceilings[count] = SgemmCeiling.measure(threads: count)
        }
        let ceiling = ceilings[threads]!
        print("threads: \(threads), OpenBLAS kernels: \(BLAS.kernelName), sgemm ceiling (2048^3): "
              + ceilings.keys.sorted().map { String(format: "%.0f GFLOP/s at %d thread(s)", ceilings[$0]!, $0) }
                  .joined(separator: ", "))
        var rows: [StepRowResult] = []
        for shape in shapes {
            let ours = try StepRowProcess.measure(shape, repeats: repeats)
            var torch: [String: Double]?
            if python != "none" {
                torch = TorchReference.run(python: python, script: "benchmarks/torch_step.py",
                                           spec: torchSpec(shape), threads: shape.threads, repeats: repeats)
                if torch == nil { print("  (PyTorch twin unavailable: \(TorchReference.lastProblem))") }
            }
            let row = StepRowResult(
                step: shape.step, batch: shape.batch, height: shape.height, width: shape.width,
                widthMultiplier: shape.widthMultiplier, threads: shape.threads, gflop: ours.gflop,
                oursMs: ours.seconds * 1000, torchMs: torch?[shape.step + "_step"].map { $0 * 1000 },
                oursPeakMiB: Double(ours.peakBytes) / 1_048_576,
                torchPeakMiB: torch?["peak_rss_bytes"].map { $0 / 1_048_576 })
            rows.append(row)
            print(Self.line(row, ceiling: ceilings[shape.threads]!))
        }
        for (two, one) in Self.threadPairs(rows) {
            print(String(format: "%@: 2 threads / 1 thread speed-up %.2fx (ours)%@", two.shape.label, one.oursMs / two.oursMs,
                         (two.torchMs != nil && one.torchMs != nil)
                            ? String(format: ", PyTorch %.2fx", one.torchMs! / two.torchMs!) : ""))
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(StepReport(sgemmGflops: ceiling,
                                                 sgemmGflopsByThreads: Dictionary(uniqueKeysWithValues: ceilings.map { (String($0.key), $0.value) }),
                                                 rows: rows)).write(to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
    }

    static func line(_ r: StepRowResult, ceiling: Double) -> String {
        var text = r.shape.label.padding(toLength: 38, withPad: " ", startingAt: 0)
            + String(format: " %.3f GFLOP  ours %8.1f ms (%5.1f GFLOP/s, %4.1f%% of sgemm, %4.0f MiB)",
                     r.gflop, r.oursMs, r.gflops, 100 * r.gflops / ceiling, r.oursPeakMiB)
        if let t = r.torchMs {
            text += String(format: "  PyTorch %8.1f ms (%4.0f MiB)  PyTorch/ours %.2f", t, r.torchPeakMiB ?? 0, t / r.oursMs)
        }
        return text
    }

    /// Rows at more than one thread with their 1-thread counterpart.
    static func threadPairs(_ rows: [StepRowResult]) -> [(StepRowResult, StepRowResult)] {
        rows.filter { $0.threads > 1 }.compactMap { r in
            var one = r.shape
            one.threads = 1
            return rows.first { $0.shape == one }.map { (r, $0) }
        }
    }

    /// The sizes the PyTorch twin builds its networks from (the small profile's).
    func torchSpec(_ shape: StepShape) -> [String: Any] {
        StepTwinSpec.spec(shape)
    }
}

/// `threeways-bench step-row` (internal): measures one row in this process and prints
/// the result as JSON; `step` runs it as a child so each row's peak memory is its own.
struct StepRowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "step-row", shouldDisplay: false)

    @Option var shape: String
    @Option var repeats: Int = 11

    func run() throws {
        let decoded = try JSONDecoder().decode(StepShape.self, from: Data(shape.utf8))
        let result = try StepMeasurement.run(decoded, repeats: repeats)
        FileHandle.standardOutput.write(try JSONEncoder().encode(result))
    }
}

/// Runs `step-row` as a child process of this executable.
enum StepRowProcess {
    static func measure(_ shape: StepShape, repeats: Int) throws -> StepMeasurement.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let spec = String(decoding: try JSONEncoder().encode(shape), as: UTF8.self)
        process.arguments = ["step-row", "--shape", spec, "--repeats", String(repeats)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationErrorText("the step-row child for \(shape.label) exited with \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(StepMeasurement.Result.self, from: data)
    }
}
