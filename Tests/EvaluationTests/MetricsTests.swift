import Evaluation
import XCTest

/// Metrics against hand-computed cases.
final class MetricsTests: XCTestCase {
    func testConfusionMatrixAndScoresByHand() {
        // 3 classes. GT:   0 0 1 1 2 255 2 1
        //            Pred: 0 1 1 1 0 2   9 2
        // Counted pixels (GT != 255): 7. Matrix rows GT, columns prediction (+invalid):
        //   gt0: pred0 1, pred1 1
        //   gt1: pred1 2, pred2 1
        //   gt2: pred0 1, invalid 1
        var m = ConfusionMatrix(classes: 3)
        m.add(predictions: [0, 1, 1, 1, 0, 2, 9, 2], groundTruth: [0, 0, 1, 1, 2, 255, 2, 1])
        XCTAssertEqual(m.count(groundTruth: 0, prediction: 0), 1)
        XCTAssertEqual(m.count(groundTruth: 1, prediction: 2), 1)
        XCTAssertEqual(m.count(groundTruth: 2, prediction: 3), 1)
        let s = m.scores
        // class 0: TP 1, row 2, column 2 (gt0, gt2) -> 1 / 3
        // class 1: TP 2, row 3, column 3 (gt0, gt1 x2) -> 2 / 4
        // class 2: TP 0, row 2, column 1 (gt1) -> 0 / 3
        XCTAssertEqual(s.classIoU[0]!, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(s.classIoU[1]!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(s.classIoU[2]!, 0, accuracy: 1e-12)
        XCTAssertEqual(s.meanIoU!, (1.0 / 3 + 0.5 + 0) / 3, accuracy: 1e-12)
        XCTAssertEqual(s.pixelAccuracy!, 3.0 / 7, accuracy: 1e-12)
    }

    func testAbsentClassesAreLeftOutOfTheMean() {
        var m = ConfusionMatrix(classes: 4)
        m.add(predictions: [0, 0, 1], groundTruth: [0, 1, 1])
        let s = m.scores
        XCTAssertNil(s.classIoU[2])
        XCTAssertNil(s.classIoU[3])
        // class 0: TP 1, union 2; class 1: TP 1, union 2.
        XCTAssertEqual(s.meanIoU!, 0.5, accuracy: 1e-12)
        XCTAssertNil(ConfusionMatrix(classes: 2).scores.meanIoU)
    }

    func testFloatInputAndMerging() {
        var a = ConfusionMatrix(classes: 3), b = ConfusionMatrix(classes: 3), whole = ConfusionMatrix(classes: 3)
        let p: [Float] = [0, 2, 1, 1, 255], g: [Float] = [0, 2, 2, 1, 1]
        p.withUnsafeBufferPointer { pp in g.withUnsafeBufferPointer { gp in
            a.add(predictions: pp.baseAddress!, groundTruth: gp.baseAddress!, count: 2)
            b.add(predictions: pp.baseAddress! + 2, groundTruth: gp.baseAddress! + 2, count: 3)
            whole.add(predictions: pp.baseAddress!, groundTruth: gp.baseAddress!, count: 5)
        } }
        a.merge(b)
        XCTAssertEqual(a, whole)
        XCTAssertEqual(whole.count(groundTruth: 1, prediction: 3), 1) // prediction 255: a miss
    }

    func testDepthMetricsByHand() throws {
        // GT 2 4 8 and an invalid pixel (0) and one beyond the cap (90); prediction 1 2 5.
        let gt: [Float] = [2, 4, 8, 0, 90], pred: [Float] = [1, 2, 5, 3, 3]
        let (m, ratio) = try XCTUnwrap(pred.withUnsafeBufferPointer { p in gt.withUnsafeBufferPointer { g in
            DepthMetrics.image(predicted: p.baseAddress!, groundTruth: g.baseAddress!, count: 5)
        } })
        // median(gt) = 4, median(pred) = 2 -> ratio 2; scaled prediction 2 4 10.
        XCTAssertEqual(ratio, 2)
        XCTAssertEqual(m.absRel, (0 + 0 + 2.0 / 8) / 3, accuracy: 1e-12)
        XCTAssertEqual(m.sqRel, (4.0 / 8) / 3, accuracy: 1e-12)
        XCTAssertEqual(m.rmse, (4.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.rmseLog, (pow(log(8.0) - log(10.0), 2) / 3).squareRoot(), accuracy: 1e-12)
        // max(10/8, 8/10) = 1.25 is not below 1.25: 2 of 3 pixels pass delta1; all pass delta2.
        XCTAssertEqual(m.delta1, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m.delta2, 1)
        XCTAssertEqual(m.delta3, 1)
        // Without scaling, the prediction is clamped to the caps and compared directly.
        let (raw, one) = try XCTUnwrap(pred.withUnsafeBufferPointer { p in gt.withUnsafeBufferPointer { g in
            DepthMetrics.image(predicted: p.baseAddress!, groundTruth: g.baseAddress!, count: 5, medianScaling: false)
        } })
        XCTAssertEqual(one, 1)
        XCTAssertEqual(raw.absRel, (0.5 + 0.5 + 3.0 / 8) / 3, accuracy: 1e-12)
        let mean = try XCTUnwrap(DepthMetrics.mean([m, raw]))
        XCTAssertEqual(mean.absRel, (m.absRel + raw.absRel) / 2, accuracy: 1e-12)
        XCTAssertNil(DepthMetrics.mean([]))
        let none: [Float] = [0, 0]
        XCTAssertNil(none.withUnsafeBufferPointer { DepthMetrics.image(predicted: $0.baseAddress!, groundTruth: $0.baseAddress!, count: 2) })
    }
}
