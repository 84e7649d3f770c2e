import Foundation
import XCTest
import TensorEngine
import Networks

/// Checkpoints: safetensors round trips, strict-loading errors, seeded initialisation,
/// and the depth-to-segmentation transfer.
final class StateDictTests: XCTestCase {
    private let profile = NetworkSettings.small(widthMultiplier: 0.25)

    private func images(_ n: Int, _ h: Int, _ w: Int, seed: UInt64 = 9) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([n, 3, h, w], 0, 1, rng: &rng)
    }

    private func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("networks-\(UUID().uuidString)-\(name)")
    }

    private func segmentationNetwork(seed: UInt64) throws -> SegmentationNetwork {
        try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                head: profile.segmentation, rng: RandomGenerator(seed: seed))
    }

    func testSafeTensorsRoundTripGivesIdenticalOutputs() throws {
        let source = try segmentationNetwork(seed: 1)
        // A few training steps' worth of batch-norm statistics, so buffers differ from their defaults.
        _ = withoutGradients { source(images(2, 32, 64, seed: 4)) }
        let url = temporaryURL("segmentation.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try source.save(to: url, metadata: ["profile": profile.name])

        let target = try segmentationNetwork(seed: 2)
        let x = images(2, 32, 64)
        source.eval(); target.eval()
        XCTAssertNotEqual(withoutGradients { source(x) }.scalars, withoutGradients { target(x) }.scalars)
        try target.load(from: url)
        XCTAssertEqual(withoutGradients { source(x) }.scalars, withoutGradients { target(x) }.scalars)
        XCTAssertEqual(target.stateDict()["encoder.encoder.bn1.num_batches_tracked"]?.item, 1)
        XCTAssertEqual(source.stateDict().keys.sorted(), target.stateDict().keys.sorted())
    }

    func testMissingUnexpectedAndMismatchedKeysAreNamed() throws {
        let decoder = try PoseNetwork(config: .small(widthMultiplier: 0.25), rng: RandomGenerator(seed: 1)).pose
        var state = decoder.stateDict()
        state["net.3.bias"] = nil
        XCTAssertThrowsError(try decoder.load(stateDict: state)) { error in
            XCTAssertEqual(error as? StateDictError, .missingKeys(["net.3.bias"]))
            XCTAssertTrue(String(describing: error).contains("net.3.bias"))
        }
        XCTAssertNoThrow(try decoder.load(stateDict: state, strict: false))

        state = decoder.stateDict()
        state["net.4.weight"] = Tensor.zeros([1])
        XCTAssertThrowsError(try decoder.load(stateDict: state)) { error in
            XCTAssertEqual(error as? StateDictError, .unexpectedKeys(["net.4.weight"]))
        }

        state = decoder.stateDict()
        let before = decoder.net[0].weight.scalars
        state["net.0.weight"] = Tensor.zeros([64, 128, 1, 1])
        state["net.1.bias"] = Tensor.zeros([3])
        XCTAssertThrowsError(try decoder.load(stateDict: state)) { error in
            XCTAssertEqual(error as? StateDictError, .shapeMismatch(key: "net.1.bias", expected: [64], found: [3]))
        }
        XCTAssertEqual(decoder.net[0].weight.scalars, before, "a failed load leaves the module unchanged")
    }

    func testCheckpointErrorsNameTheFile() throws {
        let decoder = try PoseNetwork(config: .small(widthMultiplier: 0.25), rng: RandomGenerator(seed: 1)).pose
        let url = temporaryURL("pose.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(["net.0.weight": Tensor.zeros([1])], to: url)
        XCTAssertThrowsError(try decoder.load(from: url)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains(url.path) && text.contains("net.0.bias"), text)
        }
        let missing = temporaryURL("absent.safetensors")
        XCTAssertThrowsError(try decoder.load(from: missing)) { error in
            XCTAssertTrue(String(describing: error).contains(missing.path))
        }
    }

    func testSameSeedSameWeightsAndNameKeyedStreams() throws {
        let a = try segmentationNetwork(seed: 11).stateDict()
        let b = try segmentationNetwork(seed: 11).stateDict()
        let c = try segmentationNetwork(seed: 12).stateDict()
        for (key, tensor) in a { XCTAssertEqual(tensor.scalars, b[key]?.scalars, key) }
        XCTAssertNotEqual(a["encoder.encoder.conv1.weight"]?.scalars, c["encoder.encoder.conv1.weight"]?.scalars)

        // A parameter's values depend on its name only: the stem of a ResNet-18 and a
        // ResNet-50 of the same width and seed are identical, while other layers differ.
        let r18 = try ResNetEncoder(config: ResNetSettings(depth: 18, widthMultiplier: 0.25), rng: RandomGenerator(seed: 5))
        let r50 = try ResNetEncoder(config: ResNetSettings(depth: 50, widthMultiplier: 0.25), rng: RandomGenerator(seed: 5))
        XCTAssertEqual(r18.encoder.conv1.weight.scalars, r50.encoder.conv1.weight.scalars)
        XCTAssertEqual(r18.encoder.conv1.weight.shape, r50.encoder.conv1.weight.shape)
    }

    func testDepthPretrainingTransfersIntoSegmentationNetwork() throws {
        let depth = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 21))
        let url = temporaryURL("depth.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try depth.save(to: url)
        let segmentation = try segmentationNetwork(seed: 22)
        let headBefore = segmentation.segmentation.head.stateDict().mapValues(\.scalars)
        try segmentation.loadDepthPretraining(try SafeTensors.read(from: url).tensors)

        depth.eval(); segmentation.eval()
        let x = images(1, 32, 64)
        let (features, expected) = withoutGradients { depth(x) }
        let copy = withoutGradients { segmentation.segmentation.unetDec(segmentation.encoder(x)) }
        for i in 0...4 { XCTAssertEqual(copy.features[i]?.scalars, expected.features[i]?.scalars) }
        XCTAssertEqual(withoutGradients { segmentation.encoder(x) }[4].scalars, features[4].scalars)
        XCTAssertEqual(segmentation.segmentation.head.stateDict().mapValues(\.scalars), headBefore)

        var broken = depth.stateDict()
        broken["depth.decoder.14.conv.bias"] = nil
        XCTAssertThrowsError(try segmentation.loadDepthPretraining(broken)) { error in
            XCTAssertEqual(error as? StateDictError, .missingKeys(["depth.decoder.14.conv.bias"]))
        }
    }
}
