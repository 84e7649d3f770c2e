import Dispatch
import Foundation
import ImageIO

/// Converts a real Cityscapes download to the working resolution, as the reference's
/// `prepare_cityscapes.py` does (train and val only; test is skipped), but writing
/// PNG instead of JPEG and converting the label, disparity and camera files as well.
///
/// Input (the official layout under `source`): leftImg8bit, leftImg8bit_sequence,
/// gtFine (`*_labelIds.png`, `*_color.png`; other gtFine files are not needed),
/// disparity and camera, each `{tree}/{split}/{city}/...`. Output: the same layout
/// under `destination`, every image `width` x `width / 2` pixels:
/// - camera images: Pillow's LANCZOS (antialiased) resampling;
/// - label ids and label colours: nearest neighbour (no mixed labels);
/// - disparity: nearest neighbour, and the values rescaled by sx = width / source
///   width, since disparity is in pixels: p' = round((p - 1) * sx) + 1 for p > 0, 0
///   (invalid) stays 0;
/// - camera JSON: fx and u0 scaled by sx, fy and v0 by sy = height / source height,
///   extrinsics (baseline included) unchanged, so depth = baseline * fx / d is kept.
/// Existing outputs are skipped, so an interrupted run resumes; files are written
/// under a temporary name and renamed, so a partial file never looks finished.
public struct CityscapesPreparation: Sendable {
    /// Which `leftImg8bit_sequence` frames to convert.
    public enum SequenceFrames: String, CaseIterable, Sendable {
        /// Every frame of every sequence (30 per sequence in Cityscapes), as the reference.
        case all
        /// Only frames -1, 0 and +1 around each labelled frame (what training reads).
        case neighbours
    }

    /// The kinds of file converted.
    public enum Kind: String, CaseIterable, Sendable {
        case image = "leftImg8bit"
        case sequenceImage = "leftImg8bit_sequence"
        case labelIds = "gtFine labelIds"
        case labelColor = "gtFine color"
        case disparity
        case camera
    }

    /// One file to convert.
    public struct Job: Equatable, Sendable {
        public var kind: Kind
        public var source: String
        public var destination: String
        /// For camera files: the labelled frame's source image (its size gives the scale).
        public var referenceImage: String?
    }

    /// What a run did.
    public struct Summary: Sendable {
        /// Per kind with any files: how many were written and how many already existed.
        public var counts: [(kind: Kind, written: Int, skipped: Int)]
        public var seconds: Double

        public var written: Int { counts.reduce(0) { $0 + $1.written } }
        public var skipped: Int { counts.reduce(0) { $0 + $1.skipped } }

        /// E.g. "wrote 120 files, skipped 0 existing (leftImg8bit 20, ...) in 1.2 s".
        public var description: String {
            let parts = counts.map { "\($0.kind.rawValue) \($0.written)+\($0.skipped)" }.joined(separator: ", ")
            return "wrote \(written) files, skipped \(skipped) existing (written+skipped: \(parts)) in "
                + String(format: "%.1f", seconds) + " s"
        }
    }

    public let source: CityscapesLayout
    public let destination: CityscapesLayout
    /// Output width in pixels.
    public let width: Int
    public let sequenceFrames: SequenceFrames

    /// Output height in pixels: half the width, Cityscapes' 2:1.
    public var height: Int { width / 2 }

    /// The splits converted.
    public static let splits: [CityscapesSplit] = [.train, .val]

    public init(source: String, destination: String, width: Int = 1024, sequenceFrames: SequenceFrames = .all) {
        self.source = CityscapesLayout(root: source)
        self.destination = CityscapesLayout(root: destination)
        self.width = width
        self.sequenceFrames = sequenceFrames
    }

    /// Every file to convert, in a fixed order (split, tree, city, name). Throws when
    /// the source has no train or val images or the destination is the source.
    public func plan() throws -> [Job] {
        guard width >= 2 && width <= 16384 else {
            throw CityscapesDataError.malformed(path: destination.root, reason: "width must be 2...16384 (got \(width))")
        }
        let resolvedSource = URL(fileURLWithPath: source.root).standardizedFileURL.path
        let resolvedDestination = URL(fileURLWithPath: destination.root).standardizedFileURL.path
        guard resolvedSource != resolvedDestination else {
            throw CityscapesDataError.unwritable(path: destination.root, reason: "the destination is the source folder")
        }
        var jobs: [Job] = []
        for split in Self.splits {
            let frames = source.frames(split: split)
            let labelled = Set(frames)
            for frame in frames {
                jobs.append(Job(kind: .image, source: source.leftImage(frame, split: split),
                                destination: destination.leftImage(frame, split: split)))
            }
            for file in CityscapesSplitListing(layout: source, tree: .leftImg8bitSequence, split: split).files {
                guard let name = CityscapesFileName(fileName: file.name, city: file.city, suffixes: ["leftImg8bit.png"])
                else { continue }
                if sequenceFrames == .neighbours {
                    let near = [-1, 0, 1].contains { k in name.frame.frame - k >= 0 && labelled.contains(name.frame.offset(by: -k)) }
                    guard near else { continue }
                }
                jobs.append(Job(kind: .sequenceImage, source: file.path,
                                destination: destination.sequenceImage(name.frame, split: split)))
            }
            let perFrame: [(CityscapesLayout.Tree, String, Kind)] = [
                (.gtFine, "gtFine_labelIds.png", .labelIds), (.gtFine, "gtFine_color.png", .labelColor),
                (.disparity, "disparity.png", .disparity), (.camera, "camera.json", .camera),
            ]
            for (tree, suffix, kind) in perFrame {
                for file in CityscapesSplitListing(layout: source, tree: tree, split: split).files {
                    guard let name = CityscapesFileName(fileName: file.name, city: file.city, suffixes: [suffix])
                    else { continue }
                    let target = "\(destination.directory(tree, split: split, city: file.city))/\(file.name)"
                    jobs.append(Job(kind: kind, source: file.path, destination: target,
                                    referenceImage: kind == .camera ? source.leftImage(name.frame, split: split) : nil))
                }
            }
        }
        guard jobs.contains(where: { $0.kind == .image }) else {
            throw CityscapesDataError.missing(path: source.directory(.leftImg8bit),
                                              reason: "no train or val images ({split}/{city}/*_leftImg8bit.png)")
        }
        return jobs
    }

    /// Converts every planned file whose output does not exist yet, on all cores.
    /// `progress(done, total)` counts converted and skipped files. On failure, the
    /// error of the first failing file (in plan order) is thrown; files already written
    /// stay, so running again resumes.
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Summary {
        let start = Date()
        let jobs = try plan()
        for folder in Set(jobs.map { ($0.destination as NSString).deletingLastPathComponent }).sorted() {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CityscapesDataError.unwritable(path: folder, reason: "cannot create the folder")
            }
        }
        let written = JobOutcomes(count: jobs.count)
        let failures = FirstFailure()
        let finished = Counter()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            guard !failures.canSkip(i) else { return }
            do {
                if !fileExists(jobs[i].destination) {
                    try convert(jobs[i])
                    written.mark(i)
                }
            } catch {
                failures.record(error, index: i)
            }
            progress?(finished.increment(), jobs.count)
        }
        try failures.rethrow()
        let counts = Kind.allCases.compactMap { kind -> (Kind, Int, Int)? in
            let indices = jobs.indices.filter { jobs[$0].kind == kind }
            guard !indices.isEmpty else { return nil }
            let n = indices.filter { written.isMarked($0) }.count
            return (kind, n, indices.count - n)
        }
        return Summary(counts: counts, seconds: Date().timeIntervalSince(start))
    }

    /// Converts one file.
    public func convert(_ job: Job) throws {
        switch job.kind {
        case .image, .sequenceImage:
            let image = try readPNG(job.source, kind: .rgb8, role: "camera image")
            try write(ImageResampler.resizedAntialiased(image, width: width, height: height), to: job.destination)
        case .labelIds:
            let labels = try readPNG(job.source, kind: .gray8, role: "label-id image")
            try write(ImageResampler.resizedNearest(labels, width: width, height: height), to: job.destination)
        case .labelColor:
            let colors = try readPNG(job.source, kind: .rgb8, role: "label colour image")
            try write(ImageResampler.resizedNearest(colors, width: width, height: height), to: job.destination)
        case .disparity:
            let disparity = try readPNG(job.source, kind: .gray16, role: "disparity image")
            let resized = ImageResampler.resizedNearest(disparity, width: width, height: height)
            let scale = Double(width) / Double(disparity.width)
            let values = resized.pixels16.map { Self.rescaledDisparity($0, scale: scale) }
            try write(PNGImage(width: width, height: height, gray16: values), to: job.destination)
        case .camera:
            var camera = try readCamera(job.source)
            guard let reference = job.referenceImage else {
                throw CityscapesDataError.missing(path: job.source, reason: "no image to take the original size from")
            }
            let size = try pngSize(reference)
            let sx = Double(width) / Double(size.width), sy = Double(height) / Double(size.height)
            camera.fx *= sx
            camera.u0 *= sx
            camera.fy *= sy
            camera.v0 *= sy
            let partial = job.destination + ".partial"
            do {
                try Foundation.Data(camera.jsonText.utf8).write(to: URL(fileURLWithPath: partial))
            } catch {
                throw CityscapesDataError.unwritable(path: job.destination, reason: "\(error.localizedDescription)")
            }
            try moveIntoPlace(partial, job.destination)
        }
    }

    /// A stored disparity value after resizing the image by `scale`:
    /// round((p - 1) * scale) + 1 for p > 0 (clamped to 65535), 0 for 0.
    public static func rescaledDisparity(_ p: UInt16, scale: Double) -> UInt16 {
        guard p > 0 else { return 0 }
        return UInt16(min(65535, (Double(p - 1) * scale).rounded() + 1))
    }

    /// Writes a PNG under a temporary name, then renames it to `path`.
    private func write(_ image: PNGImage, to path: String) throws {
        let partial = path + ".partial"
        do {
            try image.write(path: partial)
        } catch {
            throw CityscapesDataError.unwritable(path: path, reason: "\(error)")
        }
        try moveIntoPlace(partial, path)
    }

    private func moveIntoPlace(_ partial: String, _ path: String) throws {
        guard rename(partial, path) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw CityscapesDataError.unwritable(path: path, reason: "cannot rename the finished file into place")
        }
    }
}

/// Which jobs wrote a file, filled from many threads.
private final class JobOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var marks: [Bool]

    init(count: Int) {
        marks = Array(repeating: false, count: count)
    }

    func mark(_ index: Int) {
        lock.lock()
        marks[index] = true
        lock.unlock()
    }

    func isMarked(_ index: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return marks[index]
    }
}
