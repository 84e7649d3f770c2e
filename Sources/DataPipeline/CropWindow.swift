/// A window of an image in pixels: columns x0..<x0+width, rows y0..<y0+height.
public struct CropWindow: Equatable, Sendable {
    public var x0: Int
    public var y0: Int
    public var width: Int
    public var height: Int

    public init(x0: Int, y0: Int, width: Int, height: Int) {
        self.x0 = x0
        self.y0 = y0
        self.width = width
        self.height = height
    }

    /// The whole of a `width` x `height` image.
    public static func full(width: Int, height: Int) -> CropWindow {
        CropWindow(x0: 0, y0: 0, width: width, height: height)
    }
}
