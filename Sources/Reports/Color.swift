/// An RGB colour, 8 bits per channel.
public struct Color: Equatable, Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static let white = Color(255, 255, 255)
    public static let black = Color(0, 0, 0)
    public static let grey = Color(128, 128, 128)
    public static let lightGrey = Color(220, 220, 220)

    /// libgd's true-colour value (gdTrueColor, which Swift cannot import as a macro).
    var gd: Int32 { (Int32(r) << 16) | (Int32(g) << 8) | Int32(b) }
}
