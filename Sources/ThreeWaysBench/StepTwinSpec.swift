import Networks

/// The sizes benchmarks/torch_step.py builds its networks from: the small profile's
/// encoder, depth decoder, pose network and segmentation head at the row's width.
enum StepTwinSpec {
    static func spec(_ shape: StepShape) -> [String: Any] {
        let profile = NetworkSettings.small(widthMultiplier: shape.widthMultiplier)
        return [
            "steps": [shape.step],
            "batch": shape.batch, "height": shape.height, "width": shape.width, "classes": profile.segmentation.classes,
            "encoder": encoder(profile.encoder), "pose_encoder": encoder(profile.pose.encoder),
            "decoder": ["channels": profile.depthDecoder.channels, "batch_norm": profile.depthDecoder.batchNorm,
                        "aspp_rates": profile.depthDecoder.asppRates],
            "pose_channels": profile.pose.decoderChannels, "pose_frames": profile.pose.framesToPredict,
            "segmentation": ["layers": profile.segmentation.layers,
                             "projection_channels": profile.segmentation.layerOutputChannels,
                             "head_inter": profile.segmentation.headInter],
        ]
    }

    private static func encoder(_ c: ResNetSettings) -> [String: Any] {
        ["block": c.usesBottleneck ? "bottleneck" : "basic", "layers": c.blockCounts,
         "widths": [c.stemChannels] + c.stagePlanes, "dilate_last": c.dilateLastStage]
    }
}
