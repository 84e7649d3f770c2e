import CityscapesData
import Foundation
import ImageIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one rendered sequence into a Cityscapes-layout tree: the three frames in
/// leftImg8bit_sequence, frame 0 in leftImg8bit, its labelIds, colour labels,
/// disparity and camera file, and SynthCity's pose file.
struct SequenceWriter {
    let layout: CityscapesLayout
    let intrinsics: PinholeIntrinsics

    func write(_ sequence: SynthCitySequence) throws {
        let id = sequence.sample.frame
        let split = sequence.sample.split
        let w = sequence.width, h = sequence.height
        for (k, offset) in SynthCityRig.frameOffsets.enumerated() {
            try png(PNGImage(width: w, height: h, rgb8: sequence.images[k]),
                    layout.sequenceImage(id.offset(by: offset), split: split))
        }
        try png(PNGImage(width: w, height: h, rgb8: sequence.image(offset: 0)), layout.leftImage(id, split: split))
        try png(PNGImage(width: w, height: h, gray8: sequence.labelIds), layout.labelIds(id, split: split))
        try png(PNGImage(width: w, height: h, rgb8: colourLabels(sequence.labelIds)), layout.labelColor(id, split: split))
        let disparity = sequence.depth.map {
            CityscapesDisparity.encode(depth: Double($0), baseline: SynthCityRig.baseline, fx: intrinsics.fx)
        }
        try png(PNGImage(width: w, height: h, gray16: disparity), layout.disparity(id, split: split))
        try text(camera.jsonText, layout.camera(id, split: split))
        try text(Self.poseJSON(sequence.poses), layout.pose(id, split: split))
    }

    /// The camera file's contents: the images' intrinsics, Cityscapes' baseline, and the
    /// camera 1.22 m above the vehicle origin looking straight ahead (the per-frame
    /// poses are in the pose file).
    var camera: CityscapesCamera {
        CityscapesCamera(fx: intrinsics.fx, fy: intrinsics.fy, u0: intrinsics.cx, v0: intrinsics.cy,
                         baseline: SynthCityRig.baseline, x: 0, y: 0, z: SynthCityRig.cameraHeight,
                         yaw: 0, pitch: 0, roll: 0)
    }

    /// `{"convention": ..., "frames": {"-1": M, "0": M, "1": M}}` with each M a 4x4
    /// camera-to-world matrix written as four rows.
    static func poseJSON(_ poses: [CameraPose]) -> String {
        var lines = ["{", "    \"convention\": \"camera-to-world, x right, y down, z forward, metres\",",
                     "    \"frames\": {"]
        for (k, offset) in SynthCityRig.frameOffsets.enumerated() {
            let rows = poses[k].matrix.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }
            let comma = k + 1 < SynthCityRig.frameOffsets.count ? "," : ""
            lines.append("        \"\(offset)\": [\(rows.joined(separator: ", "))]\(comma)")
        }
        lines += ["    }", "}", ""]
        return lines.joined(separator: "\n")
    }

    private func colourLabels(_ labels: [UInt8]) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: labels.count * 3)
        let palette = CityscapesLabels.colorOfLabelId
        for (i, id) in labels.enumerated() {
            let c = palette[Int(id)]
            rgb[3 * i] = c.r
            rgb[3 * i + 1] = c.g
            rgb[3 * i + 2] = c.b
        }
        return rgb
    }

    private func png(_ image: PNGImage, _ path: String) throws {
        do {
            try image.write(path: path)
        } catch let error as PNGError {
            if case .unwritable(_, let reason) = error { throw SynthCityError.unwritable(path: path, reason: reason) }
            throw SynthCityError.unwritable(path: path, reason: "\(error)")
        }
    }

    private func text(_ contents: String, _ path: String) throws {
        try FileIO.write(contents, to: path)
    }
}

/// Small file helpers whose errors name the file and the system's reason.
enum FileIO {
    /// Writes `contents` (UTF-8) to `path`, replacing the file.
    static func write(_ contents: String, to path: String) throws {
        guard let file = fopen(path, "wb") else { throw failure(path) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let failedWrite = written != bytes.count
        let failedClose = fclose(file) != 0
        if failedWrite || failedClose { throw failure(path) }
    }

    /// Creates the folder `path` and any missing parents.
    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw SynthCityError.unwritable(path: path, reason: "it exists and is not a folder")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure(path) }
    }

    /// The error for a failed system call on `path`, with `errno`'s message.
    private static func failure(_ path: String) -> SynthCityError {
        .unwritable(path: path, reason: String(cString: strerror(errno)))
    }
}
