import Foundation
import XCTest
import EngineTestSupport
import TensorEngine
@testable import Networks

/// The multi-task (PAD) network of experiment 212: shapes, state names, parameter
/// groups, initialisation from depth pretraining and gradient flow.
final class MultiTaskNetworkTests: XCTestCase {
    private let profile = NetworkSettings.small(widthMultiplier: 0.125)

    private func network(_ config: MultiTaskDecoderSettings = .experiment212, seed: UInt64 = 1) throws -> MultiTaskNetwork {
        try MultiTaskNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder, decoder: config,
                             rng: RandomGenerator(seed: seed))
    }

    private func images(_ n: Int, _ h: Int, _ w: Int, seed: UInt64 = 3) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([n, 3, h, w], 0, 1, rng: &rng)
    }

    func testOutputShapes() throws {
        let net = try network()
        net.eval()
        for (h, w) in [(32, 64), (64, 64)] {
            let out = withoutGradients { net(images(2, h, w)) }
            XCTAssertEqual(out.semantics.shape, [2, 19, h, w])
            XCTAssertEqual(out.intermediateSemantics?.shape, [2, 19, h / 4, w / 4])
            for s in 0...3 { XCTAssertEqual(out.disparities[s]?.shape, [2, 1, h >> s, w >> s], "scale \(s)") }
            XCTAssertEqual(Set(out.disparities.keys), [0, 1, 2, 3])
        }
        let other = try network(MultiTaskDecoderSettings(distillationLayer: 6, finalLayer: 8, sideOutput: false))
        other.eval()
        let out = withoutGradients { other(images(1, 32, 64)) }
        XCTAssertNil(out.intermediateSemantics)
        XCTAssertEqual(out.semantics.shape, [1, 19, 16, 32])
    }

    func testInvalidLayersAreRejected() {
        XCTAssertThrowsError(try network(MultiTaskDecoderSettings(distillationLayer: 9)))
        XCTAssertThrowsError(try network(MultiTaskDecoderSettings(distillationLayer: 4)))
        XCTAssertThrowsError(try network(MultiTaskDecoderSettings(distillationLayer: 7, finalLayer: 7)))
    }

    /// The reference's names: both decoders carry the depth decoder's full state
    /// (disparity heads included), then the attention blocks and the two heads.
    func testStateNamesFollowTheReference() throws {
        let net = try network()
        let state = net.stateDict()
        let depthKeys = Set(state.keys.filter { $0.hasPrefix("mtl_decoder.depth_dec.") }
            .map { String($0.dropFirst("mtl_decoder.depth_dec.".count)) })
        let segKeys = Set(state.keys.filter { $0.hasPrefix("mtl_decoder.seg_dec.") }
            .map { String($0.dropFirst("mtl_decoder.seg_dec.".count)) })
        XCTAssertEqual(depthKeys, segKeys)
        XCTAssertEqual(depthKeys, Set(try DepthDecoder(config: profile.depthDecoder,
                                                          encoderChannels: profile.encoder.featureChannels,
                                                          rng: RandomGenerator(seed: 0)).stateDict().keys))
        let ch = profile.depthDecoder.channels[2]
        let heads: [String: [Int]] = [
            "mtl_decoder.sa_depth.conv.weight": [ch, ch, 3, 3], "mtl_decoder.sa_depth.attention.weight": [ch, ch, 3, 3],
            "mtl_decoder.sa_seg.conv.weight": [ch, ch, 3, 3], "mtl_decoder.sa_seg.attention.weight": [ch, ch, 3, 3],
            "mtl_decoder.seg_intermediate_head.0.weight": [19, ch, 1, 1], "mtl_decoder.seg_intermediate_head.0.bias": [19],
            "mtl_decoder.seg_final_head.0.weight": [19, profile.depthDecoder.channels[0], 1, 1],
            "mtl_decoder.seg_final_head.0.bias": [19],
        ]
        for (name, shape) in heads { XCTAssertEqual(state[name]?.shape, shape, name) }
        let others = state.keys.filter { !$0.hasPrefix("encoder.") && !$0.hasPrefix("mtl_decoder.depth_dec.")
            && !$0.hasPrefix("mtl_decoder.seg_dec.") }
        XCTAssertEqual(Set(others), Set(heads.keys))
        // The attention convolutions start switched off (gate 1/2).
        XCTAssertEqual(net.mtlDecoder.saDepth.attention.weight.scalars.allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(net.mtlDecoder.saSeg.attention.weight.scalars.allSatisfy { $0 == 0 }, true)
    }

    /// Backbone + decoder groups hold every parameter exactly once; the reference's
    /// depth group is the depth decoder and sa_seg.
    func testParameterGroupsPartitionTheParameters() throws {
        let net = try network()
        let ids = (net.backboneParameters + net.decoderParameters).map(ObjectIdentifier.init)
        XCTAssertEqual(ids.count, Set(ids).count)
        XCTAssertEqual(Set(ids), Set(net.parameters().map(ObjectIdentifier.init)))
        let depth = Set(net.mtlDecoder.depthParameters.map(ObjectIdentifier.init))
        XCTAssertTrue(depth.contains(ObjectIdentifier(net.mtlDecoder.saSeg.conv.weight)))
        XCTAssertFalse(depth.contains(ObjectIdentifier(net.mtlDecoder.saDepth.conv.weight)))
        XCTAssertEqual(depth.count + net.mtlDecoder.segmentationParameters.count, net.decoderParameters.count)
    }

    /// Both task decoders and the encoder come from the depth network; heads keep their
    /// values; a mismatching state changes nothing.
    func testLoadDepthPretrainingFillsBothDecoders() throws {
        let depth = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 9))
        let net = try network()
        let headBefore = net.mtlDecoder.segFinalHead.stateDict()
        try net.loadDepthPretraining(depth.stateDict())
        let source = depth.stateDict()
        for (name, tensor) in net.stateDict() {
            if name.hasPrefix("encoder.") {
                XCTAssertEqual(tensor.scalars, source[name]!.scalars, name)
            } else if let range = name.range(of: #"^mtl_decoder\.(depth|seg)_dec\."#, options: .regularExpression) {
                XCTAssertEqual(tensor.scalars, source["depth." + name[range.upperBound...]]!.scalars, name)
            }
        }
        for (name, tensor) in net.mtlDecoder.segFinalHead.stateDict() {
            XCTAssertEqual(tensor.scalars, headBefore[name]!.scalars)
        }
        let before = net.stateDict().mapValues(\.scalars)
        var broken = source
        broken["depth.decoder.14.conv.bias"] = Tensor.zeros([3])
        XCTAssertThrowsError(try net.loadDepthPretraining(broken))
        broken = source
        broken.removeValue(forKey: "encoder.encoder.conv1.weight")
        XCTAssertThrowsError(try net.loadDepthPretraining(broken))
        XCTAssertEqual(net.stateDict().mapValues(\.scalars), before)
    }

    /// A joint loss (segmentation on both outputs, all four disparities) reaches every
    /// parameter except the segmentation decoder's disparity heads, which the reference
    /// never evaluates either.
    func testEveryParameterReceivesAGradientFromTheJointLoss() throws {
        let net = try network()
        let x = images(2, 32, 64)
        var rng = RandomGenerator(seed: 5)
        let labels = Tensor((0..<(2 * 32 * 64)).map { _ in Float(rng.nextInt(below: 19)) }, shape: [2, 32, 64])
        let out = net(x)
        let side = out.intermediateSemantics!.resize(height: 32, width: 64, mode: .bilinear, alignCorners: true)
        var loss = crossEntropy(logits: out.semantics, target: labels) + crossEntropy(logits: side, target: labels)
        for s in 0...3 { loss = loss + out.disparities[s]!.mean() }
        loss.backward()
        let unused = Set(net.mtlDecoder.segDec.dispConvs.flatMap { $0.parameters() }.map(ObjectIdentifier.init))
        for (name, p) in net.namedParameters() {
            if unused.contains(ObjectIdentifier(p)) {
                XCTAssertTrue(p.grad == nil || p.grad!.scalars.allSatisfy { $0 == 0 }, "\(name) should get no gradient")
                continue
            }
            guard let g = p.grad else { XCTFail("\(name): no gradient"); continue }
            XCTAssertTrue(g.scalars.contains { $0 != 0 }, "\(name): zero gradient")
            XCTAssertTrue(g.scalars.allSatisfy(\.isFinite), "\(name): non-finite gradient")
        }
    }

    /// The self-attention block's gradients (input, both kernels) against finite differences.
    func testSelfAttentionGradientMatchesFiniteDifferences() throws {
        let block = SelfAttention(inputChannels: 2, outputChannels: 3)
        block.initializeParameters(using: RandomGenerator(seed: 4))
        var rng = RandomGenerator(seed: 6)
        block.attention.weight.assign(Tensor.uniform([3, 2, 3, 3], -0.8, 0.8, rng: &rng))
        let x = randomTensor([2, 2, 4, 5], seed: 8)
        assertGradientsMatch([x, block.conv.weight, block.attention.weight], eps: 1e-2, maxProbes: 30) { inputs in
            _ = inputs
            return block(x)
        }
        // The gate: conv(x) * sigmoid(attention(x)) element by element.
        let y = withoutGradients { block(x) }
        let conv = withoutGradients { block.conv(x) }, gate = withoutGradients { block.attention(x) }
        for i in 0..<y.count {
            XCTAssertEqual(y.data[i], conv.data[i] / (1 + Foundation.exp(-gate.data[i])), accuracy: 1e-5)
        }
    }
}
