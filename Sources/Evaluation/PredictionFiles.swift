import CityscapesData
import Foundation

/// Finding files in folder trees and pairing ground truth with predictions by their
/// Cityscapes stem `{city}_{sequence}_{frame}`.
public enum PredictionFiles {
    /// Every regular file under `directory` (recursively) whose name ends with
    /// `suffix`, as full paths in sorted order.
    public static func files(under directory: String, endingWith suffix: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw EvaluationError.notADirectory(path: directory)
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let walker = FileManager.default.enumerator(atPath: base) else {
            throw EvaluationError.notADirectory(path: directory)
        }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(suffix) else { continue }
            let path = base + "/" + relative
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// For each ground-truth path, the one prediction whose file name starts with
    /// `{stem}` followed by `predictionSuffix` (e.g. "_depth.png"), or, for an empty
    /// suffix rule, any name `{stem}*.png` (cityscapesScripts' pattern).
    ///
    /// Throws `missingPrediction` or `multiplePredictions` naming the ground-truth file.
    static func pair(groundTruth: [String], predictionDirectory: String,
                     predictionSuffix: String?) throws -> [String] {
        let candidates = try files(under: predictionDirectory, endingWith: ".png")
        var byStem: [String: [String]] = [:]
        for path in candidates {
            let name = (path as NSString).lastPathComponent
            // The extension is dropped first so that "{stem}.png" parses as well.
            guard let id = CityscapesFrameID(fileName: (name as NSString).deletingPathExtension) else { continue }
            if let suffix = predictionSuffix, name != id.stem + suffix { continue }
            byStem[id.stem, default: []].append(path)
        }
        return try groundTruth.map { gt in
            let name = (gt as NSString).lastPathComponent
            guard let stem = CityscapesFrameID(fileName: name)?.stem else {
                throw EvaluationError.unrecognisedFileName(path: gt)
            }
            let matches = byStem[stem] ?? []
            if matches.count > 1 {
                throw EvaluationError.multiplePredictions(groundTruth: gt, candidates: matches)
            }
            guard let match = matches.first else {
                throw EvaluationError.missingPrediction(
                    groundTruth: gt, predictionDirectory: predictionDirectory,
                    pattern: stem + (predictionSuffix ?? "*.png"))
            }
            return match
        }
    }
}
