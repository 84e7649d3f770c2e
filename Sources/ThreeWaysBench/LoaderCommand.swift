import ArgumentParser
import DataPipeline
import TensorEngine

/// `threeways-bench loader`: what preparing one training batch costs, on the caller's
/// thread and as seen by a training loop that works while the background thread
/// prepares the next batch.
struct LoaderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loader",
        abstract: "Time training-batch preparation (frames -1, 0, +1, labels, K pyramid) on a Cityscapes-layout tree.",
        discussion: """
        Prints the median time to prepare one batch on the calling thread, and the median time \
        `next()` blocks when the consumer spends --step-ms between batches (the training step's \
        share of the loop; the background thread prepares batches meanwhile).
        """)

    @Option(help: "Root of a Cityscapes-layout tree, e.g. one written by `threeways data generate`.")
    var root: String

    @Option(help: "Samples per batch.")
    var batchSize: Int = 2

    @Option(help: "Crop width in pixels (default: the stored width).")
    var cropWidth: Int?

    @Option(help: "Crop height in pixels (default: the stored height).")
    var cropHeight: Int?

    @Option(help: "Simulated training-step time between batches, milliseconds.")
    var stepMs: Double = 100

    @Option(help: "Batches to time.")
    var batches: Int = 40

    func run() throws {
        let index = try SampleIndex(root: root, split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(
            cropWidth: cropWidth, cropHeight: cropHeight))
        let loader = try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: batchSize,
                                        loadLabels: true, seed: 0, prefetch: 2)
        var direct: [Double] = []
        for b in 0..<batches {
            let start = Timing.now()
            _ = try loader.batch(b)
            direct.append(Timing.now() - start)
        }
        var waits: [Double] = []
        for _ in 0..<batches {
            let start = Timing.now()
            _ = try loader.next()
            waits.append(Timing.now() - start)
            let busyUntil = Timing.now() + stepMs / 1000
            while Timing.now() < busyUntil {} // the training step's stand-in
        }
        direct.sort()
        waits.sort()
        let prep = direct[direct.count / 2], wait = waits[waits.count / 2]
        print("tree: \(root) (\(index.count) training samples)")
        print(String(format: "batch of %d prepared on the caller's thread: median %.2f ms (%.0f samples/s)",
                     batchSize, prep * 1e3, Double(batchSize) / prep))
        print(String(format: "next() with a %.0f ms step between batches: median wait %.3f ms (%.2f%% of the step)",
                     stepMs, wait * 1e3, 100 * wait / (stepMs / 1000)))
    }
}
