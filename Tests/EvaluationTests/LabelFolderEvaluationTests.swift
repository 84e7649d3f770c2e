import Evaluation
import Foundation
import ImageIO
import XCTest

/// Folder evaluation of label PNGs: pairing, counts, scores and every error case.
final class LabelFolderEvaluationTests: XCTestCase {
    // Two 3x2 frames in two cities, as label ids (train ids in brackets).
    // aachen: gt [7 7 8 / 0 26 26]    = [0 0 1 / ign 13 13]
    //         pred [7 8 8 / 26 26 9]  = [0 1 1 / 13 13 void(parking)]
    // bremen: gt [11 11 11 / 7 7 7]   = [2 2 2 / 0 0 0]
    //         pred [11 26 11 / 7 7 0] = [2 13 2 / 0 0 void(unlabeled)]
    // Road: TP 3, FP 0, FN 2 (one as sidewalk, one void) -> 3/5. Sidewalk: TP 1, FP 1 -> 1/2.
    // Building: TP 2, FN 1 -> 2/3. Car: TP 1, FP 1, FN 1 (void) -> 1/3. 11 pixels
    // evaluated (one ignored), 7 correct.
    let aachenGT: [UInt8] = [7, 7, 8, 0, 26, 26]
    let aachenPred: [UInt8] = [7, 8, 8, 26, 26, 9]
    let bremenGT: [UInt8] = [11, 11, 11, 7, 7, 7]
    let bremenPred: [UInt8] = [11, 26, 11, 7, 7, 0]
    let aachenGTPath = "gtFine/val/aachen/aachen_000000_000019_gtFine_labelIds.png"
    let bremenGTPath = "gtFine/val/bremen/bremen_000001_000019_gtFine_labelIds.png"

    func makeTree(predictions: Bool = true) throws -> TemporaryTree {
        let tree = try TemporaryTree(self)
        try tree.writeGray8(aachenGTPath, width: 3, height: 2, aachenGT)
        try tree.writeGray8(bremenGTPath, width: 3, height: 2, bremenGT)
        if predictions {
            try tree.writeGray8("pred/aachen_000000_000019_leftImg8bit.png", width: 3, height: 2, aachenPred)
            try tree.writeGray8("pred/nested/bremen_000001_000019_pred.png", width: 3, height: 2, bremenPred)
        }
        return tree
    }

    func evaluation(_ tree: TemporaryTree, threads: Int = 2,
                    encoding: LabelFolderEvaluation.PredictionEncoding = .labelIds) -> LabelFolderEvaluation {
        LabelFolderEvaluation(predictionDirectory: tree.root + "/pred", groundTruthDirectory: tree.root + "/gtFine/val",
                              predictionEncoding: encoding, threads: threads)
    }

    func assertExpectedScores(_ scores: SegmentationScores, file: StaticString = #filePath, line: UInt = #line) {
        var expected = [Double?](repeating: nil, count: 19)
        expected[0] = 0.6
        expected[1] = 0.5
        expected[2] = 2.0 / 3
        expected[13] = 1.0 / 3
        for (got, want) in zip(scores.classes.map(\.iou), expected) {
            if let want {
                XCTAssertEqual(got ?? -1, want, accuracy: 1e-12, file: file, line: line)
            } else {
                XCTAssertNil(got, file: file, line: line)
            }
        }
        XCTAssertEqual(scores.meanIoU ?? -1, (0.6 + 0.5 + 2.0 / 3 + 1.0 / 3) / 4, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(scores.pixelAccuracy ?? -1, 7.0 / 11, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(scores.evaluatedPixels, 11, file: file, line: line)
        XCTAssertEqual(scores.ignoredPixels, 1, file: file, line: line)
        XCTAssertEqual(scores.imageCount, 2, file: file, line: line)
    }

    func testLabelIdPredictions() throws {
        let tree = try makeTree()
        let result = try evaluation(tree).run()
        assertExpectedScores(result.scores)
        XCTAssertEqual(result.matrix.voidPredictions[0], 1)
        XCTAssertEqual(result.matrix.voidPredictions[13], 1)
        XCTAssertEqual(result.pairs.map(\.groundTruth), [tree.root + "/" + aachenGTPath, tree.root + "/" + bremenGTPath])
        XCTAssertTrue(result.scores.table.contains("mIoU"))
    }

    func testTrainIdPredictions() throws {
        let tree = try makeTree(predictions: false)
        try tree.writeGray8("pred/aachen_000000_000019.png", width: 3, height: 2, [0, 1, 1, 13, 13, 255])
        try tree.writeGray8("pred/bremen_000001_000019.png", width: 3, height: 2, [2, 13, 2, 0, 0, 19])
        assertExpectedScores(try evaluation(tree, encoding: .trainIds).run().scores)
    }

    func testResultIsIndependentOfThreadCount() throws {
        let tree = try makeTree()
        let one = try evaluation(tree, threads: 1).run()
        for threads in [2, 3, 8] {
            let many = try evaluation(tree, threads: threads).run()
            XCTAssertEqual(many.matrix, one.matrix)
            XCTAssertEqual(many.scores, one.scores)
        }
    }

    func testMissingPrediction() throws {
        let tree = try makeTree()
        try FileManager.default.removeItem(atPath: tree.root + "/pred/nested/bremen_000001_000019_pred.png")
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .missingPrediction(let gt, _, let pattern)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(gt, tree.root + "/" + self.bremenGTPath)
            XCTAssertEqual(pattern, "bremen_000001_000019*.png")
            XCTAssertTrue("\(error)".contains("bremen_000001_000019_gtFine_labelIds.png"))
        }
    }

    func testSeveralPredictionsForOneFrame() throws {
        let tree = try makeTree()
        try tree.writeGray8("pred/other/aachen_000000_000019_copy.png", width: 3, height: 2, aachenPred)
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .multiplePredictions(let gt, let candidates)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(gt, tree.root + "/" + self.aachenGTPath)
            XCTAssertEqual(candidates.count, 2)
        }
    }

    func testSizeMismatch() throws {
        let tree = try makeTree()
        let wrong = try tree.writeGray8("pred/nested/bremen_000001_000019_pred.png", width: 2, height: 3, bremenPred)
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            XCTAssertEqual(error as? EvaluationError,
                           .sizeMismatch(prediction: wrong, predictionSize: [2, 3],
                                         groundTruth: tree.root + "/" + self.bremenGTPath, groundTruthSize: [3, 2]))
            XCTAssertTrue("\(error)".contains("is 2x3 but ground truth"), "\(error)")
        }
    }

    func testUnreadableAndColourPredictions() throws {
        let tree = try makeTree()
        let broken = try tree.writeText("pred/aachen_000000_000019_leftImg8bit.png", "not a png")
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            XCTAssertEqual(error as? EvaluationError, .unreadablePNG(.notPNG(path: broken)))
            XCTAssertTrue("\(error)".contains(broken))
        }
        let colour = try tree.path("pred/aachen_000000_000019_leftImg8bit.png")
        try PNGImage(width: 3, height: 2, rgb8: [UInt8](repeating: 7, count: 18)).write(path: colour)
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .wrongPixelLayout(let path, _, _)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, colour)
        }
    }

    func testFirstFailingImageIsReportedWhateverTheThreadCount() throws {
        let tree = try makeTree()
        let first = try tree.writeText("pred/aachen_000000_000019_leftImg8bit.png", "")
        try tree.writeText("pred/nested/bremen_000001_000019_pred.png", "")
        for threads in [1, 2] {
            XCTAssertThrowsError(try evaluation(tree, threads: threads).run()) { error in
                XCTAssertEqual(error as? EvaluationError, .unreadablePNG(.emptyFile(path: first)))
            }
        }
    }

    func testUnknownGroundTruthLabelIdAndEmptyFolders() throws {
        let tree = try makeTree()
        let gt = try tree.writeGray8(bremenGTPath, width: 3, height: 2, [11, 11, 200, 7, 7, 7])
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            XCTAssertEqual(error as? EvaluationError, .unknownLabelId(path: gt, id: 200))
        }
        let empty = try TemporaryTree(self)
        try FileManager.default.createDirectory(atPath: empty.root + "/gtFine/val", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: empty.root + "/pred", withIntermediateDirectories: true)
        XCTAssertThrowsError(try evaluation(empty).run()) { error in
            guard case .noGroundTruth? = error as? EvaluationError else { return XCTFail("unexpected \(error)") }
        }
        let missing = LabelFolderEvaluation(predictionDirectory: "/nonexistent/pred", groundTruthDirectory: tree.root)
        XCTAssertThrowsError(try missing.run()) { error in
            XCTAssertEqual(error as? EvaluationError, .notADirectory(path: "/nonexistent/pred"))
        }
    }
}
