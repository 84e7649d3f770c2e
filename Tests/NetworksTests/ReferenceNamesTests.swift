import XCTest
import TensorEngine
@testable import Networks

/// Our state names and shapes against the reference's PyTorch state_dicts (recorded in
/// ReferenceStateNames.swift by scripts/reference_networks.py), and parameter counts
/// against torchvision's.
final class ReferenceNamesTests: XCTestCase {
    private let rng = RandomGenerator(seed: 1)

    /// Parses the fixture's "key d0,d1,..." lines.
    private func reference(_ text: String) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let dims = parts.count > 1 ? parts[1].split(separator: ",").map { Int($0)! } : []
            out[String(parts[0])] = dims
        }
        return out
    }

    private func assertStateMatches(_ module: Module, _ text: String, dropping prefix: String? = nil,
                                    file: StaticString = #filePath, line: UInt = #line) {
        let expected = reference(text)
        var ours: [String: [Int]] = [:]
        for (key, tensor) in module.stateDict() where prefix.map({ !key.hasPrefix($0) }) ?? true {
            ours[key] = tensor.shape
        }
        let missing = Set(expected.keys).subtracting(ours.keys).sorted()
        let extra = Set(ours.keys).subtracting(expected.keys).sorted()
        XCTAssertEqual(missing, [], "keys the reference has and we lack", file: file, line: line)
        XCTAssertEqual(extra, [], "keys we have and the reference lacks", file: file, line: line)
        for (key, shape) in expected {
            if let our = ours[key] { XCTAssertEqual(our, shape, key, file: file, line: line) }
        }
    }

    func testResNet101EncoderMatchesReferenceAndTorchvision() throws {
        let encoder = try ResNetEncoder(uninitialized: .paper)
        assertStateMatches(encoder, ReferenceStateNames.resNet101Dilated)
        XCTAssertEqual(encoder.parameterCount, 42_500_160)
        XCTAssertEqual(encoder.featureChannels, [64, 256, 512, 1024, 2048])
    }

    func testResNet50AndResNet18ParameterCounts() throws {
        XCTAssertEqual(try ResNetEncoder(uninitialized: .paperDataSelection).parameterCount, 23_508_032)
        let r18 = try ResNetEncoder(uninitialized: ResNetSettings(depth: 18, dilateLastStage: false))
        XCTAssertEqual(r18.parameterCount, 11_176_512)
        assertStateMatches(r18, ReferenceStateNames.resNet18)
        XCTAssertEqual(r18.featureChannels, [64, 64, 128, 256, 512])
    }

    /// torchvision's names for one bottleneck block with a projection shortcut (checked
    /// with torch: resnet50().state_dict() keys starting "layer1.0.").
    func testBottleneckBlockNames() throws {
        let encoder = try ResNetEncoder(uninitialized: .paperDataSelection)
        let names = encoder.stateDict().keys.filter { $0.hasPrefix("encoder.layer1.0.") }.sorted()
        var expected: [String] = []
        for layer in ["conv1", "conv2", "conv3", "downsample.0"] { expected.append("encoder.layer1.0.\(layer).weight") }
        for bn in ["bn1", "bn2", "bn3", "downsample.1"] {
            for field in ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"] {
                expected.append("encoder.layer1.0.\(bn).\(field)")
            }
        }
        XCTAssertEqual(names, expected.sorted())
    }

    func testPoseNetworkMatchesReference() throws {
        let pose = try PoseNetwork(config: .paper, rng: rng)
        assertStateMatches(pose.poseEncoder, ReferenceStateNames.poseEncoder)
        assertStateMatches(pose.pose, ReferenceStateNames.poseDecoder)
    }

    func testDepthDecodersMatchReference() throws {
        let dec6 = try DepthDecoder(uninitialized: .dec6, encoderChannels: ResNetSettings.paper.featureChannels)
        assertStateMatches(dec6, ReferenceStateNames.dec6OnResNet101)
        let dec9 = try DepthDecoder(uninitialized: .dec9,
                                    encoderChannels: ResNetSettings.paperDataSelection.featureChannels)
        assertStateMatches(dec9, ReferenceStateNames.dec9OnResNet50)
    }

    func testSegmentationDecodersMatchReference() throws {
        let seg210 = try SegmentationDecoder(uninitialized: .experiment210, depthDecoder: .dec6,
                                             encoderChannels: ResNetSettings.paper.featureChannels)
        assertStateMatches(seg210, ReferenceStateNames.segmentation210OnResNet101, dropping: "unet_dec.")
        assertStateMatches(seg210.unetDec, ReferenceStateNames.dec6OnResNet101)
        let seg211 = try SegmentationDecoder(uninitialized: .experiment211, depthDecoder: .dec9,
                                             encoderChannels: ResNetSettings.paperDataSelection.featureChannels)
        assertStateMatches(seg211, ReferenceStateNames.segmentation211OnResNet50, dropping: "unet_dec.")
    }
}
