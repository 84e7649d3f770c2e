import XCTest
import TensorEngine
import EngineTestSupport
import DataSelection

final class BerHuLossTests: XCTestCase {
    /// Differences (masked) 0.1, 0, 0.8, and a masked 0.3: c = 0.2 x 0.8 = 0.16; 0.1 and 0
    /// are linear, 0.8 is (0.64 + 0.0256) / 0.32 = 2.08; the masked element counts as 0 in
    /// the mean over 4: (0.1 + 2.08) / 4 = 0.545.
    func testHandComputedCase() {
        let prediction = Tensor([0.1, 0.5, 0.9, 0.3], shape: [1, 1, 2, 2])
        let target = Tensor([0.2, 0.5, 0.1, 0.6], shape: [1, 1, 2, 2])
        let mask = Tensor([1, 1, 1, 0], shape: [1, 1, 2, 2])
        let loss = BerHuLoss()(prediction: prediction, target: target, mask: mask)
        XCTAssertEqual(loss.shape, [])
        XCTAssertEqual(loss.item, 0.545, accuracy: 1e-6)

        // With applyLog: log(1 + x) of both, then the same rule:
        // |ln 1.2 - ln 1.1| = 0.0870114, |ln 1.1 - ln 1.9| = 0.5465437, c = 0.1093087;
        // (0.0870114 + (0.5465437^2 + c^2) / (2c)) / 4 = 0.3770063.
        let logLoss = BerHuLoss(applyLog: true)(prediction: prediction, target: target, mask: mask)
        XCTAssertEqual(logLoss.item, 0.3770063, accuracy: 1e-6)
    }

    /// c is one number for the whole batch: differences 0, 0.05, 0, 0.3 (image 0) and
    /// 0, 0, 0.7, 0 (image 1) give c = 0.14 from image 1's 0.7 for both images:
    /// (0.05 + (0.09 + 0.0196) / 0.28 + (0.49 + 0.0196) / 0.28) / 8 = 0.28267857.
    func testThresholdComesFromTheWholeBatch() {
        let prediction = Tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], shape: [2, 1, 2, 2])
        let target = Tensor([0.1, 0.25, 0.3, 0.1, 0.5, 0.6, 0.0, 0.8], shape: [2, 1, 2, 2])
        let loss = BerHuLoss()(prediction: prediction, target: target, mask: Tensor.ones([2, 1, 2, 2]))
        XCTAssertEqual(loss.item, 0.28267857, accuracy: 1e-6)
    }

    /// d loss / d prediction against central finite differences. c depends on the largest
    /// difference through a constant (the reference's `.item()`), so a fixed anchor element
    /// (no gradient) holds the largest difference 1.0 (c = 0.2) while the probed elements'
    /// differences lie on both sides of c, away from c and 0 by more than eps.
    func testGradientMatchesFiniteDifferences() {
        let differences: [Float] = [0.05, -0.1, 0.15, -0.3, 0.45, -0.6, 0.75, -0.85, 0.12, -0.17, 0.26, 0.5]
        let target = Tensor((0..<12).map { 0.1 + 0.05 * Float($0) }, shape: [1, 1, 3, 4])
        let prediction = Tensor(zip(target.scalars, differences).map { $0 - $1 }, shape: [1, 1, 3, 4],
                                requiresGrad: true)
        let anchorPrediction = Tensor([0.0, 0.2, 0.4], shape: [1, 1, 3, 1])
        let anchorTarget = Tensor([1.0, 0.2, 0.4], shape: [1, 1, 3, 1])
        let fullTarget = Tensor.concat([target, anchorTarget], axis: 3)
        var mask = Tensor.ones([1, 1, 3, 5]).scalars
        mask[6] = 0 // prediction element (1, 1): difference -0.6, masked
        let maskTensor = Tensor(mask, shape: [1, 1, 3, 5])
        let loss = BerHuLoss()
        assertGradientsMatch([prediction], eps: 1e-3, rtol: 1e-2, atol: 1e-4) {
            loss(prediction: Tensor.concat([$0[0], anchorPrediction], axis: 3), target: fullTarget, mask: maskTensor)
        }

        // By hand: sign(p - t) * mask / 15 where |d| <= c, (|d| / c) sign(p - t) * mask / 15 elsewhere.
        prediction.zeroGrad()
        loss(prediction: Tensor.concat([prediction, anchorPrediction], axis: 3), target: fullTarget,
             mask: maskTensor).backward()
        let expected: [Float] = differences.enumerated().map { index, d in
            let column = index % 4, row = index / 4
            guard mask[row * 5 + column] != 0 else { return 0 }
            let a = Swift.abs(d), sign: Float = d > 0 ? -1 : 1 // p - t = -d
            return (a <= 0.2 ? sign : sign * a / 0.2) / 15
        }
        assertClose(prediction.grad!.scalars, expected, accuracy: 1e-5)
    }

    /// The largest element's own gradient: the reference treats c as a constant, so it is
    /// |d| / c = 1 / 0.2 = 5 per element of the mean (not the derivative through c).
    func testLargestElementGradientTreatsThresholdAsConstant() {
        let prediction = Tensor([0.0, 0.5], shape: [1, 1, 1, 2], requiresGrad: true)
        let target = Tensor([1.0, 0.5], shape: [1, 1, 1, 2])
        BerHuLoss()(prediction: prediction, target: target, mask: Tensor.ones([1, 1, 1, 2])).backward()
        assertClose(prediction.grad!.scalars, [-5.0 / 2, 0], accuracy: 1e-6)
    }

    /// Equal prediction and target: c = 0, the loss is 0 and the gradient 0 (not NaN).
    func testIdenticalInputsGiveZeroLossAndGradient() {
        let prediction = Tensor([0.3, 0.6, 0.9, 0.1], shape: [1, 1, 2, 2], requiresGrad: true)
        let target = Tensor([0.3, 0.6, 0.9, 0.1], shape: [1, 1, 2, 2])
        let loss = BerHuLoss()(prediction: prediction, target: target, mask: Tensor.ones([1, 1, 2, 2]))
        XCTAssertEqual(loss.item, 0)
        loss.backward()
        XCTAssertEqual(prediction.grad?.scalars ?? [], [0, 0, 0, 0])
    }

    /// The reference's mask zeroes rows from Int(0.9 H): H = 10 -> row 9; H = 64 -> rows 57...63.
    func testOwnCarMask() {
        let small = BerHuLoss.ownCarMask(batch: 2, height: 10, width: 3)
        XCTAssertEqual(small.shape, [2, 1, 10, 3])
        let plane = small.scalars[0..<30]
        XCTAssertEqual(Array(plane), [Float](repeating: 1, count: 27) + [0, 0, 0])
        XCTAssertEqual(Array(small.scalars[30..<60]), Array(plane))
        let large = BerHuLoss.ownCarMask(batch: 1, height: 64, width: 2).scalars
        XCTAssertEqual(large.filter { $0 == 0 }.count, 7 * 2)
        XCTAssertEqual(Array(large[(57 * 2)...]), [Float](repeating: 0, count: 14))
        XCTAssertEqual(large[56 * 2 + 1], 1)
    }
}
