import Foundation
import XCTest
import TensorEngine
import Networks

/// Forward-pass parity with the reference's PyTorch modules. Both sides fill their
/// weights from `FormulaWeights`; each case file holds only the input images and the
/// reference's outputs in evaluation mode. The files are the committed
/// Fixtures/*.safetensors beside this file (written by
/// `python3 scripts/check_network_parity.py --write-fixture`), or, when
/// THREEWAYS_NETWORK_PARITY is set (by the script's default mode, for fresh input
/// images), the files in that folder.
final class ReferenceParityTests: XCTestCase {
    private static let caseFolder: URL = {
        if let folder = ProcessInfo.processInfo.environment["THREEWAYS_NETWORK_PARITY"] {
            return URL(fileURLWithPath: folder)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    /// The tensors of case file `name`, after checking that it was written with this
    /// version of the weight formula.
    private func readCase(_ name: String) throws -> [String: Tensor] {
        let (tensors, metadata) = try SafeTensors.read(from: Self.caseFolder.appendingPathComponent(name))
        XCTAssertEqual(metadata["weights"], "formula v\(FormulaWeights.version)",
                       "\(name) was written for another weight formula: rerun the script with --write-fixture")
        return tensors
    }

    /// Fails unless `ours` has `expected`'s shape and every element is within 1e-4 of
    /// the expected output's scale (its largest magnitude).
    private func assertMatches(_ ours: Tensor, _ expected: Tensor?, _ what: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        guard let expected else { return XCTFail("\(what): no expected tensor", file: file, line: line) }
        XCTAssertEqual(ours.shape, expected.shape, what, file: file, line: line)
        guard ours.count == expected.count else { return }
        var worst: Float = 0
        var scale: Float = 0
        for i in 0..<expected.count {
            worst = max(worst, abs(ours.data[i] - expected.data[i]))
            scale = max(scale, abs(expected.data[i]))
        }
        XCTAssertGreaterThan(scale, 0, "\(what): expected output is all zeros", file: file, line: line)
        XCTAssertLessThan(worst, 1e-4 * scale, "\(what): max abs difference \(worst) (scale \(scale))",
                          file: file, line: line)
    }

    /// Values printed by scripts/check_network_parity.py's `formula_values` for these
    /// names and indices (Float bit patterns), so a formula difference shows here by name.
    func testFormulaMatchesTheScriptOnSampleElements() throws {
        XCTAssertEqual(FormulaWeights.nameHash("encoder.encoder.conv1.weight"), 0x652B_F7E4)
        let samples: [(name: String, shape: [Int], index: Int, bits: UInt32)] = [
            ("encoder.encoder.conv1.weight", [64, 3, 7, 7], 0, 0xBD95_F95C),
            ("encoder.encoder.conv1.weight", [64, 3, 7, 7], 1, 0x3DB2_81CE),
            ("encoder.encoder.conv1.weight", [64, 3, 7, 7], 9407, 0x3BED_1A47),
            ("encoder.encoder.bn1.running_var", [64], 5, 0x3F55_0391),
            ("encoder.encoder.bn1.weight", [64], 63, 0x3F72_F9B8),
            ("pose.net.3.bias", [12], 11, 0x3CFE_2960),
        ]
        for sample in samples {
            let values = try FormulaWeights.values(name: sample.name, shape: sample.shape)
            XCTAssertEqual(values.data[sample.index].bitPattern, sample.bits, "\(sample.name)[\(sample.index)]")
        }
    }

    private func assertDepthNetworkMatches(_ caseName: String, encoder: ResNetSettings,
                                           decoder: DepthDecoderSettings) throws {
        let file = try readCase(caseName)
        let net = try DepthNetwork(encoder: encoder, decoder: decoder, rng: RandomGenerator(seed: 0))
        try FormulaWeights.fill(net)
        let (_, out) = withoutGradients { net(file["input.images"]!) }
        for s in 0...3 { assertMatches(out.disparities[s]!, file["expected.disp\(s)"], "disparity \(s)") }
    }

    func testDepthNetworkResNet50Dec9() throws {
        try assertDepthNetworkMatches("depth_r50_dec9.safetensors", encoder: .paperDataSelection, decoder: .dec9)
    }

    /// The `paper` profile's depth network.
    func testDepthNetworkResNet101Dec6() throws {
        try assertDepthNetworkMatches("depth_r101_dec6.safetensors", encoder: .paper, decoder: .dec6)
    }

    func testSegmentationNetworkExperiment211Head() throws {
        let file = try readCase("segmentation_r50_dec9_211.safetensors")
        let net = try SegmentationNetwork(encoder: .paperDataSelection, depthDecoder: .dec9, head: .experiment211,
                                          rng: RandomGenerator(seed: 0))
        try FormulaWeights.fill(net)
        assertMatches(withoutGradients { net(file["input.images"]!) }, file["expected.logits"], "logits")
    }

    func testSegmentationNetworkResNet18Dec6Experiment210Head() throws {
        let file = try readCase("segmentation_r18_dec6_210.safetensors")
        let net = try SegmentationNetwork(encoder: ResNetSettings(depth: 18, dilateLastStage: false), depthDecoder: .dec6,
                                          head: .experiment210, rng: RandomGenerator(seed: 0))
        try FormulaWeights.fill(net)
        assertMatches(withoutGradients { net(file["input.images"]!) }, file["expected.logits"], "logits")
    }

    func testPoseNetwork() throws {
        let file = try readCase("pose_r18.safetensors")
        let net = try PoseNetwork(config: .paper, rng: RandomGenerator(seed: 0))
        try FormulaWeights.fill(net)
        let prediction = withoutGradients { net([file["input.images"]!, file["input.other"]!]) }
        assertMatches(prediction.axisAngle, file["expected.axisangle"], "axis-angle")
        assertMatches(prediction.translation, file["expected.translation"], "translation")
    }

    /// Experiment 212's multi-task network (the reference's PAD on ResNet-18 + dec6):
    /// disparities at four scales, final logits and the side output.
    func testMultiTaskPADNetworkExperiment212() throws {
        let file = try readCase("mtl_pad_r18_dec6_212.safetensors")
        let net = try MultiTaskNetwork(encoder: ResNetSettings(depth: 18, dilateLastStage: false), depthDecoder: .dec6,
                                       decoder: .experiment212, rng: RandomGenerator(seed: 0))
        try FormulaWeights.fill(net)
        let out = withoutGradients { net(file["input.images"]!) }
        assertMatches(out.semantics, file["expected.semantics"], "semantics")
        guard let side = out.intermediateSemantics else { return XCTFail("no side output") }
        assertMatches(side, file["expected.intermediate_semantics"], "intermediate semantics")
        for s in 0...3 { assertMatches(out.disparities[s]!, file["expected.disp\(s)"], "disparity \(s)") }
    }
}
