import Dispatch
import Foundation
import ImageIO

/// Validates a Cityscapes-layout tree (a real Cityscapes copy, a prepared one, or
/// SynthCity) and lists everything wrong with it.
///
/// For every split with a folder in ROOT/leftImg8bit, each labelled frame
/// (`*_leftImg8bit.png`) must have:
/// - its `*_gtFine_labelIds.png`: 8-bit grey, only ids 0...33 of the official table;
/// - its `*_gtFine_color.png` (8-bit RGB) when the tree has any colour label file;
/// - frames -1 and +1 in ROOT/leftImg8bit_sequence, when that folder exists;
/// - `*_disparity.png` (16-bit grey) and `*_camera.json` (Cityscapes' camera JSON with
///   positive fx, fy and baseline), when ROOT/disparity and ROOT/camera exist;
/// and all of these images must be readable and as large as the leftImg8bit image.
/// Every file in a city folder must follow the naming pattern of its folder, and
/// label, disparity, camera and pose files must belong to a labelled frame.
///
/// Samples are checked on all cores; the report does not depend on the thread count.
public struct CityscapesTreeChecker: Sendable {
    public let layout: CityscapesLayout

    public init(root: String) {
        layout = CityscapesLayout(root: root)
    }

    /// File-name suffixes allowed in each top-level folder (gtFine also holds
    /// Cityscapes' instance, train-id and polygon files, which are not checked further).
    static func allowedSuffixes(_ tree: CityscapesLayout.Tree) -> [String] {
        switch tree {
        case .leftImg8bit, .leftImg8bitSequence: return ["leftImg8bit.png"]
        case .gtFine:
            return ["gtFine_labelIds.png", "gtFine_color.png", "gtFine_instanceIds.png",
                    "gtFine_labelTrainIds.png", "gtFine_polygons.json"]
        case .disparity: return ["disparity.png"]
        case .camera: return ["camera.json"]
        case .synthcity: return ["pose.json"]
        }
    }

    /// Which per-sample files the tree is expected to have.
    struct Expectations: Sendable {
        var labels: Bool
        var colors: Bool
        var sequence: Bool
        var disparity: Bool
        var camera: Bool
    }

    /// Checks the tree. `progress(done, total)` is called (from any thread) as labelled
    /// frames are finished.
    public func check(progress: (@Sendable (Int, Int) -> Void)? = nil) -> CityscapesTreeReport {
        var problems: [CityscapesTreeProblem] = []
        guard layout.hasTree(.leftImg8bit) else {
            problems.append(.init(.missingFile, path: layout.directory(.leftImg8bit),
                                  "no leftImg8bit folder: not a Cityscapes-layout tree"))
            return CityscapesTreeReport(samplesPerSplit: [], problems: problems)
        }
        if !layout.hasTree(.gtFine) {
            problems.append(.init(.missingFile, path: layout.directory(.gtFine),
                                  "no gtFine folder: every labelled frame needs its labelIds image"))
        }
        let splits = layout.presentSplits
        var samples: [(split: CityscapesSplit, frame: CityscapesFrameID)] = []
        var counts: [(split: CityscapesSplit, samples: Int)] = []
        var hasColors = false
        for split in splits {
            let frames = scanNames(split: split, problems: &problems, hasColors: &hasColors)
            counts.append((split, frames.count))
            samples += frames.map { (split, $0) }
        }
        let expect = Expectations(labels: layout.hasTree(.gtFine), colors: hasColors,
                                  sequence: layout.hasTree(.leftImg8bitSequence),
                                  disparity: layout.hasTree(.disparity), camera: layout.hasTree(.camera))

        let results = SampleResults(count: samples.count)
        DispatchQueue.concurrentPerform(iterations: samples.count) { i in
            let found = checkSample(samples[i].frame, split: samples[i].split, expect: expect)
            let done = results.store(found, at: i)
            progress?(done, samples.count)
        }
        problems += results.all
        return CityscapesTreeReport(samplesPerSplit: counts, problems: problems.sorted())
    }

    /// Lists every folder of `split`, reporting misnamed, stray and orphan files; returns
    /// the labelled frames (from leftImg8bit) in order.
    func scanNames(split: CityscapesSplit, problems: inout [CityscapesTreeProblem],
                   hasColors: inout Bool) -> [CityscapesFrameID] {
        var frames: [CityscapesFrameID] = []
        var frameSet = Set<CityscapesFrameID>()
        for tree in CityscapesLayout.Tree.allCases where layout.hasTree(tree) {
            let listing = CityscapesSplitListing(layout: layout, tree: tree, split: split)
            for path in listing.strayFiles {
                problems.append(.init(.misnamedFile, path: path, "lies outside a city folder"))
            }
            let suffixes = Self.allowedSuffixes(tree)
            for file in listing.files {
                guard let name = CityscapesFileName(fileName: file.name, city: file.city, suffixes: suffixes) else {
                    problems.append(.init(.misnamedFile, path: file.path,
                                          "expected {city}_{sequence:06d}_{frame:06d}_{\(suffixes.joined(separator: "|"))} "
                                          + "with city '\(file.city)'"))
                    continue
                }
                switch tree {
                case .leftImg8bit:
                    frames.append(name.frame)
                    frameSet.insert(name.frame)
                case .leftImg8bitSequence:
                    break
                case .gtFine, .disparity, .camera, .synthcity:
                    if name.suffix == "gtFine_color.png" { hasColors = true }
                    if !frameSet.contains(name.frame) {
                        problems.append(.init(.orphanFile, path: file.path,
                                              "no leftImg8bit image \(layout.leftImage(name.frame, split: split))"))
                    }
                }
            }
        }
        return frames.sorted()
    }

    /// Every problem of one labelled frame.
    func checkSample(_ frame: CityscapesFrameID, split: CityscapesSplit,
                     expect: Expectations) -> [CityscapesTreeProblem] {
        var problems: [CityscapesTreeProblem] = []
        let owner = "needed by labelled frame \(frame.stem) (\(split.rawValue))"
        let left = readImage(layout.leftImage(frame, split: split), kind: .rgb8, role: "camera image",
                             owner: owner, problems: &problems)
        func checkSize(_ image: PNGImage, _ path: String) {
            guard let left, image.width != left.width || image.height != left.height else { return }
            problems.append(.init(.sizeMismatch, path: path,
                                  "is \(image.width)x\(image.height) but its leftImg8bit image is \(left.width)x\(left.height)"))
        }
        func checkImage(_ path: String, kind: PixelKind, role: String) -> PNGImage? {
            guard let image = readImage(path, kind: kind, role: role, owner: owner, problems: &problems) else { return nil }
            checkSize(image, path)
            return image
        }
        if expect.labels {
            let path = layout.labelIds(frame, split: split)
            if let labels = checkImage(path, kind: .gray8, role: "label ids") {
                if let problem = Self.unknownLabelIds(labels, path: path) { problems.append(problem) }
            }
        }
        if expect.colors {
            _ = checkImage(layout.labelColor(frame, split: split), kind: .rgb8, role: "label colours")
        }
        if expect.sequence {
            for k in [-1, 1] where frame.frame + k >= 0 {
                _ = checkImage(layout.sequenceImage(frame.offset(by: k), split: split), kind: .rgb8,
                               role: "sequence frame \(k > 0 ? "+" : "")\(k)")
            }
        }
        if expect.disparity {
            _ = checkImage(layout.disparity(frame, split: split), kind: .gray16, role: "disparity")
        }
        if expect.camera {
            if let problem = Self.cameraProblem(layout.camera(frame, split: split), owner: owner) {
                problems.append(problem)
            }
        }
        return problems
    }

    /// Reads a PNG of the expected kind, recording why it cannot be used.
    func readImage(_ path: String, kind: PixelKind, role: String, owner: String,
                   problems: inout [CityscapesTreeProblem]) -> PNGImage? {
        let image: PNGImage
        do {
            image = try PNGImage.read(path: path)
        } catch let error as PNGError {
            if case .fileNotFound = error {
                problems.append(.init(.missingFile, path: path, owner))
            } else {
                problems.append(.init(.unreadablePNG, path: path, Self.reason(error)))
            }
            return nil
        } catch {
            problems.append(.init(.unreadablePNG, path: path, "\(error)"))
            return nil
        }
        guard image.kind == kind else {
            problems.append(.init(.wrongPixelKind, path: path,
                                  "is \(Self.name(image.kind)), \(role) must be \(Self.name(kind))"))
            return nil
        }
        return image
    }

    /// The problem of a label-id image holding ids outside 0...33, or nil.
    static func unknownLabelIds(_ labels: PNGImage, path: String) -> CityscapesTreeProblem? {
        var histogram = [Int](repeating: 0, count: 256)
        labels.pixels.withUnsafeBufferPointer { ids in
            for id in ids { histogram[Int(id)] += 1 }
        }
        let maxId = CityscapesLabels.all.map(\.id).max()!
        let unknown = (maxId + 1..<256).filter { histogram[$0] > 0 }
        guard !unknown.isEmpty else { return nil }
        let listed = unknown.prefix(8).map { "\($0) (\(histogram[$0]) px)" }.joined(separator: ", ")
        return CityscapesTreeProblem(.unknownLabelId, path: path,
                                     "label ids outside the official table 0...\(maxId): \(listed)"
                                     + (unknown.count > 8 ? " and \(unknown.count - 8) more" : ""))
    }

    /// The problem of a camera file, or nil when it parses with usable values.
    static func cameraProblem(_ path: String, owner: String) -> CityscapesTreeProblem? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return fileExists(path) ? .init(.malformedCamera, path: path, "cannot be read")
                                    : .init(.missingFile, path: path, owner)
        }
        let camera: CityscapesCamera
        do {
            camera = try CityscapesCamera(json: data)
        } catch let error as CityscapesCamera.FormatError {
            return .init(.malformedCamera, path: path, error.description)
        } catch {
            return .init(.malformedCamera, path: path, "not valid JSON")
        }
        let values = [camera.fx, camera.fy, camera.u0, camera.v0, camera.baseline]
        guard values.allSatisfy(\.isFinite), camera.fx > 0, camera.fy > 0, camera.baseline > 0 else {
            return .init(.malformedCamera, path: path,
                         "fx, fy and baseline must be positive (fx \(camera.fx), fy \(camera.fy), baseline \(camera.baseline))")
        }
        return nil
    }

    /// Why a PNG could not be read, without its path.
    static func reason(_ error: PNGError) -> String {
        switch error {
        case .fileNotFound: return "file not found"
        case .emptyFile: return "the file is empty"
        case .notPNG: return "not a PNG file"
        case .truncated: return "file is truncated"
        case .corrupt(_, let reason): return "corrupt file (\(reason))"
        case .unreadable(_, let reason), .unwritable(_, let reason): return reason
        }
    }

    /// "8-bit RGB", "8-bit grey", "16-bit grey".
    static func name(_ kind: PixelKind) -> String {
        switch kind {
        case .rgb8: return "8-bit RGB"
        case .gray8: return "8-bit grey"
        case .gray16: return "16-bit grey"
        }
    }
}

/// Per-sample problem lists filled from many threads.
private final class SampleResults: @unchecked Sendable {
    private var lists: [[CityscapesTreeProblem]]
    private var done = 0
    private let lock = NSLock()

    init(count: Int) {
        lists = Array(repeating: [], count: count)
    }

    /// Stores sample `index`'s problems; returns how many samples are done.
    func store(_ problems: [CityscapesTreeProblem], at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        lists[index] = problems
        done += 1
        return done
    }

    var all: [CityscapesTreeProblem] { lists.flatMap { $0 } }
}
