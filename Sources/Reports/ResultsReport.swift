import CityscapesData
import Foundation
import ResultsStore

/// The report of a results database: for every experiment, mIoU by configuration and
/// labelled-subset size (mean ± std over seeds, with the number of seeds), per-class
/// IoU, depth metrics and timings; figures found next to the report are embedded.
public enum ResultsReport {
    /// Builds the document from the store; `figures` are PNG paths relative to the
    /// report folder with captions.
    public static func document(store: ResultsStore, profile: String? = nil,
                                figures: [(path: String, caption: String)] = []) throws -> ReportDocument {
        let tables = try ResultTables(store: store, profile: profile)
        var doc = ReportDocument(title: "ThreeWays results" + (profile.map { " (\($0) profile)" } ?? ""))
        let runs = try store.runs(profile: profile)
        let commits = Set(runs.map { $0.codeCommit.prefix(12) + ($0.codeDirty ? "+dirty" : "") }).sorted()
        let machines = Set(runs.map(\.machine)).sorted()
        doc.blocks.append(.paragraph(
            "Database \(store.path): \(runs.count) runs (\(runs.filter { $0.status == .done }.count) done, "
            + "\(runs.filter { $0.status == .failed }.count) failed, \(runs.filter { $0.status == .running }.count) unfinished). "
            + "Code: \(commits.joined(separator: ", ")). Machine: \(machines.joined(separator: "; ")). "
            + "Numbers are SynthCity results unless the dataset is a real Cityscapes copy; IoU and accuracy in %, "
            + "mean ± sample standard deviation over seeds, seed count in parentheses. The paper's tables are "
            + "Cityscapes numbers at full resolution with ImageNet-initialised ResNet-101s; SynthCity profiles "
            + "reproduce the direction of each effect, not its size (the published values are not bundled)."))
        if tables.groups.isEmpty {
            doc.blocks.append(.paragraph("No finished runs with evaluations yet."))
        }
        for experiment in tables.experiments {
            let groups = tables.groups.filter { $0.experiment == experiment }
            doc.blocks.append(.heading("Experiment \(experiment)", level: 2))
            let sizes = Array(Set(groups.map { $0.subsetSize ?? -1 })).sorted()
            let configs = Array(Set(groups.map(\.config))).sorted()
            func sizeName(_ s: Int) -> String { s < 0 ? "all labels" : "\(s) labels" }
            if groups.contains(where: { $0.meanIoU.seeds > 0 }) {
                doc.blocks.append(.heading("Mean IoU", level: 3))
                let rows = configs.map { config in
                    [config] + sizes.map { size in
                        groups.first { $0.config == config && ($0.subsetSize ?? -1) == size }?.meanIoU.formatted() ?? "-"
                    }
                }
                doc.blocks.append(.table(header: ["configuration"] + sizes.map(sizeName), rows: rows))
                doc.blocks.append(.heading("Per-class IoU", level: 3))
                let names = CityscapesLabels.evaluated.map(\.name)
                let classRows = groups.filter { $0.meanIoU.seeds > 0 }.map { g in
                    ["\(g.config), \(sizeName(g.subsetSize ?? -1))"]
                        + g.classIoU.map { $0.stat.seeds > 0 ? String(format: "%.1f", $0.stat.mean * 100) : "-" }
                }
                doc.blocks.append(.table(header: ["configuration"] + names, rows: classRows))
            }
            let depthGroups = groups.filter { !$0.depth.isEmpty }
            if let first = depthGroups.first {
                doc.blocks.append(.heading("Depth", level: 3))
                let rows = depthGroups.map { g in
                    ["\(g.config), \(sizeName(g.subsetSize ?? -1))"] + g.depth.map { $0.stat.formatted(scale: 1, digits: 3) }
                }
                doc.blocks.append(.table(header: ["configuration"] + first.depth.map(\.name), rows: rows))
            }
            doc.blocks.append(.heading("Timings", level: 3))
            doc.blocks.append(.table(header: ["configuration", "subset", "median step (ms)", "wall per run (s)"],
                                     rows: groups.map { g in
                [g.config, sizeName(g.subsetSize ?? -1),
                 g.medianStepSeconds.map { String(format: "%.1f", $0 * 1000) } ?? "-",
                 g.wallSeconds.map { String(format: "%.0f", $0) } ?? "-"]
            }))
        }
        doc.blocks += try PaperClaims.blocks(store: store, profile: profile)
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
        if !figures.isEmpty {
            doc.blocks.append(.heading("Figures", level: 2))
            for f in figures { doc.blocks.append(.figure(path: f.path, caption: f.caption)) }
        }
        return doc
    }

    /// Writes report.md and report.html into `folder` (created when absent), showing
    /// every PNG already in the folder as a figure (linked from the Markdown, embedded
    /// in the HTML).
    public static func write(store: ResultsStore, profile: String? = nil, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pngs = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".png") }.sorted()
        let figures = pngs.map { ($0, ($0 as NSString).deletingPathExtension.replacingOccurrences(of: "_", with: " ")) }
        let doc = try document(store: store, profile: profile, figures: figures)
        for (name, text) in [("report.md", doc.markdown), ("report.html", doc.html(embeddingFiguresFrom: folder))] {
            let path = folder + "/" + name
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw FigureError.unwritable(path: path, reason: error.localizedDescription)
            }
        }
    }
}
