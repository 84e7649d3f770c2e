import Foundation

/// The published tables reprinted with our runs beside them: each table of
/// `PublishedNumbers` in its file's row order (the paper's), one row per published
/// method, and per labelled-subset size of ours two columns: our mIoU (mean ± std over
/// seeds, the variant the row maps to) and the published cell it stands beside (the
/// table's subset count nearest ours on a log scale; for our all-labels runs the
/// table's all-labels count, 2975).
public enum PublishedTables {
    /// Cityscapes' training images: a published cell at this count is the all-labels column.
    public static let allLabels = 2975

    /// One reprinted table.
    public struct Table: Equatable {
        public var name: String
        public var header: [String]
        public var rows: [[String]]
    }

    /// The published cell of `method` in `table` that our `size` stands beside (nil size:
    /// all labels), and its label count; nil when the table has no such column.
    public static func column(of numbers: [PublishedNumbers.Number], size: Int?) -> Int? {
        let counts = Set(numbers.map(\.labels))
        guard let size else { return counts.contains(allLabels) ? allLabels : nil }
        return PublishedNumbers.nearest(counts.filter { $0 != allLabels }.sorted(), to: size)
    }

    /// The tables, with columns for the subset sizes our runs of each table's variants
    /// have (tables none of whose variants ran are left out).
    public static func tables(published: PublishedNumbers, results: ResultTables) -> [Table] {
        var tableNames: [String] = []
        for n in published.numbers where !tableNames.contains(n.table) { tableNames.append(n.table) }
        return tableNames.compactMap { name in
            let numbers = published.numbers.filter { $0.table == name }
            var methods: [String] = []
            for n in numbers where !methods.contains(n.method) { methods.append(n.method) }
            let mapped = Set(numbers.compactMap(\.ours))
            func group(_ ours: PublishedNumbers.Ours, _ size: Int?) -> ResultTables.Group? {
                results.groups.first { $0.experiment == ours.experiment && $0.config == ours.variant
                                       && $0.subsetSize == size && $0.meanIoU.seeds > 0 }
            }
            let present = Set(results.groups.filter { g in
                g.meanIoU.seeds > 0 && mapped.contains(.init(experiment: g.experiment, variant: g.config))
            }.map { $0.subsetSize ?? -1 })
            let sizes: [Int?] = present.sorted().filter { $0 >= 0 }.map { Optional($0) } + (present.contains(-1) ? [nil] : [])
            guard !sizes.isEmpty else { return nil }
            let columns = sizes.map { size in (size: size, published: column(of: numbers, size: size)) }
            var header = ["row", "ours"]
            for c in columns {
                let ours = c.size.map { "\($0) labels" } ?? "all labels"
                header += ["ours, \(ours)", c.published.map { "\(published.label), \($0) labels" } ?? "\(published.label)"]
            }
            let rows: [[String]] = methods.map { method in
                let cells = numbers.filter { $0.method == method }
                var row = [method]
                // The variant of ours the row maps to (at each column's count when they differ).
                let variants = cells.compactMap(\.ours)
                var names: [String] = []
                for v in variants where !names.contains("\(v.experiment)/\(v.variant)") {
                    names.append("\(v.experiment)/\(v.variant)")
                }
                row.append(names.isEmpty ? "-" : names.joined(separator: ", "))
                for c in columns {
                    let cell = c.published.flatMap { p in cells.first { $0.labels == p } }
                    let ours = cell?.ours ?? (c.published == nil ? nil : variants.first)
                    let mine = ours.flatMap { group($0, c.size) }
                    row.append(mine?.meanIoU.formatted() ?? "-")
                    row.append(cell?.formatted ?? "-")
                }
                return row
            }
            return Table(name: name, header: header, rows: rows)
        }
    }

    /// The tables as report blocks: a heading, a note on how to read them, a table each.
    public static func blocks(published: PublishedNumbers, results: ResultTables) -> [ReportDocument.Block] {
        let tables = tables(published: published, results: results)
        guard !tables.isEmpty else { return [] }
        var blocks: [ReportDocument.Block] = [
            .heading("The published tables", level: 2),
            .paragraph("Each table of the paper in its row order, with our runs beside the published cells: our mIoU "
                       + "(mean ± std over seeds, seed count in parentheses) of the variant the row maps to "
                       + "(configs/published.yml), next to the published cell at the subset count nearest ours "
                       + "(log scale), or at \(allLabels) labels for our all-labels runs. '-' marks a row without "
                       + "that column or a variant not run at this profile."),
        ]
        for t in tables {
            blocks.append(.heading(t.name, level: 3))
            blocks.append(.table(header: t.header, rows: t.rows))
        }
        return blocks
    }
}
