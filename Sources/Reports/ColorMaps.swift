import CityscapesData

/// Colours for label maps and depth maps.
public enum ColorMaps {
    /// The Cityscapes palette colour of train id 0...18; black for the ignore index and
    /// anything else.
    public static func segmentation(trainId: UInt8) -> Color {
        Int(trainId) < palette.count ? palette[Int(trainId)] : .black
    }

    /// The 19 Cityscapes class colours in train-id order.
    public static let palette: [Color] = CityscapesLabels.evaluated.map { Color($0.color.r, $0.color.g, $0.color.b) }

    /// The 19 Cityscapes class names in train-id order.
    public static let classNames: [String] = CityscapesLabels.evaluated.map(\.name)

    /// A label map of train ids as interleaved RGB.
    public static func colorize(trainIds: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 3 * trainIds.count)
        for (i, id) in trainIds.enumerated() {
            let c = segmentation(trainId: id)
            out[3 * i] = c.r
            out[3 * i + 1] = c.g
            out[3 * i + 2] = c.b
        }
        return out
    }

    /// matplotlib's "magma" sampled at 17 evenly spaced points (0, 1/16, ..., 1).
    static let magmaAnchors: [(Double, Double, Double)] = [
        (0, 0, 4), (10, 8, 34), (29, 17, 71), (54, 16, 107), (81, 18, 124), (106, 28, 129),
        (131, 38, 129), (156, 46, 127), (183, 55, 121), (208, 65, 111), (231, 82, 99),
        (245, 107, 92), (252, 137, 97), (254, 167, 114), (254, 196, 136), (253, 226, 163),
        (252, 253, 191),
    ]

    /// The magma colour at t in [0, 1] (clamped), linearly interpolated between anchors.
    public static func magma(_ t: Double) -> Color {
        let x = min(max(t.isNaN ? 0 : t, 0), 1) * Double(magmaAnchors.count - 1)
        let i = min(Int(x), magmaAnchors.count - 2), f = x - Double(i)
        let a = magmaAnchors[i], b = magmaAnchors[i + 1]
        func mix(_ u: Double, _ v: Double) -> UInt8 { UInt8((u + (v - u) * f).rounded()) }
        return Color(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// A depth map (metres; 0 or non-finite = no value, drawn black) coloured as
    /// monodepth2 shows disparity: 1/depth normalised by its 95th percentile, magma.
    public static func colorize(depth: [Float]) -> [UInt8] {
        let disparity = depth.map { $0 > 0 && $0.isFinite ? 1 / $0 : 0 }
        let valid = disparity.filter { $0 > 0 }.sorted()
        let vmax = valid.isEmpty ? 1 : valid[min(valid.count - 1, Int(0.95 * Double(valid.count - 1)))]
        var out = [UInt8](repeating: 0, count: 3 * depth.count)
        for (i, d) in disparity.enumerated() where d > 0 {
            let c = magma(Double(d / vmax))
            out[3 * i] = c.r
            out[3 * i + 1] = c.g
            out[3 * i + 2] = c.b
        }
        return out
    }
}
