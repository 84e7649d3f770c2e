import ArgumentParser
import CityscapesData
import Foundation

/// `threeways data check`: validates a Cityscapes-layout tree.
struct DataCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a Cityscapes-layout tree (Cityscapes, a prepared copy or SynthCity).",
        discussion: """
        For every split in ROOT/leftImg8bit, each labelled frame *_leftImg8bit.png must have \
        its gtFine *_labelIds.png (8-bit grey, only the official ids 0...33), its *_color.png \
        when the tree has colour labels, its sequence frames -1 and +1 when \
        ROOT/leftImg8bit_sequence exists, and its *_disparity.png (16-bit grey) and \
        *_camera.json when ROOT/disparity and ROOT/camera exist. All of a frame's images must \
        be readable PNGs of the leftImg8bit image's size; every file must follow the \
        {city}_{sequence:06d}_{frame:06d}_{suffix} pattern in its city folder, and label, \
        disparity and camera files must belong to a labelled frame.

        Prints one line per problem (sorted by file), then a summary line; the exit code is \
        1 when any problem was found. Uses all cores; a progress bar goes to standard error.
        """)

    @Option(help: "Root folder of the tree (holding leftImg8bit, gtFine, ...).")
    var root: String

    func run() throws {
        let checker = CityscapesTreeChecker(root: root)
        let total = checker.layout.presentSplits.reduce(0) { $0 + checker.layout.frames(split: $1).count }
        // Small trees finish at once; a bar would only add noise.
        let bar = total >= 100 ? ProgressBar(label: "checking", total: total) : nil
        let report = checker.check { done, _ in bar?.update(done: done) }
        bar?.finish(done: report.sampleCount)
        for problem in report.problems { print(problem.description) }
        print(report.summary)
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
