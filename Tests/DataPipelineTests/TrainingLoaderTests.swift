import CityscapesData
import DataPipeline
import Foundation
import ImageIO
import TensorEngine
import TreeTestSupport
import XCTest

/// The batch stream: deterministic, unchanged by background preparation, resumable.
final class TrainingLoaderTests: XCTestCase {
    private func loader(seed: UInt64, start: Int = 0, labels: Bool = true) throws -> TrainingLoader {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(
            cropWidth: 32, cropHeight: 16, flipProbability: 0.5, colorAugmentationProbability: 0.5))
        return try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: 2,
                                  loadLabels: labels, seed: seed, start: start)
    }

    private func fingerprint(_ batch: TrainingBatch) -> [Float] {
        var all: [Float] = []
        for k in batch.colors.keys.sorted() {
            all += batch.colors[k]!.scalars + batch.augmentedColors[k]!.scalars
        }
        all += batch.labels?.scalars ?? []
        for s in 0..<4 { all += batch.intrinsics[s].scalars + batch.inverseIntrinsics[s].scalars }
        return all
    }

    func testShapes() throws {
        let batch = try loader(seed: 1).next()
        XCTAssertEqual(batch.count, 2)
        XCTAssertEqual(batch.colors.keys.sorted(), [-1, 0, 1])
        XCTAssertEqual(batch.colors[0]!.shape, [2, 3, 16, 32])
        XCTAssertEqual(batch.augmentedColors[-1]!.shape, [2, 3, 16, 32])
        XCTAssertEqual(batch.labels?.shape, [2, 16, 32])
        XCTAssertEqual(batch.intrinsics.count, 4)
        XCTAssertEqual(batch.intrinsics[3].shape, [2, 4, 4])
        XCTAssertEqual(batch.isLabelled, [true, true])
        let unlabelled = try loader(seed: 1, labels: false).next()
        XCTAssertNil(unlabelled.labels)
        XCTAssertEqual(unlabelled.isLabelled, [false, false])
    }

    func testSameSeedSameBatchesAndPrefetchChangesNothing() throws {
        let a = try loader(seed: 5), b = try loader(seed: 5)
        for step in 0..<7 { // past one epoch of 3 batches
            let x = try a.next(), y = try b.next(), direct = try a.batch(step)
            XCTAssertEqual(x.names, y.names)
            XCTAssertEqual(fingerprint(x), fingerprint(y), "step \(step)")
            XCTAssertEqual(fingerprint(x), fingerprint(direct), "prefetched batch \(step) differs from a direct read")
        }
        let other = try loader(seed: 6)
        XCTAssertNotEqual(fingerprint(try other.next()), fingerprint(try loader(seed: 5).next()))
    }

    func testResumingAtAStepGivesTheSameStream() throws {
        let full = try loader(seed: 2)
        var expected: [[Float]] = []
        for _ in 0..<5 { expected.append(fingerprint(try full.next())) }
        let resumed = try loader(seed: 2, start: 3)
        XCTAssertEqual(fingerprint(try resumed.next()), expected[3])
        XCTAssertEqual(fingerprint(try resumed.next()), expected[4])
        XCTAssertEqual(resumed.position, 5)
    }

    func testValidationDepthDecodesDisparity() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .val)
        let reader = ValidationReader(index: index)
        XCTAssertTrue(reader.readsDepth)
        XCTAssertEqual(reader.batches(batchSize: 3), [[0, 1]])
        let batch = try reader.batch([0, 1])
        XCTAssertEqual(batch.images.shape, [2, 3, 32, 64])
        XCTAssertEqual(batch.labels.shape, [2, 32, 64])
        let depth = try XCTUnwrap(batch.depth)
        XCTAssertEqual(depth.shape, [2, 1, 32, 64])

        let id = index.frames[1]
        let disparity = try PNGImage.read(path: index.layout.disparity(id, split: .val))
        let camera = try CityscapesCamera(json: Data(contentsOf: URL(fileURLWithPath: index.layout.camera(id, split: .val))))
        let labels = try PNGImage.read(path: index.layout.labelIds(id, split: .val))
        var valid = 0
        for p in 0..<(64 * 32) {
            let stored = disparity.pixels16[p], got = depth.data[64 * 32 + p]
            if stored == 0 {
                XCTAssertEqual(got, 0)
            } else {
                valid += 1
                let expected = camera.baseline * camera.fx / (Double(stored - 1) / 256)
                XCTAssertEqual(Double(got), expected, accuracy: expected * 1e-6)
            }
            if labels.pixels[p] == CityscapesLabels.sky { XCTAssertEqual(got, 0, "sky has no depth") }
        }
        XCTAssertGreaterThan(valid, 64 * 32 / 3)
    }
}
