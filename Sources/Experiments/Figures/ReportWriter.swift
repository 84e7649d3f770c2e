import Foundation
import Reports
import ResultsStore
import Training

/// Writes a profile's report: figure sheets first, then report.md and report.html
/// embedding them.
public struct ReportWriter {
    public let store: ResultsStore
    public let registry: ExperimentRegistry
    /// The dataset the runs used; nil draws no figure sheets (tables and statistical
    /// figures only, e.g. from a committed store without its tree).
    public let dataRoot: String?

    public init(store: ResultsStore, registry: ExperimentRegistry, dataRoot: String?) {
        self.store = store
        self.registry = registry
        self.dataRoot = dataRoot
    }

    /// Returns the files written.
    @discardableResult
    public func write(profile: Profile, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [String] = []
        if let dataRoot {
            let sheets = FigureSheets(store: store, dataRoot: dataRoot)
            let depthDefinition = try? registry.depthPretraining()
            let depthRun = try depthDefinition.flatMap { try sheets.representativeRuns(of: $0, profile: profile).first }
            for experiment in registry.experimentIds {
                let definition = try registry.definition(experiment)
                if let path = try sheets.qualitative(definition, profile: profile, depthRun: depthRun, folder: folder) {
                    files.append(path)
                }
                if let path = try sheets.depthQualitative(definition, profile: profile, folder: folder) { files.append(path) }
                files += try sheets.curves(definition, profile: profile, folder: folder)
                if let path = try sheets.selection(definition, profile: profile, folder: folder) { files.append(path) }
            }
        }
        files += try ResultsReport.write(store: store, context: try registry.reportContext(profile: profile), to: folder)
        return files + [folder + "/report.md", folder + "/report.html"]
    }
}
