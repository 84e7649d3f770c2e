import ArgumentParser
import Evaluation
import Foundation

/// `threeways evaluate`: segmentation scores of a folder of predicted label PNGs.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score predicted label PNGs against Cityscapes ground truth (class IoU, mIoU, pixel accuracy).",
        discussion: """
        Follows cityscapesScripts' evalPixelLevelSemanticLabeling. Ground truth: every \
        *_gtFine_labelIds.png under --gt (e.g. ROOT/gtFine/val). Predictions: for each \
        ground-truth {city}_{seq}_{frame}, exactly one {city}_{seq}_{frame}*.png under \
        --pred, 8-bit greyscale, the same size, holding Cityscapes label ids (7 road ... \
        33 bicycle) or, with --train-ids, train ids 0...18. Pixels whose ground truth is \
        ignored are skipped; predictions of ignored labels (or other values) count as \
        misses. A class's IoU is n/a when it is absent from both ground truth and \
        prediction, and is left out of the mean. Threads: THREEWAYS_THREADS.
        """)

    @Option(help: "Folder of predicted label PNGs (searched recursively).")
    var pred: String

    @Option(help: "Folder of *_gtFine_labelIds.png ground truth (searched recursively), e.g. ROOT/gtFine/val.")
    var gt: String

    @Flag(help: "Predictions hold train ids 0...18 (other values are void) instead of label ids.")
    var trainIds = false

    @Option(help: "Also write the scores as JSON to this file.")
    var json: String?

    func run() throws {
        let evaluation = LabelFolderEvaluation(predictionDirectory: pred, groundTruthDirectory: gt,
                                               predictionEncoding: trainIds ? .trainIds : .labelIds)
        // EvaluationError messages name the file at fault; the parser prints them as they are.
        let result = try evaluation.run()
        print(result.scores.table)
        if let json {
            try JSONOutput.write(result.scores, to: json)
            print("wrote \(json)")
        }
    }
}

/// Writing Codable results as pretty-printed JSON files.
enum JSONOutput {
    /// Encodes `value` with sorted keys to `path`, with a clear error naming the file.
    static func write<Value: Encodable>(_ value: Value, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(value)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(description: "cannot write JSON '\(path)': \(error.localizedDescription)")
        }
    }

    /// A result file that could not be written; the message names it.
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }
}
