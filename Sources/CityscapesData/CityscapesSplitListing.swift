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
