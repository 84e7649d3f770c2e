import Foundation
import ImageIO

/// Reads the PNG at `path` and insists on its layout; errors name the file.
func readPNG(_ path: String, kind: PixelKind, role: String) throws -> PNGImage {
    let image: PNGImage
    do {
        image = try PNGImage.read(path: path)
    } catch let error as PNGError {
        if case .fileNotFound = error { throw CityscapesDataError.missing(path: path, reason: "\(role) not found") }
        throw CityscapesDataError.unreadable(path: path, reason: CityscapesTreeChecker.reason(error))
    }
    guard image.kind == kind else {
        throw CityscapesDataError.malformed(
            path: path, reason: "\(role) must be \(CityscapesTreeChecker.name(kind)), "
                + "the file is \(CityscapesTreeChecker.name(image.kind))")
    }
    return image
}

/// Reads and parses the camera JSON at `path`; errors name the file.
func readCamera(_ path: String) throws -> CityscapesCamera {
    guard let data = FileManager.default.contents(atPath: path) else {
        if fileExists(path) { throw CityscapesDataError.unreadable(path: path, reason: "cannot open the file") }
        throw CityscapesDataError.missing(path: path, reason: "camera file not found")
    }
    do {
        return try CityscapesCamera(json: data)
    } catch let error as CityscapesCamera.FormatError {
        throw CityscapesDataError.malformed(path: path, reason: error.description)
    } catch {
        throw CityscapesDataError.malformed(path: path, reason: "not valid JSON")
    }
}

/// The JSON object at `path`; errors name the file.
func readJSONObject(_ path: String) throws -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CityscapesDataError.unreadable(path: path, reason: "cannot open the file")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CityscapesDataError.malformed(path: path, reason: "not a JSON object")
    }
    return object
}

/// Width and height of the PNG at `path`, from its header alone (no decoding).
func pngSize(_ path: String) throws -> (width: Int, height: Int) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        if fileExists(path) { throw CityscapesDataError.unreadable(path: path, reason: "cannot open the file") }
        throw CityscapesDataError.missing(path: path, reason: "image not found")
    }
    defer { try? handle.close() }
    let header = [UInt8](handle.readData(ofLength: 24))
    let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
    guard header.count == 24, Array(header[0..<8]) == signature, Array(header[12..<16]) == Array("IHDR".utf8) else {
        throw CityscapesDataError.unreadable(path: path, reason: "not a PNG file")
    }
    func bigEndian(_ at: Int) -> Int { header[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (bigEndian(16), bigEndian(20))
}
