import ArgumentParser
import CityscapesData
import DataPipeline
import Evaluation
import Experiments
import Foundation
import ImageIO
import Reports

/// `threeways infer`: predictions of trained networks on a folder of images, as PNG.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Run a trained segmentation and/or depth network on images; write colourised PNGs.",
        discussion: """
        Reads every PNG under --images (recursively; Cityscapes names such as \
        aachen_000000_000019_leftImg8bit.png keep their stem). For a segmentation network \
        (train-seg's segmentation.safetensors) it writes OUT/color/{stem}_color.png in the \
        Cityscapes palette and OUT/labelIds/{stem}_labelIds.png (Cityscapes label ids, ready \
        for `threeways evaluate --pred OUT/labelIds`); for a depth network (pretrain-depth's \
        depth.safetensors) OUT/depth_color/{stem}_depth_color.png (magma, near is bright) and \
        OUT/depth/{stem}_depth.png (16-bit, metres x 256, up to the unknown monocular scale; \
        `threeways evaluate-depth` median-scales it).
        """)

    @Option(help: "A network file from train-seg or pretrain-depth.")
    var checkpoint: String

    @Option(help: "A second network file (e.g. the depth network next to a segmentation one).")
    var depth: String?

    @Option(help: "Folder of input PNG images (searched recursively).")
    var images: String

    @Option(help: "Output folder.")
    var out: String

    func run() throws {
        let predictor = try Predictor(files: [checkpoint] + (depth.map { [$0] } ?? []))
        let inputs = try PredictionFiles.files(under: images, endingWith: ".png")
        guard !inputs.isEmpty else { throw ValidationError("no PNG images under \(images)") }
        let folders = (predictor.predictsSegmentation ? ["color", "labelIds"] : [])
            + (predictor.predictsDepth ? ["depth", "depth_color"] : [])
        for f in folders { try FileManager.default.createDirectory(atPath: out + "/" + f, withIntermediateDirectories: true) }
        let labelIdOfTrainId = CityscapesLabels.evaluated.map { UInt8($0.id) }
        let bar = ProgressBar(label: "infer", total: inputs.count)
        for (n, path) in inputs.enumerated() {
            let image = try PNGImage.read(path: path, as: .rgb8)
            let tensor = ImageTensors.rgb(image)
            let stem = Self.stem(of: path)
            let w = image.width, h = image.height
            if let ids = predictor.trainIds(tensor) {
                try PNGImage(width: w, height: h, rgb8: ColorMaps.colorize(trainIds: ids))
                    .write(path: "\(out)/color/\(stem)_color.png")
                try PNGImage(width: w, height: h, gray8: ids.map { Int($0) < labelIdOfTrainId.count ? labelIdOfTrainId[Int($0)] : 0 })
                    .write(path: "\(out)/labelIds/\(stem)_labelIds.png")
            }
            if let metres = predictor.depthMetres(tensor) {
                try PNGImage(width: w, height: h, rgb8: ColorMaps.colorize(depth: metres))
                    .write(path: "\(out)/depth_color/\(stem)_depth_color.png")
                try PNGImage(width: w, height: h, gray16: metres.map { PredictedDepthPNG.encode(depth: Double($0)) })
                    .write(path: "\(out)/depth/\(stem)\(PredictedDepthPNG.suffix)")
            }
            bar.update(done: n + 1)
        }
        bar.finish(done: inputs.count)
        print("wrote predictions of \(inputs.count) images to \(out) (\(folders.joined(separator: ", ")))")
    }

    /// The file name without ".png" and a Cityscapes "_leftImg8bit" suffix.
    static func stem(of path: String) -> String {
        var name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if name.hasSuffix("_leftImg8bit") { name.removeLast("_leftImg8bit".count) }
        return name
    }
}
