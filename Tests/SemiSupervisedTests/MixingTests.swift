import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class MixingTests: XCTestCase {
    /// A pair of 2x3 images, label maps and 4-class teacher probabilities whose argmax is
    /// the label map, mixed with one mask: every pixel of mixed image i, its label and its
    /// teacher vector come from the same source image (i where mask i is 1, else the other).
    func testImageLabelsAndTeacherOutputMixConsistently() {
        let h = 2, w = 3, plane = h * w, classes = 4
        let images = randomTensor([2, 3, h, w], 0, 1, seed: 1, requiresGrad: false)
        let labels = Tensor([0, 1, 2, 3, 255, 1,
                             3, 3, 2, 0, 1, 255], shape: [2, h, w])
        // Probabilities peaked on each pixel's label (uniform where ignored).
        let teacher = Tensor.zeros([2, classes, h, w])
        for i in 0..<2 {
            for p in 0..<plane {
                let label = Int(labels.data[i * plane + p])
                for c in 0..<classes {
                    teacher.data[(i * classes + c) * plane + p] = label == 255 ? 0.25 : (c == label ? 0.7 : 0.1)
                }
            }
        }
        let masks = Tensor([1, 0, 1, 0, 0, 1,
                            0, 1, 1, 1, 0, 0], shape: [2, 1, h, w])

        let mixedImages = Mixing.mix(images, masks: masks)
        let mixedLabels = Mixing.mix(labels, masks: masks)
        let mixedTeacher = Mixing.mix(teacher, masks: masks)
        XCTAssertEqual(mixedImages.shape, images.shape)
        XCTAssertEqual(mixedLabels.shape, labels.shape)
        XCTAssertEqual(mixedTeacher.shape, teacher.shape)
        for i in 0..<2 {
            for p in 0..<plane {
                let source = masks.data[i * plane + p] == 1 ? i : 1 - i
                for c in 0..<3 {
                    XCTAssertEqual(mixedImages.data[(i * 3 + c) * plane + p], images.data[(source * 3 + c) * plane + p])
                }
                XCTAssertEqual(mixedLabels.data[i * plane + p], labels.data[source * plane + p])
                for c in 0..<classes {
                    XCTAssertEqual(mixedTeacher.data[(i * classes + c) * plane + p],
                                   teacher.data[(source * classes + c) * plane + p])
                }
            }
        }
        // The argmax of the mixed teacher output is the mixed argmax.
        let decided = PseudoLabels(probabilities: mixedTeacher)
        let argmaxOfLabels = Mixing.mix(PseudoLabels(probabilities: teacher).classes, masks: masks)
        XCTAssertEqual(decided.classes.scalars, argmaxOfLabels.scalars)

        // Masks given as [N, H, W] mix the same way.
        XCTAssertEqual(Mixing.mix(images, masks: masks.reshaped([2, h, w])).scalars, mixedImages.scalars)
    }

    /// Image i takes what its mask leaves out from image (i + 1) mod N.
    func testBatchOfThreeWrapsAround() {
        let x = Tensor([1, 2, 10, 20, 100, 200], shape: [3, 1, 1, 2])
        let masks = Tensor([1, 0, 0, 1, 0, 0], shape: [3, 1, 1, 2])
        XCTAssertEqual(Mixing.mix(x, masks: masks).scalars, [1, 20, 100, 20, 1, 2])
    }

    /// Ground truth as the teacher (mix_use_gt): labelled images get their one-hot, with
    /// ignored pixels all zero, which read as class 0 for ClassMix but as ignored targets.
    func testGroundTruthOneHotSubstitution() {
        let labels = Tensor([2, 255, 0, 1,
                             0, 0, 0, 0], shape: [2, 2, 2])
        let oneHot = GroundTruthTeacher.oneHot(labels: labels.slice(axis: 0, 0..<1), classes: 3)
        XCTAssertEqual(oneHot.shape, [1, 3, 2, 2])
        XCTAssertEqual(oneHot.scalars, [0, 0, 1, 0,
                                        0, 0, 0, 1,
                                        1, 0, 0, 0])

        let softmax = Tensor(repeating: 1.0 / 3, shape: [2, 3, 2, 2])
        let substituted = GroundTruthTeacher.substitute(teacherProbabilities: softmax, labels: labels,
                                                        isLabelled: [true, false])
        XCTAssertEqual(Array(substituted.scalars[0..<12]), oneHot.scalars)
        XCTAssertEqual(Array(substituted.scalars[12...]), Array(softmax.scalars[12...]))
        XCTAssertEqual(softmax.scalars, [Float](repeating: 1.0 / 3, count: 24), "input unchanged")

        let decided = PseudoLabels(probabilities: substituted)
        XCTAssertEqual(Array(decided.classes.scalars[0..<4]), [2, 0, 0, 1])
        XCTAssertEqual(Array(decided.labels.scalars[0..<4]), [2, 255, 0, 1])
        XCTAssertEqual(Array(decided.confidence.scalars[0..<4]), [1, 0, 1, 1])
    }

    func testPseudoLabelsTakeTheFirstMaximumAndCountConfidentPixels() {
        // One image, 3 classes, 4 pixels: a tie between classes 1 and 2 goes to 1.
        let p = Tensor([0.98, 0.1, 0.2, 0.0,
                        0.01, 0.45, 0.7, 0.0,
                        0.01, 0.45, 0.1, 0.0], shape: [1, 3, 2, 2])
        let decided = PseudoLabels(probabilities: p, ignoreIndex: 250)
        XCTAssertEqual(decided.classes.scalars, [0, 1, 1, 0])
        XCTAssertEqual(decided.labels.scalars, [0, 1, 1, 250])
        XCTAssertEqual(decided.confidence.scalars, [0.98, 0.45, 0.7, 0])
        XCTAssertEqual(decided.confidentShare(threshold: 0.968), 0.25)
        XCTAssertEqual(decided.confidentShare(threshold: 0.45), 0.75)
    }
}
