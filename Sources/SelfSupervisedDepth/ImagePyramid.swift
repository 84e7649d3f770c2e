import TensorEngine

/// The colour pyramid the smoothness term compares disparities against: level s is the
/// image at 1 / 2^s of the full resolution, [N, C, H >> s, W >> s].
public enum ImagePyramid {
    /// Levels 0 ..< count of `image` [N, C, H, W]; each level is the 2x2 box average of
    /// the one above (an antialiased halving; the reference uses PIL's antialiasing
    /// resize, chained the same way). Level 0 is `image` itself.
    public static func build(_ image: Tensor, levels count: Int) -> [Tensor] {
        var levels = [image]
        while levels.count < count {
            levels.append(levels[levels.count - 1].avgPool2d(kernelSize: 2, stride: 2))
        }
        return levels
    }
}
