import Evaluation
import Foundation
import XCTest

/// Depth errors against values worked out by hand on 2x3 maps.
final class DepthMetricsTests: XCTestCase {
    func testMedianScalingAndValidMask() throws {
        // Row-major 2x3 maps. Ground truth 0 (no measurement) and 100 (> 80 m cap) are
        // invalid, leaving g = [2, 4, 8, 10] and p = [1, 2, 4, 4]. Medians: (4 + 8) / 2 = 6
        // and (2 + 4) / 2 = 3, so the scale is 2 and p becomes [2, 4, 8, 8]: the only
        // error is g - p = 2 at g = 10, where g / p = 1.25 exactly (not below 1.25).
        let gt: [Float] = [2, 4, 0,
                           8, 100, 10]
        let pred: [Float] = [1, 2, 5,
                             4, 50, 4]
        let result = try XCTUnwrap(try DepthMetrics.evaluate(predicted: pred, groundTruth: gt))
        XCTAssertEqual(result.validPixels, 4)
        XCTAssertEqual(result.scale, 2)
        let e = result.errors
        XCTAssertEqual(e.absRel, (2.0 / 10) / 4, accuracy: 1e-12)
        XCTAssertEqual(e.sqRel, (4.0 / 10) / 4, accuracy: 1e-12)
        XCTAssertEqual(e.rmse, 1, accuracy: 1e-12)
        XCTAssertEqual(e.rmseLog, log(1.25) / 2, accuracy: 1e-12)
        XCTAssertEqual(e.a1, 0.75)
        XCTAssertEqual(e.a2, 1)
        XCTAssertEqual(e.a3, 1)
    }

    func testPredictionsAreClampedToTheCapsAfterScaling() throws {
        // All ground truth valid. Sorted p = [0.0001, 0.5, 1.5, 35, 60, 70], so the medians
        // are (3 + 70) / 2 = 36.5 and (1.5 + 35) / 2 = 18.25: scale 2, and the scaled
        // p = [1, 0.0002 -> 0.001, 3, 70, 120 -> 80, 140 -> 80] after clamping.
        let gt: [Float] = [1, 2, 3,
                           70, 75, 79]
        let pred: [Float] = [0.5, 0.0001, 1.5,
                             35, 60, 70]
        let result = try XCTUnwrap(try DepthMetrics.evaluate(predicted: pred, groundTruth: gt))
        XCTAssertEqual(result.scale, 2, accuracy: 1e-6)
        let e = result.errors
        // Errors remain at g = 2 (p = 0.001), g = 75 (p = 80) and g = 79 (p = 80).
        let near = 2 - 0.001
        XCTAssertEqual(e.absRel, (near / 2 + 5.0 / 75 + 1.0 / 79) / 6, accuracy: 1e-9)
        XCTAssertEqual(e.sqRel, (near * near / 2 + 25.0 / 75 + 1.0 / 79) / 6, accuracy: 1e-9)
        XCTAssertEqual(e.rmse, ((near * near + 25 + 1) / 6).squareRoot(), accuracy: 1e-9)
        let logErrors = pow(log(2 / 0.001), 2) + pow(log(75.0 / 80), 2) + pow(log(79.0 / 80), 2)
        XCTAssertEqual(e.rmseLog, (logErrors / 6).squareRoot(), accuracy: 1e-9)
        // 80 / 75 and 80 / 79 are below 1.25; 2 / 0.001 is not.
        XCTAssertEqual(e.a1, 5.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(e.a3, 5.0 / 6, accuracy: 1e-12)
    }

    func testWithoutMedianScaling() throws {
        // g = [2, 4], p = [4, 4]: |g - p| / g = [1, 0]; g / p ratios 2 and 1.
        let settings = DepthEvaluationSettings(minDepth: 1e-3, maxDepth: 80, medianScaling: false)
        let result = try XCTUnwrap(try DepthMetrics.evaluate(predicted: [4, 4, 9], groundTruth: [2, 4, 0],
                                                             settings: settings))
        XCTAssertEqual(result.scale, 1)
        XCTAssertEqual(result.errors.absRel, 0.5)
        XCTAssertEqual(result.errors.sqRel, 1)  // (4 / 2 + 0) / 2
        XCTAssertEqual(result.errors.rmse, 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(result.errors.a1, 0.5)
        XCTAssertEqual(result.errors.a2, 0.5)  // 2 > 1.5625
        XCTAssertEqual(result.errors.a3, 0.5)  // 2 > 1.953125
    }

    func testNoValidPixelAndDegenerateMedian() throws {
        XCTAssertNil(try DepthMetrics.evaluate(predicted: [1, 2], groundTruth: [0, 90]))
        XCTAssertThrowsError(try DepthMetrics.evaluate(predicted: [0, 0, 5], groundTruth: [1, 2, 3])) { error in
            XCTAssertEqual(error as? DepthMetricsError, .nonPositiveMedian(0))
        }
    }

    func testDatasetMeanAveragesImages() {
        let a = DepthErrors(absRel: 0.1, sqRel: 1, rmse: 2, rmseLog: 0.2, a1: 0.9, a2: 1, a3: 1)
        let b = DepthErrors(absRel: 0.3, sqRel: 3, rmse: 4, rmseLog: 0.4, a1: 0.5, a2: 0.8, a3: 1)
        let mean = DepthErrors.mean([a, b])
        let expected = [0.2, 2, 3, 0.3, 0.7, 0.9, 1]
        XCTAssertEqual(mean?.columns.count, 7)
        for (got, want) in zip(mean?.columns ?? [], expected) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertNil(DepthErrors.mean([]))
    }

    func testPredictedDepthCodec() {
        XCTAssertEqual(PredictedDepthPNG.encode(depth: 8), 2048)
        XCTAssertEqual(PredictedDepthPNG.encode(depth: 0), 1)
        XCTAssertEqual(PredictedDepthPNG.encode(depth: 1000), 65535)
        XCTAssertEqual(PredictedDepthPNG.depth(stored: 2048), 8)
        XCTAssertEqual(PredictedDepthPNG.depth(stored: 1), 1.0 / 256)
    }
}
