import Foundation

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
