import DataPipeline
import Foundation
import ImageIO
import Reports
import ResultsStore
import TensorEngine
import Training

/// The figures of a report, drawn from finished runs in the store: a qualitative sheet
/// per segmentation experiment (input | ground truth | each variant's prediction |
/// depth of the depth pretraining) on the same validation images, a depth sheet for the
/// depth pretraining (input | ground-truth depth | each recipe's depth), and training curves
/// (loss and validation metric against iteration, one line per variant).
public struct FigureSheets {
    public let store: ResultsStore
    public let dataRoot: String
    /// Validation images on the qualitative sheets.
    public var rows = 4

    public init(store: ResultsStore, dataRoot: String) {
        self.store = store
        self.dataRoot = dataRoot
    }

    /// The newest finished run of each variant of `definition` at `profile` with the
    /// smallest subset size and the first seed present, in variant order.
    func representativeRuns(of definition: ExperimentDefinition, profile: Profile) throws -> [Run] {
        let runs = try store.runs(experiment: definition.experiment, profile: profile.rawValue).filter { $0.status == .done }
        let names = definition.baseVariantNames
        return names.compactMap { name in
            let mine = runs.filter { $0.configName == name }
            guard let size = mine.compactMap(\.subsetSize).min() ?? (mine.isEmpty ? nil : -1) else { return nil }
            let sized = mine.filter { ($0.subsetSize ?? -1) == size }
            guard let seed = sized.map(\.seed).min() else { return nil }
            return sized.last { $0.seed == seed }
        }
    }

    /// Every seed's newest finished run of each variant of `definition` at `profile`, at
    /// the variant's smallest subset size, in variant order (seeds ascending).
    func seedRuns(of definition: ExperimentDefinition, profile: Profile) throws -> [(variant: String, runs: [Run])] {
        let runs = try store.runs(experiment: definition.experiment, profile: profile.rawValue).filter { $0.status == .done }
        return definition.baseVariantNames.compactMap { name in
            let mine = runs.filter { $0.configName == name }
            guard let size = mine.compactMap(\.subsetSize).min() ?? (mine.isEmpty ? nil : -1) else { return nil }
            let sized = mine.filter { ($0.subsetSize ?? -1) == size }
            let seeds = Set(sized.map(\.seed)).sorted()
            return (name, seeds.compactMap { seed in sized.last { $0.seed == seed } })
        }
    }

    /// The final network file a run recorded.
    func networkFile(of run: Run) throws -> String? {
        try store.artifacts(runId: run.id!).last { $0.kind == "checkpoint" && $0.path.hasSuffix(".safetensors") }?.path
    }

    /// Writes `{experiment}_qualitative.png` into `folder` comparing the variants of a
    /// segmentation experiment; returns the path, or nil when no variant has finished.
    @discardableResult
    public func qualitative(_ definition: ExperimentDefinition, profile: Profile, depthRun: Run?,
                            folder: String) throws -> String? {
        guard definition.kind != .depthPretraining else { return nil }
        let runs = try representativeRuns(of: definition, profile: profile)
        let predictors = try runs.compactMap { run -> (String, Predictor)? in
            guard let file = try networkFile(of: run), FileManager.default.fileExists(atPath: file) else { return nil }
            let title = run.configName + (run.subsetSize.map { " (\($0))" } ?? "")
            return (title, try Predictor(files: [file]))
        }
        guard !predictors.isEmpty else { return nil }
        let depth = try depthRun.flatMap { try networkFile(of: $0) }
            .flatMap { FileManager.default.fileExists(atPath: $0) ? try Predictor(files: [$0]) : nil }
        let reader = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        var sheetRows: [QualitativeGrid.Row] = []
        var size = (0, 0)
        for i in 0..<min(rows, reader.index.count) {
            let batch = try reader.batch([i])
            let h = batch.images.shape[2], w = batch.images.shape[3]
            size = (w, h)
            sheetRows.append(QualitativeGrid.Row(
                name: batch.names[0], image: Self.interleavedRGB(batch.images, width: w, height: h),
                groundTruth: batch.labels.scalars.map { UInt8(clamping: Int($0)) },
                predictions: predictors.map { $0.1.trainIds(batch.images) ?? [] },
                depth: depth?.depthMetres(batch.images)))
        }
        let grid = QualitativeGrid(width: size.0, height: size.1, predictionTitles: predictors.map(\.0), rows: sheetRows,
                                   scale: size.0 <= 256 ? 2 : 1,
                                   title: "Experiment \(definition.experiment): \(definition.title) (\(profile))")
        let path = "\(folder)/\(definition.experiment)_qualitative.png"
        try grid.render().writePNG(to: path)
        return path
    }

    /// Writes `{experiment}_qualitative.png` for a depth-pretraining experiment: the
    /// validation images, their ground-truth depth and each variant's depth (the newest
    /// finished run of its first seed), so the sheet shows which recipe sees the scene's
    /// layers; returns the path, or nil when no variant has a network file.
    @discardableResult
    public func depthQualitative(_ definition: ExperimentDefinition, profile: Profile, folder: String) throws -> String? {
        guard definition.kind == .depthPretraining else { return nil }
        let predictors = try representativeRuns(of: definition, profile: profile).compactMap { run -> (String, Predictor)? in
            guard let file = try networkFile(of: run), FileManager.default.fileExists(atPath: file) else { return nil }
            return (run.configName, try Predictor(files: [file]))
        }
        guard !predictors.isEmpty else { return nil }
        let reader = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        var sheetRows: [DepthGrid.Row] = []
        var size = (0, 0)
        for i in 0..<min(rows, reader.index.count) {
            let batch = try reader.batch([i])
            let h = batch.images.shape[2], w = batch.images.shape[3]
            size = (w, h)
            sheetRows.append(DepthGrid.Row(
                name: batch.names[0], image: Self.interleavedRGB(batch.images, width: w, height: h),
                groundTruth: batch.depth?.scalars,
                predictions: predictors.map { $0.1.depthMetres(batch.images) ?? [Float](repeating: 0, count: w * h) }))
        }
        let grid = DepthGrid(width: size.0, height: size.1, predictionTitles: predictors.map(\.0), rows: sheetRows,
                             scale: size.0 <= 256 ? 2 : 1,
                             title: "Experiment \(definition.experiment): \(definition.title) (\(profile)), depth")
        let path = "\(folder)/\(definition.experiment)_qualitative.png"
        try grid.render().writePNG(to: path)
        return path
    }

    /// Writes `{experiment}_curves.png` (training loss) and, when validated,
    /// `{experiment}_validation.png` (mIoU, or abs_rel for depth) into `folder`.
    @discardableResult
    public func curves(_ definition: ExperimentDefinition, profile: Profile, folder: String) throws -> [String] {
        let variants = try seedRuns(of: definition, profile: profile)
        guard let firstRun = variants.first?.runs.first else { return [] }
        var lossSeries: [LinePlot.Series] = [], metricSeries: [LinePlot.Series] = []
        var seedsShown = 1
        for (k, variant) in variants.enumerated() {
            let color = LinePlot.seriesColors[k % LinePlot.seriesColors.count]
            // Training loss: the first seed's run (a loss curve per seed would only add noise).
            if let run = variant.runs.first {
                let all = try store.losses(runId: run.id!)
                let name = all.contains { $0.name == "total" } ? "total" : "cross_entropy"
                let losses = all.filter { $0.name == name }
                if !losses.isEmpty {
                    lossSeries.append(.init(name: variant.variant, points: losses.map { (Double($0.step), $0.value) },
                                            color: color))
                }
            }
            // Validation: the mean over seeds at each step, with mean ± one standard deviation.
            var bySteps: [Int: [Double]] = [:]
            for run in variant.runs {
                for e in try store.evaluations(runId: run.id!) {
                    if let m = e.meanIoU {
                        bySteps[e.step, default: []].append(m * 100)
                    } else if let d = try store.depthMetrics(evaluationId: e.id!) {
                        bySteps[e.step, default: []].append(d.absRel)
                    }
                }
            }
            guard !bySteps.isEmpty else { continue }
            let steps = bySteps.keys.sorted()
            let stats = steps.map { SeedStatistic(bySteps[$0]!) }
            let seeds = variant.runs.count
            seedsShown = max(seedsShown, seeds)
            let band = seeds > 1 ? zip(steps, stats).map { (x: Double($0), low: $1.mean - $1.std, high: $1.mean + $1.std) } : []
            metricSeries.append(.init(name: variant.variant + (seeds > 1 ? " (\(seeds) seeds)" : ""),
                                      points: zip(steps, stats).map { (Double($0), $1.mean) }, color: color, band: band))
        }
        var written: [String] = []
        let what = "Experiment \(definition.experiment) (\(profile))"
        if !lossSeries.isEmpty {
            let path = "\(folder)/\(definition.experiment)_curves.png"
            try LinePlot(title: "\(what): training loss", xLabel: "iteration", yLabel: "loss", series: lossSeries,
                         width: 800).render().writePNG(to: path)
            written.append(path)
        }
        if !metricSeries.isEmpty {
            let path = "\(folder)/\(definition.experiment)_validation.png"
            let depth = definition.kind == .depthPretraining
            let over = seedsShown > 1 ? ", mean over seeds +/- 1 sd" : ""
            var plot = LinePlot(title: "\(what): validation " + (depth ? "abs_rel" : "mIoU") + over, xLabel: "iteration",
                                yLabel: depth ? "abs_rel" : "mIoU (%)", series: metricSeries, width: 800)
            if depth, let constant = try constantDepthAbsRel(of: firstRun) {
                plot.references = [.init(name: String(format: "constant depth (%.3f)", constant), y: constant)]
            }
            try plot.render().writePNG(to: path)
            written.append(path)
        }
        return written
    }

    /// abs_rel of the constant-depth predictor on the validation images a depth run
    /// evaluated (its configuration's `validationSamples`), nil without depth ground truth.
    func constantDepthAbsRel(of run: Run) throws -> Double? {
        var limit: Int?
        if let data = run.configJSON.data(using: .utf8),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let settings = json["settings"] as? [String: Any] {
            limit = settings["validationSamples"] as? Int
        }
        let reader = ValidationReader(index: try SampleIndex(root: dataRoot, split: .val))
        return try Validation.constantDepth(reader: reader, limit: limit)?.absRel
    }

    /// A [1, 3, H, W] tensor in [0, 1] as interleaved 8-bit RGB.
    static func interleavedRGB(_ t: Tensor, width: Int, height: Int) -> [UInt8] {
        let plane = width * height
        var out = [UInt8](repeating: 0, count: 3 * plane)
        for p in 0..<plane {
            for c in 0..<3 { out[3 * p + c] = UInt8(clamping: Int((t.data[c * plane + p] * 255).rounded())) }
        }
        return out
    }
}
