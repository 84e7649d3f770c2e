import DataPipeline
import Foundation
import TensorEngine
import TreeTestSupport
import XCTest

/// Ground-truth depth for training batches is cut with the batch's crop windows and
/// flips, so it lines up with the images; invalid disparities read as 0.
final class GroundTruthDepthReaderTests: XCTestCase {
    func testDepthFollowsTheCropAndTheFlipOfEachSample() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(
            cropWidth: 24, cropHeight: 16, flipProbability: 0.5, colorAugmentationProbability: 0))
        var rng = RandomGenerator(seed: 9)
        let samples = try [1, 4, 5].map { try reader.sample($0, loadLabels: false, rng: &rng) }
        XCTAssertTrue(samples.contains { $0.flipped } && samples.contains { !$0.flipped }, "both cases covered")
        let batch = TrainingBatch(samples: samples)
        let depth = try GroundTruthDepthReader(index: index).depth(for: batch)
        XCTAssertEqual(depth.shape, [3, 1, 16, 24])

        // The whole frames' depth from the validation reader, cut by hand.
        let full = try XCTUnwrap(ValidationReader(index: index).batch([1, 4, 5]).depth)
        let (fh, fw) = (full.shape[2], full.shape[3])
        var positive = 0
        for k in 0..<3 {
            let window = samples[k].window
            for y in 0..<16 {
                for x in 0..<24 {
                    let sx = window.x0 + (samples[k].flipped ? 23 - x : x)
                    let expected = full.data[k * fh * fw + (window.y0 + y) * fw + sx]
                    XCTAssertEqual(depth.data[k * 16 * 24 + y * 24 + x], expected)
                    if expected > 0 { positive += 1 }
                }
            }
        }
        XCTAssertGreaterThan(positive, 3 * 16 * 24 / 2, "most SynthCity pixels have a depth")
    }

    func testATreeWithoutDisparityIsNamed() throws {
        let copy = try TinyTree.copy("gt-depth-no-disparity", .loaderTests)
        defer { copy.remove() }
        try FileManager.default.removeItem(atPath: copy.path + "/disparity")
        let index = try SampleIndex(root: copy.path, split: .train)
        XCTAssertThrowsError(try GroundTruthDepthReader(index: index)) { error in
            XCTAssertEqual(error as? DataPipelineError, .missingFile(path: copy.path + "/disparity"))
        }
    }
}
