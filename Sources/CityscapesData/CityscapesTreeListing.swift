import Foundation

/// What is on disk in one top-level folder of a Cityscapes-layout tree, for one split:
/// its city folders and the files in each, sorted by name. Hidden entries (names
/// starting with ".") are ignored.
public struct CityscapesSplitListing: Sendable {
    /// A file of the listing, with the folder it lies in.
    public struct File: Sendable {
        /// City folder name.
        public var city: String
        /// File name (no folder).
        public var name: String
        /// Full path.
        public var path: String
    }

    /// Every file found in the city folders, sorted by city and then name.
    public var files: [File] = []
    /// Non-hidden files lying directly in the split folder (not in a city folder).
    public var strayFiles: [String] = []

    /// Lists ROOT/{tree}/{split}; an absent folder gives an empty listing.
    public init(layout: CityscapesLayout, tree: CityscapesLayout.Tree, split: CityscapesSplit) {
        let splitFolder = "\(layout.directory(tree))/\(split.rawValue)"
        for entry in directoryEntries(splitFolder) {
            let path = "\(splitFolder)/\(entry)"
            guard isDirectory(path) else {
                strayFiles.append(path)
                continue
            }
            for name in directoryEntries(path) where !isDirectory("\(path)/\(name)") {
                files.append(File(city: entry, name: name, path: "\(path)/\(name)"))
            }
        }
    }
}

/// Sorted, non-hidden names in `folder`; empty when it does not exist.
func directoryEntries(_ folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
}

/// Whether `path` exists and is a directory.
func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
}

/// Whether `path` exists (file or directory).
func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

extension CityscapesLayout {
    /// The splits that have a folder in ROOT/leftImg8bit, in train, val, test order.
    public var presentSplits: [CityscapesSplit] {
        CityscapesSplit.allCases.filter { isDirectory("\(directory(.leftImg8bit))/\($0.rawValue)") }
    }

    /// Whether ROOT/{tree} exists.
    public func hasTree(_ tree: Tree) -> Bool { isDirectory(directory(tree)) }

    /// The labelled frames of `split`: every well-named `*_leftImg8bit.png` in
    /// ROOT/leftImg8bit/{split}/{city}, sorted.
    public func frames(split: CityscapesSplit) -> [CityscapesFrameID] {
        CityscapesSplitListing(layout: self, tree: .leftImg8bit, split: split).files.compactMap {
            CityscapesFileName(fileName: $0.name, city: $0.city, suffixes: ["leftImg8bit.png"])?.frame
        }.sorted()
    }
}

/// A parsed Cityscapes file name: `{city}_{seq:06d}_{frame:06d}_{suffix}`.
public struct CityscapesFileName: Equatable, Sendable {
    /// The frame the file belongs to.
    public var frame: CityscapesFrameID
    /// What follows the stem and its underscore, e.g. "gtFine_labelIds.png".
    public var suffix: String

    /// Parses `fileName` found in the folder of `city`; nil unless the name starts with
    /// that city, has six-digit sequence and frame numbers and ends with one of
    /// `suffixes`.
    public init?(fileName: String, city: String, suffixes: [String]) {
        guard let frame = CityscapesFrameID(fileName: fileName), frame.city == city else { return nil }
        let rest = fileName.dropFirst(frame.stem.count)
        guard rest.hasPrefix("_") else { return nil }
        let suffix = String(rest.dropFirst())
        guard suffixes.contains(suffix) else { return nil }
        self.frame = frame
        self.suffix = suffix
    }
}
