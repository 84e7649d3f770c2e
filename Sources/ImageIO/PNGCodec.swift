import CPNGShim

extension PNGImage {
    /// Reads the PNG at `path` in its own layout: grey files (with or without alpha)
    /// give `.gray8`, or `.gray16` when stored with 16 bits; all others (palette, RGB,
    /// RGBA, any bit depth) give `.rgb8`. Alpha and transparency are dropped; gamma
    /// and colour profiles are ignored, so samples are exactly those stored.
    public static func read(path: String) throws -> PNGImage {
        try decode(path: path, want: .TW_PNG_NATIVE)
    }

    /// Reads the PNG at `path` converted to `kind`, whatever its stored layout:
    /// colour becomes grey with libpng's default (Rec. 709) weights, grey is
    /// replicated to R = G = B, 8-bit samples widen to 16 bits as `v * 257`, and
    /// 16-bit samples narrow to 8 bits with rounding.
    public static func read(path: String, as kind: PixelKind) throws -> PNGImage {
        try decode(path: path, want: kind.shimFormat)
    }

    /// Writes the image to `path` as a non-interlaced PNG (8-bit RGB, 8-bit grey or
    /// 16-bit grey), replacing any existing file. On failure the partly written file
    /// is removed (so a file that was being replaced is gone as well).
    public func write(path: String) throws {
        var message = [CChar](repeating: 0, count: Self.messageCapacity)
        guard let w = UInt32(exactly: width), let h = UInt32(exactly: height) else {
            throw PNGError.unwritable(path: path, reason: "image of \(width)x\(height) is too large")
        }
        func encode(_ samples: UnsafeRawBufferPointer) -> tw_png_status {
            tw_png_write(path, w, h, kind.shimFormat, samples.baseAddress, &message, Self.messageCapacity)
        }
        let status = kind == .gray16 ? pixels16.withUnsafeBytes(encode) : pixels.withUnsafeBytes(encode)
        if status != .TW_PNG_OK {
            throw PNGError.unwritable(path: path, reason: String(cString: message))
        }
    }

    /// Room for the shim's error message.
    private static let messageCapacity = 512

    private static func decode(path: String, want: tw_png_format) throws -> PNGImage {
        var width: UInt32 = 0, height: UInt32 = 0
        var format = tw_png_format.TW_PNG_NATIVE
        var raw: UnsafeMutableRawPointer?
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = tw_png_read(path, want, &width, &height, &format, &raw, &message, messageCapacity)
        defer { tw_png_free(raw) }
        guard status == .TW_PNG_OK, let raw else {
            throw PNGError(status: status, path: path, message: String(cString: message))
        }
        let w = Int(width), h = Int(height)
        switch format {
        case .TW_PNG_RGB8: return PNGImage(width: w, height: h, rgb8: copy(raw, count: w * h * 3))
        case .TW_PNG_GRAY8: return PNGImage(width: w, height: h, gray8: copy(raw, count: w * h))
        case .TW_PNG_GRAY16: return PNGImage(width: w, height: h, gray16: copy(raw, count: w * h))
        case .TW_PNG_NATIVE: throw PNGError.unreadable(path: path, reason: "decoder chose no layout")
        }
    }

    /// Copies `count` samples out of a buffer the C shim allocated.
    private static func copy<Sample>(_ raw: UnsafeMutableRawPointer, count: Int) -> [Sample] {
        [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(start: raw, count: count * MemoryLayout<Sample>.stride))
            initialized = count
        }
    }
}

extension PixelKind {
    var shimFormat: tw_png_format {
        switch self {
        case .rgb8: return .TW_PNG_RGB8
        case .gray8: return .TW_PNG_GRAY8
        case .gray16: return .TW_PNG_GRAY16
        }
    }
}

extension PNGError {
    /// The error for a failed tw_png_read.
    init(status: tw_png_status, path: String, message: String) {
        switch status {
        case .TW_PNG_ERR_NOT_FOUND: self = .fileNotFound(path: path)
        case .TW_PNG_ERR_EMPTY: self = .emptyFile(path: path)
        case .TW_PNG_ERR_NOT_PNG: self = .notPNG(path: path)
        case .TW_PNG_ERR_TRUNCATED: self = .truncated(path: path)
        case .TW_PNG_ERR_CORRUPT: self = .corrupt(path: path, reason: message)
        case .TW_PNG_OK, .TW_PNG_ERR_OPEN, .TW_PNG_ERR_IO, .TW_PNG_ERR_MEMORY, .TW_PNG_ERR_ARGUMENT:
            self = .unreadable(path: path, reason: message)
        }
    }
}
