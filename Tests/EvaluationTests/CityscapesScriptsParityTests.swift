import CityscapesData
import Evaluation
import XCTest

/// One small case whose class IoUs were computed with cityscapesScripts 2.3.0's
/// evalPixelLevelSemanticLabeling (numpy path, instance scores off), so parity with the
/// official evaluation is checked without Python. The same formula is in
/// scripts/check_evaluation_against_cityscapesscripts.py (`embedded_case`); run it with
/// `--embedded-case` to print these numbers again.
final class CityscapesScriptsParityTests: XCTestCase {
    /// cityscapesScripts' class scores for the case below, in train-id order (nil = NaN).
    let officialIoU: [Double?] = [
        0.23076923076923078, 0.2857142857142857, 0.25, 0.11764705882352941, 0.25, 0.3,
        0.16666666666666666, 0.26666666666666666, 0.25, 0.23076923076923078, 0.2857142857142857,
        0.2857142857142857, 0.2222222222222222, 0.3076923076923077, 0.2222222222222222,
        0.16666666666666666, 0.25, 0.0, nil,
    ]
    /// cityscapesScripts' averageScoreClasses.
    let officialMeanIoU = 0.22713695164675554

    /// Two 12x8 frames of label ids. Ground truth: every 7th pixel along a diagonal
    /// pattern is ignored (unlabeled, parking or caravan), the rest cycles through the
    /// first 17 classes, so motorcycle and bicycle never occur. Prediction: a third of
    /// the pixels copy the ground truth; the rest cycle through the first 18 classes
    /// (motorcycle predicted, bicycle never) and four void labels.
    func embeddedCase() -> [(stem: String, groundTruth: [UInt8], prediction: [UInt8])] {
        let evaluatedIds = CityscapesLabels.evaluated.map { UInt8($0.id) }
        let voidIds: [UInt8] = [0, 4, 14, 30]
        let ignoredGroundTruth: [UInt8] = [0, 9, 29]
        let (width, height) = (12, 8)
        return (0..<2).map { k in
            var gt = [UInt8](repeating: 0, count: width * height)
            var pred = gt
            for y in 0..<height {
                for x in 0..<width {
                    let i = y * width + x
                    gt[i] = (x + 2 * y + k) % 7 == 0
                        ? ignoredGroundTruth[i % 3] : evaluatedIds[(3 * x + 5 * y + 7 * k) % 17]
                    if (x + y) % 3 == 0 {
                        pred[i] = gt[i]
                    } else {
                        let v = (x * x + 3 * y + 5 * k + x * y) % 22
                        pred[i] = v < 18 ? evaluatedIds[v] : voidIds[v - 18]
                    }
                }
            }
            return ("aachen_\(String(format: "%06d", k))_000019", gt, pred)
        }
    }

    func testClassIoUsMatchCityscapesScripts() throws {
        let tree = try TemporaryTree(self)
        for frame in embeddedCase() {
            try tree.writeGray8("gtFine/val/aachen/\(frame.stem)_gtFine_labelIds.png", width: 12, height: 8,
                                frame.groundTruth)
            try tree.writeGray8("results/aachen/\(frame.stem)_pred.png", width: 12, height: 8, frame.prediction)
        }
        let scores = try LabelFolderEvaluation(predictionDirectory: tree.root + "/results",
                                               groundTruthDirectory: tree.root + "/gtFine/val").run().scores
        XCTAssertEqual(scores.classes.count, 19)
        for (score, official) in zip(scores.classes, officialIoU) {
            if let official {
                XCTAssertEqual(score.iou ?? -1, official, accuracy: 1e-12, score.name)
            } else {
                XCTAssertNil(score.iou, score.name)
            }
        }
        XCTAssertEqual(scores.meanIoU ?? -1, officialMeanIoU, accuracy: 1e-12)
    }
}
