import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class PseudoLabelLossTests: XCTestCase {
    /// Student logits for one image, 2 classes, 2x2 pixels (class 0 plane, then class 1):
    /// pixel logits (1, 0), (0, 1), (2, 0), (0, 3).
    let logits = Tensor([1, 0, 2, 0,
                         0, 1, 0, 3], shape: [1, 2, 2, 2])

    /// Teacher probabilities of class 0: 0.99, 0.3, 0.97, 0.6 (class 1 the rest).
    /// Pseudo-labels 0, 1, 0, 0; confidence 0.99, 0.7, 0.97, 0.6, so 2 of 4 pixels reach
    /// 0.968 and w = 0.5.
    /// Cross entropies: log(1 + e^-1) = 0.31326169, log(1 + e^-1) = 0.31326169,
    /// log(1 + e^-2) = 0.12692801, log(1 + e^3) = 3.04858735; sum 3.80203874.
    /// Loss = 1 * 0.5 * 3.80203874 / 4 = 0.47525484.
    func testHandComputedCase() {
        let teacher = Tensor([0.99, 0.3, 0.97, 0.6,
                              0.01, 0.7, 0.03, 0.4], shape: [1, 2, 2, 2])
        let result = PseudoLabelLoss()(studentLogits: logits, teacherProbabilities: teacher)
        XCTAssertEqual(result.weight, 0.5)
        XCTAssertEqual(result.pseudoLabels.scalars, [0, 1, 0, 0])
        XCTAssertEqual(result.pseudoLabels.shape, [1, 2, 2])
        XCTAssertEqual(result.loss.shape, [])
        XCTAssertEqual(result.loss.item, 0.47525484, accuracy: 1e-6)

        let doubled = PseudoLabelLoss(consistencyWeight: 2)(studentLogits: logits, teacherProbabilities: teacher)
        XCTAssertEqual(doubled.loss.item, 2 * 0.47525484, accuracy: 2e-6)
        let lowered = PseudoLabelLoss(confidenceThreshold: 0.6)(studentLogits: logits, teacherProbabilities: teacher)
        XCTAssertEqual(lowered.weight, 1)
        XCTAssertEqual(lowered.loss.item, 3.80203874 / 4, accuracy: 1e-6)
    }

    /// Ground-truth one-hot with an ignored pixel (all-zero vector): the pixel is an ignored
    /// target with confidence 0, yet still counts in both denominators (the reference's
    /// per-pixel weights and torch.mean over every pixel): w = 3/4, and
    /// loss = 0.75 * (0.31326169 + 0.31326169 + 3.04858735) / 4 = 0.68908327.
    func testIgnoredPixelsCountInTheDenominators() {
        let teacher = Tensor([1, 0, 0, 1,
                              0, 1, 0, 0], shape: [1, 2, 2, 2])
        let result = PseudoLabelLoss()(studentLogits: logits, teacherProbabilities: teacher)
        XCTAssertEqual(result.weight, 0.75)
        XCTAssertEqual(result.pseudoLabels.scalars, [0, 1, 255, 0])
        XCTAssertEqual(result.loss.item, 0.68908327, accuracy: 1e-6)
    }

    /// d loss / d logits against central finite differences, on a batch of 2 with 4
    /// classes and teacher outputs of which some pass the threshold.
    func testGradientMatchesFiniteDifferences() {
        let student = randomTensor([2, 4, 3, 5], -2, 2, seed: 21)
        let teacher = withoutGradients { (randomTensor([2, 4, 3, 5], -4, 4, seed: 22, requiresGrad: false) * 3).softmax(axis: 1) }
        let loss = PseudoLabelLoss()
        let weight = loss(studentLogits: student, teacherProbabilities: teacher).weight
        XCTAssertGreaterThan(weight, 0)
        XCTAssertLessThan(weight, 1)
        assertGradientsMatch([student], eps: 1e-3) { loss(studentLogits: $0[0], teacherProbabilities: teacher).loss }

        // And by hand: w / (N H W) * (softmax - onehot) at every pixel.
        student.zeroGrad()
        let result = loss(studentLogits: student, teacherProbabilities: teacher)
        result.loss.backward()
        let p = withoutGradients { student.softmax(axis: 1) }
        let plane = 15, scale = weight / 30
        for n in 0..<2 {
            for c in 0..<4 {
                for i in 0..<plane {
                    let index = (n * 4 + c) * plane + i
                    let onehot: Float = result.pseudoLabels.data[n * plane + i] == Float(c) ? 1 : 0
                    XCTAssertEqual(student.grad!.data[index], scale * (p.data[index] - onehot), accuracy: 1e-6)
                }
            }
        }
    }
}
