/// The standard monocular depth errors (Eigen et al.; monodepth2's `compute_errors`).
///
/// Over the valid pixels of an image, with ground truth g and prediction p in metres:
/// abs_rel = mean(|g - p| / g), sq_rel = mean((g - p)^2 / g), rmse = sqrt(mean((g - p)^2))
/// in metres, rmse_log = sqrt(mean((ln g - ln p)^2)), and a1, a2, a3 = the fraction of
/// pixels with max(g / p, p / g) below 1.25, 1.25^2, 1.25^3.
public struct DepthErrors: Codable, Equatable, Sendable {
    public var absRel: Double
    public var sqRel: Double
    /// Metres.
    public var rmse: Double
    public var rmseLog: Double
    public var a1: Double
    public var a2: Double
    public var a3: Double

    public init(absRel: Double, sqRel: Double, rmse: Double, rmseLog: Double,
                a1: Double, a2: Double, a3: Double) {
        self.absRel = absRel
        self.sqRel = sqRel
        self.rmse = rmse
        self.rmseLog = rmseLog
        self.a1 = a1
        self.a2 = a2
        self.a3 = a3
    }

    /// The errors in the usual column order: abs_rel, sq_rel, rmse, rmse_log, a1, a2, a3.
    public var columns: [Double] { [absRel, sqRel, rmse, rmseLog, a1, a2, a3] }

    /// Column names matching `columns`.
    public static let columnNames = ["abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"]

    /// The element-wise mean of per-image errors (monodepth2 averages images, not
    /// pixels); nil for an empty list.
    public static func mean(_ images: [DepthErrors]) -> DepthErrors? {
        guard !images.isEmpty else { return nil }
        var sums = [Double](repeating: 0, count: 7)
        for image in images {
            for (k, value) in image.columns.enumerated() { sums[k] += value }
        }
        let m = sums.map { $0 / Double(images.count) }
        return DepthErrors(absRel: m[0], sqRel: m[1], rmse: m[2], rmseLog: m[3], a1: m[4], a2: m[5], a3: m[6])
    }
}
