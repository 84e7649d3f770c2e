import CityscapesData
import Foundation

/// The labelled frames of one split of a Cityscapes-layout tree (SynthCity or a real
/// Cityscapes copy), found as `ROOT/leftImg8bit/{split}/{city}/*_leftImg8bit.png` and
/// sorted by (city, sequence, frame). Sample i of a split is always the same frame, so
/// subsets and selections can name samples by index or by file-name stem.
public struct SampleIndex: Sendable {
    /// The tree's file layout.
    public let layout: CityscapesLayout
    /// The split these samples come from.
    public let split: CityscapesSplit
    /// Frame ids of the labelled frames, sorted.
    public let frames: [CityscapesFrameID]

    /// Scans `root` for the labelled frames of `split`; throws when there are none.
    public init(root: String, split: CityscapesSplit) throws {
        layout = CityscapesLayout(root: root)
        self.split = split
        let folder = "\(layout.directory(.leftImg8bit))/\(split.rawValue)"
        let fm = FileManager.default
        var found: [CityscapesFrameID] = []
        let cities = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        for city in cities.sorted() {
            let files = (try? fm.contentsOfDirectory(atPath: "\(folder)/\(city)")) ?? []
            for file in files where file.hasSuffix("_leftImg8bit.png") {
                if let id = CityscapesFrameID(fileName: file) { found.append(id) }
            }
        }
        guard !found.isEmpty else { throw DataPipelineError.noSamples(folder: folder) }
        frames = found.sorted()
        positions = Dictionary(uniqueKeysWithValues: frames.enumerated().map { ($1, $0) })
    }

    /// Number of labelled frames.
    public var count: Int { frames.count }

    /// The sample's name: its file-name stem, e.g. "aachen_000000_000019".
    public func name(of index: Int) -> String { frames[index].stem }

    /// The index of the sample named by a stem, a file name or a path ending in one
    /// (e.g. "aachen/aachen_000000_000019_leftImg8bit.png"); nil when none matches.
    public func index(named name: String) -> Int? {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        guard let id = CityscapesFrameID(fileName: last) else { return nil }
        return positions[id]
    }

    private let positions: [CityscapesFrameID: Int]
}
