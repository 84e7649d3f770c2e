import DataPipeline
import EngineTestSupport
import ImageIO
import Foundation
import Networks
import TensorEngine
import Training
import TreeTestSupport
import XCTest

/// The pseudo-depth cache: written once, read back cut like the batch it serves.
final class PseudoDepthCacheTests: XCTestCase {
    func testCachedDisparitiesFollowEachSamplesCropAndFlip() throws {
        let cacheFolder = try TemporaryFolder("pseudo-cache")
        defer { cacheFolder.remove() }
        let index = try SampleIndex(root: TinyTree.root(TinyTree.settings(seed: 4, train: 3, val: 0)), split: .train)
        let nets = NetworkSettings.small(widthMultiplier: 0.125)
        let network = try DepthNetwork(encoder: nets.encoder, decoder: nets.depthDecoder, rng: RandomGenerator(seed: 1))
        let cache = PseudoDepthCache(folder: cacheFolder.path + "/cache")
        var calls = 0
        try cache.fill(index: index, network: network) { _, _ in calls += 1 }
        XCTAssertEqual(calls, 3)
        XCTAssertTrue(cache.isComplete)

        // A batch of crops (some flipped) reads back the network's full prediction, cut the same way.
        let reader = try SampleReader(index: index, frameOffsets: [0], augmentation: AugmentationSettings(
            cropWidth: 40, cropHeight: 24, flipProbability: 0.5))
        let loader = try TrainingLoader(reader: reader, samples: [0, 1, 2], batchSize: 3, loadLabels: false, seed: 9)
        var sawFlip = false
        for _ in 0..<4 {
            let batch = try loader.next()
            let cut = try cache.disparities(for: batch)
            XCTAssertEqual(cut.shape, [3, 1, 24, 40])
            for k in 0..<3 {
                let i = index.index(named: batch.names[k])!
                let image = try PNGImage.read(path: index.layout.leftImage(index.frames[i], split: .train), as: .rgb8)
                network.eval()
                let full = PseudoDepthCache.quantised(withoutGradients {
                    network(ImageTensors.rgb(image)).output.disparities[0]!
                }.scalars)
                let w = batch.windows[k]
                sawFlip = sawFlip || batch.flipped[k]
                for y in 0..<24 {
                    for x in 0..<40 {
                        let sx = batch.flipped[k] ? 39 - x : x
                        let expected = Float(full[(w.y0 + y) * 64 + w.x0 + sx]) / 255
                        XCTAssertEqual(cut.data[k * 960 + y * 40 + x], expected)
                    }
                }
            }
        }
        XCTAssertTrue(sawFlip)
        // Normalisation: the full frame spans 0...1 before cropping; constant maps are 0.
        XCTAssertEqual(PseudoDepthCache.quantised([0.2, 0.3, 0.4]), [0, 127, 255])
        XCTAssertEqual(PseudoDepthCache.quantised([0.5, 0.5]), [0, 0])

        // An interrupted cache is completed; existing entries are kept.
        try FileManager.default.removeItem(atPath: cache.folder + "/complete")
        let kept = try FileManager.default.attributesOfItem(atPath: cache.file(index.name(of: 0)))[.modificationDate] as? Date
        try FileManager.default.removeItem(atPath: cache.file(index.name(of: 2)))
        try cache.fill(index: index, network: network)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.file(index.name(of: 2))))
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: cache.file(index.name(of: 0)))[.modificationDate] as? Date, kept)
        XCTAssertTrue(cache.isComplete)
    }
}
