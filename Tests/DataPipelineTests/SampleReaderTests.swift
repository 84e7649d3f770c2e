import CityscapesData
import DataPipeline
import EngineTestSupport
import Foundation
import ImageIO
import TensorEngine
import TreeTestSupport
import XCTest

/// Training samples: crop and flip move pixels, labels and K together; colour
/// augmentation touches only the network input.
final class SampleReaderTests: XCTestCase {
    func testCropAndFlipMovePixelsLabelsAndIntrinsicsTogether() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(
            cropWidth: 24, cropHeight: 16, flipProbability: 1, colorAugmentationProbability: 0))
        var rng = RandomGenerator(seed: 4)
        let sample = try reader.sample(2, loadLabels: true, rng: &rng)
        XCTAssertTrue(sample.flipped)
        let (x0, y0, w, h) = (sample.window.x0, sample.window.y0, 24, 16)

        let id = index.frames[2], layout = index.layout
        for offset in [0, -1, 1] {
            let path = offset == 0 ? layout.leftImage(id, split: .train)
                : layout.sequenceImage(id.offset(by: offset), split: .train)
            let full = try PNGImage.read(path: path, as: .rgb8)
            let colors = try XCTUnwrap(sample.colors[offset])
            for y in [0, 7, h - 1] {
                for x in [0, 5, w - 1] {
                    let src = ((y0 + y) * full.width + x0 + (w - 1 - x)) * 3
                    for c in 0..<3 {
                        XCTAssertEqual(colors[c * w * h + y * w + x], Float(full.pixels[src + c]) / 255,
                                       accuracy: 1e-6, "frame \(offset) (\(x), \(y)) channel \(c)")
                    }
                }
            }
        }
        let labelIds = try PNGImage.read(path: layout.labelIds(id, split: .train))
        let labels = try XCTUnwrap(sample.labels)
        for y in 0..<h {
            for x in 0..<w {
                let id = Int(labelIds.pixels[(y0 + y) * labelIds.width + x0 + (w - 1 - x)])
                XCTAssertEqual(labels[y * w + x], Float(CityscapesLabels.trainIdOfLabelId[id]))
            }
        }
        let camera = try CityscapesCamera(json: Data(contentsOf: URL(fileURLWithPath: layout.camera(id, split: .train))))
        XCTAssertEqual(sample.intrinsics.cx, Double(w - 1) - (camera.u0 - Double(x0)), accuracy: 1e-9)
        XCTAssertEqual(sample.intrinsics.cy, camera.v0 - Double(y0), accuracy: 1e-9)
        XCTAssertEqual(sample.intrinsics.fx, camera.fx)
    }

    func testColourAugmentationChangesOnlyTheNetworkInput() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let plain = try SampleReader(index: index, augmentation: AugmentationSettings(
            flipProbability: 0, colorAugmentationProbability: 0))
        let jittered = try SampleReader(index: index, augmentation: AugmentationSettings(
            flipProbability: 0, colorAugmentationProbability: 1))
        var rngA = RandomGenerator(seed: 8), rngB = RandomGenerator(seed: 8)
        let a = try plain.sample(0, loadLabels: false, rng: &rngA)
        let b = try jittered.sample(0, loadLabels: false, rng: &rngB)
        for offset in [0, -1, 1] {
            XCTAssertEqual(a.colors[offset], b.colors[offset], "the losses must see un-augmented colours")
            XCTAssertEqual(a.augmentedColors[offset], a.colors[offset])
            XCTAssertNotEqual(b.augmentedColors[offset], b.colors[offset])
        }
        XCTAssertNil(a.labels)
        XCTAssertFalse(a.isLabelled)
    }

    func testMissingSequenceFrameIsNamed() throws {
        let tree = try TinyTree.copy("missing-frame", .loaderTests)
        defer { tree.remove() }
        let index = try SampleIndex(root: tree.path, split: .train)
        let missing = index.layout.sequenceImage(index.frames[1].offset(by: 1), split: .train)
        try FileManager.default.removeItem(atPath: missing)
        let reader = try SampleReader(index: index, augmentation: .none)
        var rng = RandomGenerator(seed: 0)
        XCTAssertThrowsError(try reader.sample(1, loadLabels: true, rng: &rng)) {
            XCTAssertEqual("\($0)", "missing file \(missing)")
        }
    }

    func testCorruptImageIsNamed() throws {
        let tree = try TinyTree.copy("corrupt", .loaderTests)
        defer { tree.remove() }
        let index = try SampleIndex(root: tree.path, split: .train)
        let path = index.layout.labelIds(index.frames[0], split: .train)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let reader = try SampleReader(index: index, augmentation: .none)
        var rng = RandomGenerator(seed: 0)
        XCTAssertThrowsError(try reader.sample(0, loadLabels: true, rng: &rng)) {
            XCTAssert("\($0)".hasPrefix("cannot read \(path)"), "\($0)")
        }
    }

    func testCropLargerThanTheImagesIsRefused() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(cropWidth: 128, cropHeight: 16))
        var rng = RandomGenerator(seed: 0)
        XCTAssertThrowsError(try reader.sample(0, loadLabels: false, rng: &rng)) {
            XCTAssert("\($0)".contains("crop 128x16 is larger than the 64x32 images"), "\($0)")
        }
    }

    func testEmptySplitIsNamed() throws {
        let root = try TinyTree.root(.loaderTests)
        XCTAssertThrowsError(try SampleIndex(root: root, split: .test)) {
            XCTAssertEqual("\($0)", "no *_leftImg8bit.png files under \(root)/leftImg8bit/test")
        }
    }
}
