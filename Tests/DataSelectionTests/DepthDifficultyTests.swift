import XCTest
import Foundation
import TensorEngine
import DataSelection

final class DepthDifficultyTests: XCTestCase {
    /// A 10 x 12 image, student 0.5 and teacher 0.2 everywhere except one teacher pixel of
    /// 0.05 at row 2, column 2. Per pixel |ln 1.5 - ln 1.2| = ln 1.25. The low pixel masks
    /// its 7 x 7 window clipped at the border (rows 0...5, columns 0...5: 36 pixels); rows
    /// Int(0.87 x 10) = 8 and 9 are the ego car. 96 - 36 = 60 pixels count, over 120:
    /// 60 ln 1.25 / 120 = 0.11157178.
    func testHandComputedCase() {
        let (h, w) = (10, 12)
        let prediction = Tensor(repeating: 0.5, shape: [1, 1, h, w])
        var teacher = [Float](repeating: 0.2, count: h * w)
        teacher[2 * w + 2] = 0.05
        let scores = DepthDifficulty.scores(prediction: prediction, pseudoDepth: Tensor(teacher, shape: [1, 1, h, w]))
        XCTAssertEqual(scores.count, 1)
        XCTAssertEqual(scores[0], 0.11157178, accuracy: 1e-6)
    }

    /// The window is 7 x 7 (radius 3): a low pixel at (2, 2) leaves (2, 6) and (6, 2)
    /// unmasked but masks (5, 5). Checked through the score of a single differing pixel.
    func testDilationRadius() {
        let (h, w) = (10, 12)
        func score(differingAt pixel: (Int, Int)) -> Float {
            var prediction = [Float](repeating: 0.2, count: h * w)
            prediction[pixel.0 * w + pixel.1] = 0.5
            var teacher = [Float](repeating: 0.2, count: h * w)
            teacher[2 * w + 2] = 0.0
            return DepthDifficulty.scores(prediction: Tensor(prediction, shape: [1, 1, h, w]),
                                          pseudoDepth: Tensor(teacher, shape: [1, 1, h, w]))[0]
        }
        let one = Float(log(1.5 / 1.2) / 120)
        XCTAssertEqual(score(differingAt: (2, 6)), one, accuracy: 1e-7)
        XCTAssertEqual(score(differingAt: (6, 2)), one, accuracy: 1e-7)
        XCTAssertEqual(score(differingAt: (5, 5)), 0)
        XCTAssertEqual(score(differingAt: (0, 0)), 0)
        XCTAssertEqual(score(differingAt: (7, 11)), one, accuracy: 1e-7)
        XCTAssertEqual(score(differingAt: (8, 11)), 0) // ego-car rows
    }

    /// Values from the reference's formula run in PyTorch on patterned 9 x 11 maps (two
    /// images in one batch, scored independently).
    func testAgainstReferenceValues() {
        let (h, w) = (9, 11)
        func map(_ f: (Int, Int) -> Float) -> [Float] { (0..<h).flatMap { y in (0..<w).map { x in f(y, x) } } }
        let teacher = map { y, x in 0.02 + 0.9 * Float((5 * y + 11 * x) % 17) / 16 }
        let first = map { y, x in 0.05 + 0.9 * Float((7 * y + 3 * x) % 13) / 12 }
        let second = map { y, x in 0.3 + 0.5 * Float((3 * y + x) % 7) / 6 }
        let scores = DepthDifficulty.scores(prediction: Tensor(first + second, shape: [2, 1, h, w]),
                                            pseudoDepth: Tensor(teacher + teacher, shape: [2, 1, h, w]))
        XCTAssertEqual(scores[0], 0.019662447, accuracy: 1e-7)
        XCTAssertEqual(scores[1], 0.014345475, accuracy: 1e-7)
    }
}
