/// Geometry of a 2-D convolution (or any sliding window) over one image plane.
public struct ConvGeometry: Equatable, Sendable {
    public var inHeight: Int, inWidth: Int
    public var kernelHeight: Int, kernelWidth: Int
    public var strideY: Int, strideX: Int
    public var padY: Int, padX: Int
    public var dilationY: Int, dilationX: Int

    public init(inHeight: Int, inWidth: Int, kernelHeight: Int, kernelWidth: Int,
                strideY: Int = 1, strideX: Int = 1, padY: Int = 0, padX: Int = 0,
                dilationY: Int = 1, dilationX: Int = 1) {
        self.inHeight = inHeight; self.inWidth = inWidth
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideY = strideY; self.strideX = strideX
        self.padY = padY; self.padX = padX
        self.dilationY = dilationY; self.dilationX = dilationX
    }

    /// Output rows: floor((H + 2p - d(k-1) - 1) / s) + 1.
    public var outHeight: Int { (inHeight + 2 * padY - dilationY * (kernelHeight - 1) - 1) / strideY + 1 }
    /// Output columns.
    public var outWidth: Int { (inWidth + 2 * padX - dilationX * (kernelWidth - 1) - 1) / strideX + 1 }
    /// Kernel taps per input channel.
    public var taps: Int { kernelHeight * kernelWidth }

    /// True for a 1x1, stride 1, unpadded window: the image plane is its own column matrix.
    public var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideY == 1 && strideX == 1 && padY == 0 && padX == 0
    }

    /// The output columns `ox` whose input column ox*s - p + kx*d lies inside [0, W).
    @inline(__always)
    func validColumns(kx: Int) -> Range<Int> {
        let offset = kx * dilationX - padX
        // smallest ox with ox*s + offset >= 0, and first ox with ox*s + offset >= W
        let lo = offset >= 0 ? 0 : (-offset + strideX - 1) / strideX
        let hiRaw = inWidth - offset <= 0 ? 0 : (inWidth - offset + strideX - 1) / strideX
        let hi = Swift.min(outWidth, hiRaw)
        return lo < hi ? lo..<hi : 0..<0
    }
}
