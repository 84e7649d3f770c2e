import CityscapesData
import Evaluation
import Foundation
import XCTest

/// Depth evaluation of prediction PNGs against disparity + camera files.
final class DepthFolderEvaluationTests: XCTestCase {
    // Camera with baseline 0.5 m and fx 256 px: depth = 128 / d = 32768 / (p - 1), so
    // stored disparity p = 16385, 8193, 4097, 2049 means 2, 4, 8, 16 m exactly.
    let camera = CityscapesCamera(fx: 256, fy: 256, u0: 1, v0: 1, baseline: 0.5,
                                  x: 1.7, y: 0.1, z: 1.2, yaw: 0, pitch: 0.03, roll: 0)

    func disparity(_ depths: [Double]) -> [UInt16] {
        depths.map { $0 == 0 ? 0 : UInt16(32768 / $0 + 1) }
    }

    func writeFrame(_ tree: TemporaryTree, city: String, sequence: Int, gt: [Double], pred: [Double]) throws {
        let stem = CityscapesFrameID(city: city, sequence: sequence, frame: 19).stem
        try tree.writeGray16("data/disparity/val/\(city)/\(stem)_disparity.png", width: 2, height: 2, disparity(gt))
        try tree.writeText("data/camera/val/\(city)/\(stem)_camera.json", camera.jsonText)
        try tree.writeGray16("pred/\(stem)_depth.png", width: 2, height: 2,
                             pred.map { PredictedDepthPNG.encode(depth: $0) })
    }

    func makeTree() throws -> TemporaryTree {
        let tree = try TemporaryTree(self)
        // Scale 2 makes this prediction perfect.
        try writeFrame(tree, city: "aachen", sequence: 0, gt: [2, 4, 8, 16], pred: [1, 2, 4, 8])
        // Valid g = [2, 4, 16], p = [2, 4, 20]: medians 4 and 4, scale 1; one error of
        // 4 m at g = 16, where p / g = 1.25 exactly.
        try writeFrame(tree, city: "aachen", sequence: 1, gt: [2, 4, 0, 16], pred: [2, 4, 5, 20])
        // No valid ground truth: listed, but not scored.
        try writeFrame(tree, city: "bremen", sequence: 0, gt: [0, 0, 0, 0], pred: [3, 3, 3, 3])
        return tree
    }

    func evaluation(_ tree: TemporaryTree, threads: Int = 2) -> DepthFolderEvaluation {
        DepthFolderEvaluation(predictionDirectory: tree.root + "/pred", root: tree.root + "/data", split: .val,
                              threads: threads)
    }

    func testMeanOverScoredImages() throws {
        let tree = try makeTree()
        let result = try evaluation(tree).run()
        XCTAssertEqual(result.images.map(\.stem),
                       ["aachen_000000_000019", "aachen_000001_000019", "bremen_000000_000019"])
        XCTAssertEqual(result.scoredImages, 2)
        XCTAssertNil(result.images[2].result)
        XCTAssertEqual(result.images[0].result?.scale ?? 0, 2, accuracy: 1e-6)
        XCTAssertEqual(result.images[1].result?.validPixels, 3)
        let mean = try XCTUnwrap(result.mean)
        // Image 1 is perfect; image 2: abs_rel (4/16)/3, sq_rel (16/16)/3, rmse sqrt(16/3),
        // rmse_log |ln 0.8| / sqrt(3), a1 2/3. The dataset value is the mean of the two.
        XCTAssertEqual(mean.absRel, (1.0 / 12) / 2, accuracy: 1e-6)
        XCTAssertEqual(mean.sqRel, (1.0 / 3) / 2, accuracy: 1e-6)
        XCTAssertEqual(mean.rmse, (16.0 / 3).squareRoot() / 2, accuracy: 1e-6)
        XCTAssertEqual(mean.rmseLog, abs(log(0.8)) / 3.0.squareRoot() / 2, accuracy: 1e-6)
        XCTAssertEqual(mean.a1, (1 + 2.0 / 3) / 2, accuracy: 1e-12)
        XCTAssertEqual(mean.a2, 1)
        XCTAssertEqual(result.scaleMean ?? 0, 1.5, accuracy: 1e-6)
        XCTAssertEqual(result.scaleStandardDeviation ?? 0, 0.5, accuracy: 1e-6)
        XCTAssertEqual(try evaluation(tree, threads: 1).run(), result)
    }

    func testErrorsNameTheFile() throws {
        let tree = try makeTree()
        let stem = "aachen_000001_000019"
        try FileManager.default.removeItem(atPath: tree.root + "/pred/\(stem)_depth.png")
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .missingPrediction(let gt, _, let pattern)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(gt, tree.root + "/data/disparity/val/aachen/\(stem)_disparity.png")
            XCTAssertEqual(pattern, "\(stem)_depth.png")
        }
        let small = try tree.writeGray16("pred/\(stem)_depth.png", width: 1, height: 2, [256, 256])
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .sizeMismatch(let prediction, _, _, _)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(prediction, small)
        }
        let eightBit = try tree.writeGray8("pred/\(stem)_depth.png", width: 2, height: 2, [1, 2, 3, 4])
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .wrongPixelLayout(let path, _, _)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, eightBit)
        }
        try writeFrame(tree, city: "aachen", sequence: 1, gt: [2, 4, 0, 16], pred: [2, 4, 5, 20])
        let cameraPath = tree.root + "/data/camera/val/aachen/\(stem)_camera.json"
        try tree.writeText("data/camera/val/aachen/\(stem)_camera.json", "{\"intrinsic\": {}}")
        XCTAssertThrowsError(try evaluation(tree).run()) { error in
            guard case .badCamera(let path, _)? = error as? EvaluationError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, cameraPath)
        }
    }
}
