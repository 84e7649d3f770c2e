import XCTest
import TensorEngine
import DataSelection

final class SegmentationEntropyTests: XCTestCase {
    /// Two classes, two pixels: logits (0, 0) give p = (0.5, 0.5), entropy 1 bit;
    /// (0, ln 3) give p = (0.25, 0.75), entropy 0.5 + 0.75 log2(4/3) = 0.81127812 bits.
    /// Normalised by log2(2) = 1; the image's score is the mean, 0.90563906.
    func testHandComputedCase() {
        let logits = Tensor([0, 0, 0, Float(1.0986123)], shape: [1, 2, 1, 2])
        let scores = SegmentationEntropy.scores(logits: logits)
        XCTAssertEqual(scores.count, 1)
        XCTAssertEqual(scores[0], 0.90563906, accuracy: 1e-6)
    }

    /// Uniform logits give 1 for any class count; a confident prediction gives about 0;
    /// images of a batch are scored separately. Four classes, three pixels: 0.62838215 from
    /// the reference's `pixel_wise_entropy` in PyTorch.
    func testBoundsAndReferenceValue() {
        let uniform = Tensor.zeros([1, 19, 2, 3])
        XCTAssertEqual(SegmentationEntropy.scores(logits: uniform)[0], 1, accuracy: 1e-6)
        let confident = Tensor([40, 0, 0, 0], shape: [1, 4, 1, 1])
        XCTAssertEqual(SegmentationEntropy.scores(logits: confident)[0], 0, accuracy: 1e-6)
        // Class-major [1, 4, 1, 3]: class c holds its logit at each of the three pixels.
        let mixed = Tensor([0.5, -1.0, 2.0, 1.5, 0.2, -0.3, 0.0, 3.0, 1.0, -2.0, 0.7, 0.4], shape: [1, 4, 1, 3])
        XCTAssertEqual(SegmentationEntropy.scores(logits: mixed)[0], 0.62838215, accuracy: 1e-6)
        let batch = Tensor.concat([confident, Tensor.zeros([1, 4, 1, 1])], axis: 0)
        let scores = SegmentationEntropy.scores(logits: batch)
        XCTAssertEqual(scores[0], 0, accuracy: 1e-6)
        XCTAssertEqual(scores[1], 1, accuracy: 1e-6)
    }
}
