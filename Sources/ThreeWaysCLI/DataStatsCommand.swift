import ArgumentParser
import CityscapesData
import Foundation
import ResultsStore

/// `threeways data stats`: class frequencies, counts and depth range of a tree.
struct DataStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise a Cityscapes-layout tree: counts, class frequencies, archetypes, depth range.",
        discussion: """
        Prints per split the number of labelled images, label, sequence, disparity and \
        camera files; the pixel frequency (%) of the 19 evaluated classes and of ignored \
        labels per split and over all splits; for SynthCity trees the archetype counts \
        (ROOT/synthcity/scenes.csv) and the seed and settings hash \
        (ROOT/synthcity/settings.json); and the depth range in metres (min, 5th percentile, \
        median, 95th percentile, max) over every valid disparity pixel, with depth = \
        baseline * fx / d from each frame's camera file. --json writes the same numbers as \
        JSON. --db records them in the results database with the dataset's seed and settings \
        hash (table `dataset`), so runs can name the data they used. Run `threeways data \
        check` first: unreadable files stop the command.
        """)

    @Option(help: "Root folder of the tree (holding leftImg8bit, gtFine, ...).")
    var root: String

    @Option(help: "Also write the statistics as JSON to this file.")
    var json: String?

    @Option(help: "Also record the statistics in this results database (SQLite).")
    var db: String?

    func run() throws {
        let layout = CityscapesLayout(root: root)
        let total = layout.presentSplits.reduce(0) { $0 + layout.frames(split: $1).count }
        // Small trees finish at once; a bar would only add noise.
        let bar = total >= 100 ? ProgressBar(label: "counting", total: total) : nil
        let stats = try CityscapesTreeStats.compute(root: root) { done, _ in bar?.update(done: done) }
        bar?.finish(done: total)
        print(stats.tableText, terminator: "")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try encoder.encode(stats).write(to: URL(fileURLWithPath: json))
            } catch {
                throw CityscapesDataError.unwritable(path: json, reason: error.localizedDescription)
            }
            print("wrote \(json)")
        }
        if let db {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(stats), as: UTF8.self)
            let record = try ResultsStore(path: db).record(DatasetRecord(
                root: root, generator: stats.synthCity == nil ? "cityscapes" : "synthcity",
                seed: stats.synthCity.map { Int64(bitPattern: $0.seed) },
                settingsHash: stats.synthCity?.settingsHash ?? "cityscapes", statsJSON: text))
            print("recorded in \(db) as dataset \(record.id ?? 0) (settings hash \(record.settingsHash))")
        }
    }
}
