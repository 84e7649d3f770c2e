import TensorEngine

/// A relative camera motion per predicted frame, as the pose decoder outputs it.
public struct PosePrediction {
    /// Rotation as axis times angle (radians): [N, framesToPredict, 1, 3].
    public var axisAngle: Tensor
    /// Translation (in the scale of the predicted depth): [N, framesToPredict, 1, 3].
    public var translation: Tensor
}
