import Evaluation
import XCTest

/// Confusion matrix counts and scores against hand-computed cases.
final class ConfusionMatrixTests: XCTestCase {
    // Ten pixels over three classes. (gt, pred) pairs:
    // (0,0) (1,0) (1,1) (2,2) (0,255) (255,1) (255,0) (2,2) (0,1) (1,7)
    // -> rows gt 0: [1 1 0] + 1 void; gt 1: [1 1 0] + 1 void (7 >= 3); gt 2: [0 0 2];
    //    two pixels ignored (gt 255).
    let predicted: [UInt8] = [0, 0, 1, 2, 255, 1, 0, 2, 1, 7]
    let groundTruth: [UInt8] = [0, 1, 1, 2, 0, 255, 255, 2, 0, 1]

    func testCountsWithIgnoreAndVoidPredictions() {
        var matrix = ConfusionMatrix(classCount: 3)
        matrix.add(predicted: predicted, groundTruth: groundTruth)
        XCTAssertEqual(matrix.counts, [1, 1, 0,
                                       1, 1, 0,
                                       0, 0, 2])
        XCTAssertEqual(matrix.voidPredictions, [1, 1, 0])
        XCTAssertEqual(matrix.ignoredPixels, 2)
        XCTAssertEqual(matrix.evaluatedPixels, 8)
        XCTAssertEqual(matrix.correctPixels, 4)
        XCTAssertEqual((0..<3).map(matrix.truePositives), [1, 1, 2])
        XCTAssertEqual((0..<3).map(matrix.falsePositives), [1, 1, 0])
        // FN includes the void predictions: class 0 has 3 pixels, 1 correct.
        XCTAssertEqual((0..<3).map(matrix.falseNegatives), [2, 2, 0])
    }

    func testScores() {
        var matrix = ConfusionMatrix(classCount: 3)
        matrix.add(predicted: predicted, groundTruth: groundTruth)
        // IoU: 1 / (1 + 1 + 2), 1 / (1 + 1 + 2), 2 / 2.
        XCTAssertEqual(matrix.classIoU, [0.25, 0.25, 1.0])
        XCTAssertEqual(matrix.meanIoU, 0.5)
        XCTAssertEqual(matrix.pixelAccuracy, 0.5)  // 4 of 8
        XCTAssertEqual(matrix.classAccuracy[0], 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(matrix.classAccuracy[2], 1.0)
        XCTAssertEqual(matrix.meanClassAccuracy, (1.0 / 3 + 1.0 / 3 + 1) / 3, accuracy: 1e-15)
        // 3/8 * 0.25 + 3/8 * 0.25 + 2/8 * 1.
        XCTAssertEqual(matrix.frequencyWeightedIoU, 0.4375, accuracy: 1e-15)
    }

    func testAbsentClasses() {
        // Class 2 is predicted once but never in the ground truth: IoU 0, in the mean.
        // Class 3 occurs nowhere: IoU NaN, left out of the mean.
        var matrix = ConfusionMatrix(classCount: 4)
        matrix.add(predicted: [0, 2, 1], groundTruth: [0, 0, 1])
        let iou = matrix.classIoU
        XCTAssertEqual(iou[0], 0.5)
        XCTAssertEqual(iou[1], 1.0)
        XCTAssertEqual(iou[2], 0.0)
        XCTAssertTrue(iou[3].isNaN)
        XCTAssertEqual(matrix.meanIoU, 0.5)  // (0.5 + 1 + 0) / 3
        XCTAssertEqual(matrix.meanClassAccuracy, 0.75)  // recall of classes 0 and 1 only
        let scores = matrix.scores(classNames: ["a", "b", "c", "d"], imageCount: 1)
        XCTAssertEqual(scores.classes.map(\.iou), [0.5, 1.0, 0.0, nil])
        XCTAssertEqual(scores.meanIoU, 0.5)
        XCTAssertEqual(scores.pixelAccuracy, 2.0 / 3)
    }

    func testEmptyMatrixHasUndefinedScores() {
        var matrix = ConfusionMatrix()
        matrix.add(predicted: [3, 4], groundTruth: [255, 255])
        XCTAssertEqual(matrix.ignoredPixels, 2)
        XCTAssertTrue(matrix.meanIoU.isNaN)
        XCTAssertTrue(matrix.pixelAccuracy.isNaN)
        XCTAssertNil(matrix.scores().meanIoU)
    }

    func testMergingEqualsAccumulatingTogether() {
        var whole = ConfusionMatrix(classCount: 3)
        whole.add(predicted: predicted, groundTruth: groundTruth)
        var first = ConfusionMatrix(classCount: 3), second = ConfusionMatrix(classCount: 3)
        first.add(predicted: Array(predicted[..<4]), groundTruth: Array(groundTruth[..<4]))
        second.add(predicted: Array(predicted[4...]), groundTruth: Array(groundTruth[4...]))
        XCTAssertEqual(first + second, whole)
        XCTAssertEqual(second + first, whole)
        var merged = second
        merged.merge(first)
        XCTAssertEqual(merged, whole)
    }

    func testCodableRoundTripAndBadCounts() throws {
        var matrix = ConfusionMatrix(classCount: 3)
        matrix.add(predicted: predicted, groundTruth: groundTruth)
        let decoded = try JSONDecoder().decode(ConfusionMatrix.self, from: JSONEncoder().encode(matrix))
        XCTAssertEqual(decoded, matrix)
        let bad = #"{"classCount": 2, "counts": [1, 2, 3], "voidPredictions": [0, 0], "ignoredPixels": 0}"#
        XCTAssertThrowsError(try JSONDecoder().decode(ConfusionMatrix.self, from: Data(bad.utf8)))
    }

    func testScoresJSONWritesNullForUndefinedIoU() throws {
        var matrix = ConfusionMatrix(classCount: 2)
        matrix.add(predicted: [0], groundTruth: [0])
        let json = try JSONEncoder().encode(matrix.scores(classNames: ["x", "y"]))
        let text = String(decoding: json, as: UTF8.self)
        XCTAssertTrue(text.contains("\"iou\":null"), text)
        let decoded = try JSONDecoder().decode(SegmentationScores.self, from: json)
        XCTAssertEqual(decoded, matrix.scores(classNames: ["x", "y"]))
    }
}
