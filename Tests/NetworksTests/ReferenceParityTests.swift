import Foundation
import XCTest
import TensorEngine
import Networks

/// Forward-pass parity with the reference's PyTorch modules, on weights and outputs
/// exported by scripts/check_network_parity.py (which sets THREEWAYS_NETWORK_PARITY to
/// the export directory and runs this test). Skipped when the variable is unset.
final class ReferenceParityTests: XCTestCase {
    private func load(_ name: String) throws -> [String: Tensor] {
        guard let dir = ProcessInfo.processInfo.environment["THREEWAYS_NETWORK_PARITY"] else {
            throw XCTSkip("THREEWAYS_NETWORK_PARITY not set (run scripts/check_network_parity.py)")
        }
        return try SafeTensors.read(from: URL(fileURLWithPath: dir).appendingPathComponent(name)).tensors
    }

    /// The file's weights (every key except "input.*" and "expected.*").
    private func weights(_ file: [String: Tensor]) -> [String: Tensor] {
        file.filter { !$0.key.hasPrefix("input.") && !$0.key.hasPrefix("expected.") }
    }

    private func assertMatches(_ ours: Tensor, _ expected: Tensor?, _ what: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        guard let expected else { return XCTFail("\(what): no expected tensor", file: file, line: line) }
        XCTAssertEqual(ours.shape, expected.shape, what, file: file, line: line)
        var worst: Float = 0
        var scale: Float = 0
        for i in 0..<min(ours.count, expected.count) {
            worst = max(worst, abs(ours.data[i] - expected.data[i]))
            scale = max(scale, abs(expected.data[i]))
        }
        XCTAssertLessThan(worst, 1e-4 * max(1, scale), "\(what): max abs difference \(worst) (scale \(scale))",
                          file: file, line: line)
    }

    func testDepthNetworkResNet50Dec9() throws {
        let file = try load("depth_r50_dec9.safetensors")
        let net = try DepthNetwork(encoder: .paperDataSelection, decoder: .dec9, rng: RandomGenerator(seed: 0))
        try net.load(stateDict: weights(file))
        net.eval()
        let (_, out) = withoutGradients { net(file["input.images"]!) }
        for s in 0...3 { assertMatches(out.disparities[s]!, file["expected.disp\(s)"], "disparity \(s)") }
    }

    func testSegmentationNetworkExperiment211Head() throws {
        let file = try load("segmentation_r50_dec9_211.safetensors")
        let net = try SegmentationNetwork(encoder: .paperDataSelection, depthDecoder: .dec9, head: .experiment211,
                                          rng: RandomGenerator(seed: 0))
        try net.load(stateDict: weights(file))
        net.eval()
        assertMatches(withoutGradients { net(file["input.images"]!) }, file["expected.logits"], "logits")
    }

    func testSegmentationNetworkResNet18Dec6Experiment210Head() throws {
        let file = try load("segmentation_r18_dec6_210.safetensors")
        let net = try SegmentationNetwork(encoder: ResNetConfig(depth: 18, dilateLastStage: false), depthDecoder: .dec6,
                                          head: .experiment210, rng: RandomGenerator(seed: 0))
        try net.load(stateDict: weights(file))
        net.eval()
        assertMatches(withoutGradients { net(file["input.images"]!) }, file["expected.logits"], "logits")
    }

    func testPoseNetwork() throws {
        let file = try load("pose_r18.safetensors")
        let net = try PoseNetwork(config: .paper, rng: RandomGenerator(seed: 0))
        try net.load(stateDict: weights(file))
        net.eval()
        let prediction = withoutGradients { net([file["input.images"]!, file["input.other"]!]) }
        assertMatches(prediction.axisAngle, file["expected.axisangle"], "axis-angle")
        assertMatches(prediction.translation, file["expected.translation"], "translation")
    }
}
