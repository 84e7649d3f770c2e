/// Fixed facts of SynthCity's camera rig.
public enum SynthCityRig {
    /// Height of the camera centre above the road, metres.
    public static let cameraHeight = 1.22
    /// Stereo baseline written to camera files (Cityscapes' value), metres. Depth and
    /// disparity convert as depth = baseline * fx / disparity.
    public static let baseline = 0.209313
    /// The frames of every sequence relative to the labelled frame.
    public static let frameOffsets = [-1, 0, 1]
    /// Cityscapes' number of the labelled frame within its sequence (neighbours are
    /// 18 and 20).
    public static let labelledFrameNumber = 19
}
