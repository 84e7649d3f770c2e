import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One subset chosen by a data-selection job, as `FOLDER/n{size}.json`: the sample
/// names (file stems of the training images) in selection order with what produced them.
///
/// ```json
/// {"configHash": "...", "datasetHash": "...", "method": "ds_us", "names": ["..."],
///  "profile": "quick", "scheduleSizes": [8, 17, 34, 67, 125, 250], "seed": 42, "size": 8}
/// ```
/// The names load as a fixed labelled subset (`LabelledSubset.named`).
public struct SelectionFile: Codable, Equatable, Sendable {
    public var method: String
    public var seed: UInt64
    public var profile: String
    /// The selection job's configuration hash (`SelectionJob.configurationHash`).
    public var configHash: String
    public var datasetHash: String
    public var size: Int
    /// The label schedule the selection followed (its sizes).
    public var scheduleSizes: [Int]
    /// Sample names in selection order; `names.count == size`.
    public var names: [String]

    public init(method: String, seed: UInt64, profile: String, configHash: String, datasetHash: String,
                scheduleSizes: [Int], names: [String]) {
        self.method = method
        self.seed = seed
        self.profile = profile
        self.configHash = configHash
        self.datasetHash = datasetHash
        self.size = names.count
        self.scheduleSizes = scheduleSizes
        self.names = names
    }

    /// Writes the file atomically (a temporary file renamed into place), so a reader
    /// never sees half a selection.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temporary = path + ".partial"
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw ExperimentError.invalidFile(path: path, reason: "cannot write the selection: \(error)")
        }
        guard rename(temporary, path) == 0 else {
            throw ExperimentError.invalidFile(path: path, reason: "cannot move the selection into place: "
                                              + String(cString: strerror(errno)))
        }
    }

    /// Reads a selection file; throws naming the file when it is missing or malformed
    /// (a size that disagrees with the names counts as malformed).
    public static func read(_ path: String) throws -> SelectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExperimentError.missingFile(path: path, what: "selection file")
        }
        let file: SelectionFile
        do {
            file = try JSONDecoder().decode(SelectionFile.self, from: data)
        } catch {
            throw ExperimentError.invalidFile(path: path, reason: "not a selection file: \(error)")
        }
        guard file.size == file.names.count, Set(file.names).count == file.names.count else {
            throw ExperimentError.invalidFile(path: path, reason: "size \(file.size) with \(file.names.count) names "
                                              + "(\(Set(file.names).count) distinct)")
        }
        return file
    }
}
