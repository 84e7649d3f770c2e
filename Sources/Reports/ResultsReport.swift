import CityscapesData
import Foundation
import ResultsStore

/// The report of a results database. It opens with what the store shows, one sentence
/// per paper claim; then the claims with their intervals, the published effects and a
/// forest plot; the scale ladder (the claims at multiples of the schedule); the published tables in the paper's row order with ours beside them;
/// then every experiment: mIoU by variant in the paper's order (mean ± std
/// over seeds, with the published number beside it), a bar chart with 95% intervals and
/// the seeds as dots, per-class IoU, depth metrics, timings and the experiment's figure
/// sheets.
public enum ResultsReport {
    /// What the report knows beyond the store.
    public struct Context {
        /// Only runs of this profile (nil: all).
        public var profile: String?
        /// The published numbers and effects (nil: none shown).
        public var published: PublishedNumbers?
        /// Experiment ids in report order (others follow, sorted).
        public var experimentOrder: [String]
        /// Per experiment, the variants in the paper's order (others follow, sorted).
        public var variantOrder: [String: [String]]
        /// Per experiment, its title.
        public var titles: [String: String]

        public init(profile: String? = nil, published: PublishedNumbers? = nil, experimentOrder: [String] = [],
                    variantOrder: [String: [String]] = [:], titles: [String: String] = [:]) {
            self.profile = profile
            self.published = published
            self.experimentOrder = experimentOrder
            self.variantOrder = variantOrder
            self.titles = titles
        }
    }

    /// Builds the document from the store; `figures` are PNG file names in the report
    /// folder (each shown in the section of the experiment its name starts with, e.g.
    /// "210_qualitative.png", or at the end).
    public static func document(store: ResultsStore, context: Context = Context(),
                                figures: [String] = []) throws -> ReportDocument {
        let profile = context.profile
        let tables = try ResultTables(store: store, profile: profile)
        let findings = try PaperClaims.findings(store: store, profile: profile, published: context.published)
        var doc = ReportDocument(title: "ThreeWays results" + (profile.map { " (\($0) profile)" } ?? ""))
        let runs = try store.runs(profile: profile)
        var remaining = figures

        // What this store shows: one sentence per claim.
        if !findings.isEmpty {
            doc.blocks.append(.paragraph("What this store shows: " + findings.map(\.sentence).joined(separator: " ")))
        }
        let commits = Set(runs.map { $0.codeCommit.prefix(12) + ($0.codeDirty ? "+dirty" : "") }).sorted()
        let machines = Set(runs.map(\.machine)).sorted()
        doc.blocks.append(.paragraph(
            "Database \(store.path): \(runs.count) runs (\(runs.filter { $0.status == .done }.count) done, "
            + "\(runs.filter { $0.status == .failed }.count) failed, \(runs.filter { $0.status == .running }.count) unfinished). "
            + "Code: \(commits.joined(separator: ", ")). Machine: \(machines.joined(separator: "; ")). "
            + "Numbers are SynthCity results unless the dataset is a real Cityscapes copy; IoU and accuracy in %, "
            + "mean ± sample standard deviation over seeds, seed count in parentheses."
            + (context.published.map { p in
                " The '\(p.label)' numbers are Cityscapes results at full resolution with ImageNet-initialised "
                + "ResNet-101s, shown at the published label count nearest ours; SynthCity profiles can reproduce "
                + "the direction of an effect, not its size. Source: \(p.source)"
            } ?? "")))
        if tables.groups.isEmpty {
            doc.blocks.append(.paragraph("No finished runs with evaluations yet."))
        }

        // The claims.
        if !findings.isEmpty {
            doc.blocks.append(.heading("Does SynthCity reproduce the paper?", level: 2))
            doc.blocks.append(.paragraph(
                "Each claim compares final mean IoU of runs paired by labelled-subset size and seed; the mean paired "
                + "difference is in mIoU points with its sample standard deviation, the number of seed pairs n and a "
                + "95% Student-t confidence interval. The verdict is confirmed when the interval lies above 0, "
                + "contradicted when it lies below 0, and inconclusive when it contains 0 or when one seed gives no "
                + "interval. 'Seeds to detect published' is the number of seed pairs a two-sided paired t-test at 5% "
                + "would need for 80% power against the published effect, taking our standard deviation as the true one."))
            doc.blocks.append(PaperClaims.table(findings, publishedLabel: context.published?.label))
            if let i = remaining.firstIndex(of: claimsFigureName) {
                doc.blocks.append(.figure(path: claimsFigureName, caption: "Claims: ours (mean, 95% CI) and "
                                          + (context.published?.label ?? "published") + " effects"))
                remaining.remove(at: i)
            }
        }

        // The scale ladder.
        let ladder = try ScaleLadder.lines(store: store, profile: profile, published: context.published)
        if !ladder.isEmpty {
            doc.blocks.append(.heading("How the effects move with compute (scale ladder)", level: 2))
            doc.blocks.append(.paragraph(
                "The same claims on runs whose segmentation schedule (steps, decay, validation and checkpoint "
                + "intervals) is a multiple of the profile's, paired by seed as above. 'Seeds to decide our effect' is "
                + "the number of seed pairs a paired t-test at 5% would need for 80% power against our own mean "
                + "difference at that rung (inconclusive rungs only); 'trend per doubling' is the least-squares slope of "
                + "the mean difference against log2(steps), and 'doublings to published' extrapolates it to the "
                + "published effect: a straight-line guess, not a measurement."))
            doc.blocks.append(ScaleLadder.table(ladder, publishedLabel: context.published?.label))
            if let i = remaining.firstIndex(of: ScaleLadder.figureName) {
                doc.blocks.append(.figure(path: ScaleLadder.figureName, caption: "Scale ladder: each claim's effect "
                                          + "(mean, 95% CI band) against steps; dashed: the published effect"))
                remaining.remove(at: i)
            }
        }

        // The published tables in the paper's row order, ours beside them.
        if let published = context.published {
            doc.blocks += PublishedTables.blocks(published: published, results: tables)
        }

        // The experiments.
        let present = tables.experiments
        let ordered = context.experimentOrder.filter(present.contains) + present.filter { !context.experimentOrder.contains($0) }
        for experiment in ordered {
            let groups = tables.groups.filter { $0.experiment == experiment }
            doc.blocks.append(.heading("Experiment \(experiment)" + (context.titles[experiment].map { ": \($0)" } ?? ""),
                                       level: 2))
            // Subset sizes ascending, all labels (-1) last.
            let sizes = Array(Set(groups.map { $0.subsetSize ?? -1 })).sorted { ($0 < 0 ? Int.max : $0) < ($1 < 0 ? Int.max : $1) }
            let configs = orderedConfigs(Set(groups.map(\.config)), order: context.variantOrder[experiment] ?? [])
            func sizeName(_ s: Int) -> String { s < 0 ? "all labels" : "\(s) labels" }
            // An experiment without segmentation metrics (depth pretraining) uses no labels:
            // its rows are named by configuration alone.
            let usesLabels = groups.contains { $0.meanIoU.seeds > 0 }
            func rowName(_ g: ResultTables.Group) -> String {
                usesLabels ? "\(g.config), \(sizeName(g.subsetSize ?? -1))" : g.config
            }
            func group(_ config: String, _ size: Int) -> ResultTables.Group? {
                groups.first { $0.config == config && ($0.subsetSize ?? -1) == size }
            }
            if groups.contains(where: { $0.meanIoU.seeds > 0 }) {
                doc.blocks.append(.heading("Mean IoU", level: 3))
                let published = context.published
                let publishedColumns = published.map { p in
                    sizes.filter { size in configs.contains { c in
                        p.number(for: .init(experiment: experiment, variant: c), labels: size < 0 ? nil : size) != nil } }
                } ?? []
                let header = ["configuration"] + sizes.map(sizeName)
                    + publishedColumns.map { $0 < 0 ? "\(published!.label), all labels" : "\(published!.label), nearest \(sizeName($0))" }
                let rows = configs.map { config in
                    [config] + sizes.map { group(config, $0)?.meanIoU.formatted() ?? "-" }
                        + publishedColumns.map { size in
                            published!.number(for: .init(experiment: experiment, variant: config),
                                              labels: size < 0 ? nil : size)
                                .map { $0.formatted + " (\($0.labels) labels)" } ?? "-"
                        }
                }
                doc.blocks.append(.table(header: header, rows: rows))
                let bars = barChartName(experiment)
                if let i = remaining.firstIndex(of: bars) {
                    doc.blocks.append(.figure(path: bars, caption: "Experiment \(experiment): mean IoU by variant, "
                                              + "95% CI and every seed"))
                    remaining.remove(at: i)
                }
                doc.blocks.append(.heading("Per-class IoU", level: 3))
                let names = CityscapesLabels.evaluated.map(\.name)
                let classRows = configs.flatMap { config in sizes.compactMap { group(config, $0) } }
                    .filter { $0.meanIoU.seeds > 0 }.map { g in
                        [rowName(g)]
                            + g.classIoU.map { $0.stat.seeds > 0 ? String(format: "%.1f", $0.stat.mean * 100) : "-" }
                    }
                doc.blocks.append(.table(header: ["configuration"] + names, rows: classRows))
            }
            let depthGroups = configs.flatMap { config in sizes.compactMap { group(config, $0) } }.filter { !$0.depth.isEmpty }
            if let first = depthGroups.first {
                doc.blocks.append(.heading("Depth", level: 3))
                let rows = depthGroups.map { g in
                    [rowName(g)] + g.depth.map { $0.stat.formatted(scale: 1, digits: 3) }
                }
                doc.blocks.append(.table(header: ["configuration"] + first.depth.map(\.name), rows: rows))
            }
            doc.blocks.append(.heading("Timings", level: 3))
            doc.blocks.append(.table(header: ["configuration", "subset", "median step (ms)", "wall per run (s)"],
                                     rows: configs.flatMap { config in sizes.compactMap { group(config, $0) } }.map { g in
                [g.config, usesLabels ? sizeName(g.subsetSize ?? -1) : "none (self-supervised)",
                 g.medianStepSeconds.map { String(format: "%.1f", $0 * 1000) } ?? "-",
                 g.wallSeconds.map { String(format: "%.0f", $0) } ?? "-"]
            }))
            let mine = remaining.filter { $0.hasPrefix(experiment + "_") }
            if !mine.isEmpty {
                doc.blocks.append(.heading("Figures", level: 3))
                for name in mine { doc.blocks.append(.figure(path: name, caption: caption(name))) }
                remaining.removeAll { mine.contains($0) }
            }
        }

        let selections = try store.selections(profile: profile ?? "")
        if profile != nil, !selections.isEmpty {
            doc.blocks.append(.heading("Data selections", level: 2))
            doc.blocks.append(.paragraph(
                "The subsets chosen by data selection (experiment 211; its mean IoU table above is the paper's "
                + "Table 3: segmentation from scratch on each method's selection). First names in selection order."))
            doc.blocks.append(.table(header: ["method", "seed", "size", "first selected samples"],
                                     rows: selections.map { s in
                [s.method, "\(s.seed)", "\(s.size)", ((try? s.names()) ?? []).prefix(4).joined(separator: ", ")]
            }))
        }
        if !remaining.isEmpty {
            doc.blocks.append(.heading("Figures", level: 2))
            for name in remaining { doc.blocks.append(.figure(path: name, caption: caption(name))) }
        }
        return doc
    }

    /// The forest plot's file name.
    public static let claimsFigureName = "claims_forest.png"

    /// The bar chart's file name of an experiment.
    public static func barChartName(_ experiment: String) -> String { "\(experiment)_miou_bars.png" }

    /// `configs` in `order`, the rest sorted after.
    static func orderedConfigs(_ configs: Set<String>, order: [String]) -> [String] {
        order.filter(configs.contains) + configs.subtracting(order).sorted()
    }

    static func caption(_ file: String) -> String {
        (file as NSString).deletingPathExtension.replacingOccurrences(of: "_", with: " ")
    }

    /// Draws the statistical figures into `folder`: the claims' forest plot and, per
    /// experiment with mIoU, the bar chart of its variants. Returns the files written.
    @discardableResult
    public static func drawStatisticalFigures(store: ResultsStore, context: Context, to folder: String) throws -> [String] {
        var written: [String] = []
        let findings = try PaperClaims.findings(store: store, profile: context.profile, published: context.published)
        if findings.isEmpty {
            try? FileManager.default.removeItem(atPath: folder + "/" + claimsFigureName)
        } else {
            let path = folder + "/" + claimsFigureName
            try ForestPlot(findings: findings, publishedLabel: context.published?.label ?? "published")
                .render().writePNG(to: path)
            written.append(path)
        }
        let ladder = try ScaleLadder.lines(store: store, profile: context.profile, published: context.published)
        if ladder.isEmpty {
            try? FileManager.default.removeItem(atPath: folder + "/" + ScaleLadder.figureName)
        } else {
            let path = folder + "/" + ScaleLadder.figureName
            try ScaleLadder.plot(ladder, publishedLabel: context.published?.label ?? "published").render().writePNG(to: path)
            written.append(path)
        }
        let values = try ResultTables.finalValues(store: store, profile: context.profile, metric: "mean_iou")
        for experiment in Set(values.keys.map(\.experiment)).sorted() {
            let mine = values.filter { $0.key.experiment == experiment }
            let sizes = Array(Set(mine.keys.map { $0.subsetSize ?? -1 })).sorted()
            // The ladder's rungs have their own figure.
            let names = Set(mine.keys.map(\.config))
            let configs = orderedConfigs(names.filter { !ScaleLadder.isRung($0, among: names) },
                                         order: context.variantOrder[experiment] ?? [])
            var bars: [VariantBarChart.Bar] = []
            for config in configs {
                for (k, size) in sizes.enumerated() {
                    let key = ResultTables.GroupKey(experiment: experiment, config: config,
                                                    subsetSize: size < 0 ? nil : size)
                    if let v = mine[key] {
                        bars.append(.init(variant: config, series: k, values: v.sorted { $0.seed < $1.seed }.map { $0.value * 100 }))
                    }
                }
            }
            guard !bars.isEmpty else { continue }
            let path = folder + "/" + barChartName(experiment)
            try VariantBarChart(title: "Experiment \(experiment)" + (context.profile.map { " (\($0))" } ?? "")
                                + ": mean IoU by variant",
                                yLabel: "mIoU (%)", seriesNames: sizes.map { $0 < 0 ? "all labels" : "\($0) labels" },
                                bars: bars)
                .render().writePNG(to: path)
            written.append(path)
        }
        return written
    }

    /// Draws the statistical figures, then writes report.md and report.html into
    /// `folder` (created when absent), showing every PNG in the folder as a figure
    /// (linked from the Markdown, embedded in the HTML). Returns the figures drawn.
    @discardableResult
    public static func write(store: ResultsStore, context: Context = Context(), to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let drawn = try drawStatisticalFigures(store: store, context: context, to: folder)
        // Every figure in the folder but screenshots of the report itself.
        let pngs = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".png") && !$0.hasPrefix("screenshot") }.sorted()
        let doc = try document(store: store, context: context, figures: pngs)
        for (name, text) in [("report.md", doc.markdown), ("report.html", doc.html(embeddingFiguresFrom: folder))] {
            let path = folder + "/" + name
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw FigureError.unwritable(path: path, reason: error.localizedDescription)
            }
        }
        return drawn
    }

    /// The same with only a profile (no published numbers, variants sorted).
    @discardableResult
    public static func write(store: ResultsStore, profile: String?, to folder: String) throws -> [String] {
        try write(store: store, context: Context(profile: profile), to: folder)
    }
}
