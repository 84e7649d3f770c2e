import ArgumentParser
import CityscapesData
import Evaluation
import Foundation

/// `threeways evaluate-depth`: depth errors of a folder of predicted depth PNGs.
struct EvaluateDepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-depth",
        abstract: "Score predicted depth PNGs against Cityscapes-format disparity (abs_rel, sq_rel, rmse, rmse_log, a1-a3).",
        discussion: """
        Prediction format: {city}_{seq}_{frame}_depth.png anywhere under --pred, 16-bit \
        greyscale, stored value = round(depth in metres x 256) (so depth = value / 256; \
        1/256 m steps, up to 256 m), the same size as the ground truth; one per \
        ground-truth frame. Ground truth: ROOT/disparity/SPLIT/*/*_disparity.png \
        (d = (p - 1) / 256, p = 0 invalid) with ROOT/camera/SPLIT/*/*_camera.json; \
        depth = baseline x fx / d. Per image (monodepth2's protocol): pixels with \
        min-depth < gt < max-depth are valid; the prediction is multiplied by \
        median(gt) / median(pred) over them (unless --no-median-scaling) and clamped to \
        [min-depth, max-depth]; the errors are averaged over images. Threads: THREEWAYS_THREADS.
        """)

    @Option(help: "Folder of {stem}_depth.png predictions (searched recursively).")
    var pred: String

    @Option(help: "Root of the Cityscapes-layout tree holding disparity/ and camera/.")
    var gt: String

    @Option(help: "Split to evaluate: train, val or test.")
    var split: CityscapesSplit = .val

    @Option(help: "Smallest valid ground-truth depth and lower clamp of predictions, metres.")
    var minDepth: Double = 1e-3

    @Option(help: "Largest valid ground-truth depth and upper clamp of predictions, metres.")
    var maxDepth: Double = 80

    @Flag(help: "Compare metric predictions as they are instead of median-scaling each image.")
    var noMedianScaling = false

    @Option(help: "Also write the results (mean and per image) as JSON to this file.")
    var json: String?

    func validate() throws {
        guard minDepth > 0, maxDepth > minDepth else {
            throw ValidationError("need 0 < --min-depth < --max-depth, got \(minDepth) and \(maxDepth)")
        }
    }

    func run() throws {
        let settings = DepthEvaluationSettings(minDepth: minDepth, maxDepth: maxDepth,
                                               medianScaling: !noMedianScaling)
        let evaluation = DepthFolderEvaluation(predictionDirectory: pred, root: gt, split: split, settings: settings)
        // EvaluationError messages name the file at fault; the parser prints them as they are.
        let result = try evaluation.run()
        print(DepthErrors.columnNames.map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined())
        if let mean = result.mean {
            print(mean.columns.map { String(format: "%-9.4f", $0) }.joined())
        } else {
            print("(no image has a valid ground-truth pixel)")
        }
        var summary = "\(result.scoredImages) of \(result.images.count) images scored"
        if let m = result.scaleMean, let s = result.scaleStandardDeviation, settings.medianScaling {
            summary += String(format: ", median-scaling ratio %.4f +- %.4f", m, s)
        }
        print(summary)
        if let json {
            try JSONOutput.write(result, to: json)
            print("wrote \(json)")
        }
    }
}

extension CityscapesSplit: ExpressibleByArgument {}
