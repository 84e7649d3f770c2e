import XCTest
import Foundation
import TensorEngine
import EngineTestSupport
import DataSelection

final class FeatureDistanceTests: XCTestCase {
    /// Adaptive average pooling of a 3 x 5 map (values 0...14) to 1 x 2: PyTorch's column
    /// bins are 0..<3 and 2..<5 (overlapping), so the means are 6 and 8. Pooling to h x 2h
    /// again changes nothing.
    func testPoolingHandComputed() {
        let x = Tensor((0..<15).map(Float.init), shape: [1, 1, 3, 5])
        let pooled = DiversityFeatures.pool(x, height: 1)
        XCTAssertEqual(pooled.shape, [1, 1, 1, 2])
        XCTAssertEqual(pooled.scalars, [6, 8])
        // 8 x 16 to the paper's 4 x 8: each output averages a 2 x 2 block.
        let y = Tensor((0..<128).map(Float.init), shape: [1, 1, 8, 16])
        let paper = DiversityFeatures.pool(y)
        XCTAssertEqual(paper.shape, [1, 1, 4, 8])
        XCTAssertEqual(paper.scalars[0], (0 + 1 + 16 + 17) / 4)
        XCTAssertEqual(paper.scalars[9], (34 + 35 + 50 + 51) / 4)
        XCTAssertEqual(DiversityFeatures.pool(paper).scalars, paper.scalars)
    }

    /// Standardisation per channel over images and positions with the unbiased standard
    /// deviation: channel 0 holds 1, 3 (image 0) and 5, 7 (image 1): mean 4, std
    /// sqrt(20 / 3) = 2.5819889; channel 1 holds 10, 10, 10, 30: mean 15, std 10.
    func testStandardisationHandComputed() {
        // [N = 2, C = 2, 1, 2]: image 0 = (1, 3 | 10, 10), image 1 = (5, 7 | 10, 30).
        let x = Tensor([1, 3, 10, 10, 5, 7, 10, 30], shape: [2, 2, 1, 2])
        let s = DiversityFeatures.standardised(x)
        let std0: Float = 2.5819889
        assertClose(s.scalars, [-3 / std0, -1 / std0, -0.5, -0.5, 1 / std0, 3 / std0, -0.5, 1.5], accuracy: 1e-6)
        // A constant channel is only centred.
        let constant = DiversityFeatures.standardised(Tensor([2, 2, 2, 2], shape: [2, 1, 1, 2]))
        XCTAssertEqual(constant.scalars, [0, 0, 0, 0])
    }

    /// Distances between (0, 0), (3, 4) and (6, 8): 5, 10, 5, exactly symmetric, zero
    /// diagonal. The column bias adds bias[j] to column j and keeps the diagonal 0.
    func testDistancesAndBiasHandComputed() {
        let points = Tensor([0, 0, 3, 4, 6, 8], shape: [3, 2, 1, 1])
        let d = DistanceMatrix.euclidean(points)
        XCTAssertEqual(d.count, 3)
        assertClose(d.values, [0, 5, 10, 5, 0, 5, 10, 5, 0], accuracy: 1e-6)
        let biased = d.addingColumnBias([1, 2, 3])
        assertClose(biased.values, [0, 7, 13, 6, 0, 8, 11, 7, 0], accuracy: 1e-6)
        XCTAssertEqual(biased[1, 2], d[1, 2] + 3)
        XCTAssertEqual(biased[2, 1], d[2, 1] + 2)
    }

    /// The Gram-matrix distances equal a direct Float64 computation on 40 random
    /// candidates of 3 x 4 x 8 values.
    func testDistancesMatchDirectComputation() {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor.normal([40, 3, 4, 8], rng: &rng)
        let d = DistanceMatrix.euclidean(x)
        let v = x.scalars, dim = 96
        for i in 0..<40 {
            for j in 0..<40 {
                var sum = 0.0
                for k in 0..<dim {
                    let diff = Double(v[i * dim + k]) - Double(v[j * dim + k])
                    sum += diff * diff
                }
                XCTAssertEqual(Double(d[i, j]), sum.squareRoot(), accuracy: 1e-4 * max(1, sum.squareRoot()))
                XCTAssertEqual(d[i, j], d[j, i])
            }
        }
    }

    /// The whole pipeline (pool 6 x 10 to 2 x 4, standardise, distances) against the
    /// reference's adaptive_avg_pool2d, std_mean and cdist run in PyTorch on the same
    /// patterned features.
    func testPipelineAgainstReferenceValues() {
        let (n, c, h, w) = (5, 3, 6, 10)
        var values: [Float] = []
        for i in 0..<n { for k in 0..<c { for y in 0..<h { for x in 0..<w {
            values.append(Float(sin(0.7 * Double(i) + 1.3 * Double(k) + 0.11 * Double(y * x) + 0.5 * Double(y))
                                + 0.1 * Double(k)))
        } } } }
        let d = DiversityFeatures.distances(Tensor(values, shape: [n, c, h, w]),
                                            settings: DiversitySettings(poolHeight: 2))
        let expected: [[Float]] = [
            [0, 3.3764846, 6.1942320, 8.2393961, 9.4177542],
            [3.3764846, 0, 3.2570846, 6.1566648, 8.4657784],
            [6.1942320, 3.2570846, 0, 3.3465755, 6.4466515],
            [8.2393961, 6.1566648, 3.3465755, 0, 3.4917767],
            [9.4177542, 8.4657784, 6.4466515, 3.4917767, 0],
        ]
        assertClose(d.values, expected.flatMap { $0 }, accuracy: 2e-5)
    }
}
