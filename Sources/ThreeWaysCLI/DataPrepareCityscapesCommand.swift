import ArgumentParser
import CityscapesData
import Foundation

/// `threeways data prepare-cityscapes`: converts a Cityscapes download to the working
/// resolution.
struct DataPrepareCityscapes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare-cityscapes",
        abstract: "Downscale a real Cityscapes download (train and val) to the working resolution.",
        discussion: """
        SRC is the official layout: leftImg8bit/{train,val}/CITY/*_leftImg8bit.png, \
        leftImg8bit_sequence/..., gtFine/.../*_gtFine_labelIds.png and *_gtFine_color.png, \
        disparity/.../*_disparity.png and camera/.../*_camera.json (unpack the zips into one \
        folder). DST receives the same layout at WIDTH x WIDTH/2 pixels, as PNG: camera \
        images resampled with Pillow's LANCZOS (antialiased) filter like the reference's \
        prepare_cityscapes.py; label ids and colours by nearest neighbour; disparity by \
        nearest neighbour with its values scaled by WIDTH / source width (it is measured in \
        pixels); camera intrinsics fx, u0 scaled by the same factor and fy, v0 by the height \
        factor, the baseline unchanged, so depth = baseline * fx / disparity is preserved. \
        The test split is skipped, like the reference. Outputs that exist already are \
        skipped, so an interrupted run can simply be started again. Uses all cores.
        """)

    @Option(help: "Root of the Cityscapes download.")
    var src: String

    @Option(help: "Root of the converted tree (created if needed).")
    var dst: String

    @Option(help: "Output width in pixels; the height is half of it.")
    var width: Int = 1024

    @Option(help: "Sequence frames to convert: all (as the reference) or neighbours (-1, 0, +1 of each labelled frame).")
    var sequenceFrames: CityscapesPreparation.SequenceFrames = .all

    func validate() throws {
        guard width >= 2 && width <= 16384 else { throw ValidationError("--width must be 2...16384 (got \(width))") }
    }

    func run() throws {
        let preparation = CityscapesPreparation(source: src, destination: dst, width: width,
                                                sequenceFrames: sequenceFrames)
        let jobs = try preparation.plan()
        print("converting \(jobs.count) files from \(src) to \(dst) at \(width)x\(preparation.height)")
        let bar = ProgressBar(label: "converting", total: jobs.count)
        let summary = try preparation.run { done, _ in bar.update(done: done) }
        bar.finish(done: jobs.count)
        print(summary.description)
    }
}

extension CityscapesPreparation.SequenceFrames: ExpressibleByArgument {}
