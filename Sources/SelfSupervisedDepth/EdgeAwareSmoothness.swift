import TensorEngine

/// Edge-aware smoothness of a disparity map: the mean absolute difference of
/// horizontally (and vertically) neighbouring disparities, each weighted by
/// exp(-|colour difference|) of the same neighbours (mean over channels), so
/// disparity may jump where the image has an edge. Horizontal and vertical means add.
public enum EdgeAwareSmoothness {
    /// Disparity [N, 1, H, W] (usually mean-normalised) and the image [N, C, H, W] at the
    /// same resolution (H, W >= 2) -> a scalar loss. Differentiable in the disparity.
    public static func loss(disparity: Tensor, image: Tensor) -> Tensor {
        let (h, w) = (disparity.shape[2], disparity.shape[3])
        precondition(image.rank == 4 && image.shape[0] == disparity.shape[0]
                     && image.shape[2] == h && image.shape[3] == w && h >= 2 && w >= 2,
                     "EdgeAwareSmoothness: disparity \(disparity.shape) with image \(image.shape)")
        func difference(_ t: Tensor, axis: Int, length: Int) -> Tensor {
            (t.slice(axis: axis, 0..<(length - 1)) - t.slice(axis: axis, 1..<length)).abs()
        }
        let dispX = difference(disparity, axis: 3, length: w)
        let dispY = difference(disparity, axis: 2, length: h)
        let imageX = difference(image, axis: 3, length: w).mean(axis: 1, keepDims: true)
        let imageY = difference(image, axis: 2, length: h).mean(axis: 1, keepDims: true)
        return (dispX * (-imageX).exp()).mean() + (dispY * (-imageY).exp()).mean()
    }
}
