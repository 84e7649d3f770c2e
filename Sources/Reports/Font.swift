import CGD

/// libgd's built-in bitmap fonts (no font files needed).
public enum Font: Sendable {
    case tiny, small, mediumBold, large, giant

    var gd: gdFontPtr {
        switch self {
        case .tiny: return gdFontGetTiny()
        case .small: return gdFontGetSmall()
        case .mediumBold: return gdFontGetMediumBold()
        case .large: return gdFontGetLarge()
        case .giant: return gdFontGetGiant()
        }
    }

    /// Size of one character cell, pixels.
    public var characterWidth: Int { Int(gd.pointee.w) }
    public var characterHeight: Int { Int(gd.pointee.h) }

    /// Width of `text` in pixels.
    public func width(of text: String) -> Int { text.utf8.count * characterWidth }
}
