import ArgumentParser
import Foundation
import ResultsStore

/// `threeways merge`: results shards into one store, or a bit-for-bit comparison of two stores.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge results shards (one SQLite file per cluster task) into one results store.",
        discussion: """
        Copies every run of each shard with everything recorded under it (evaluations, \
        per-class IoU, depth metrics, losses, timings, artifacts) into --out, one \
        transaction per shard. Idempotent: a run whose key (experiment, configuration, \
        profile, seed, subset, configuration hash, dataset hash) --out has finished is not \
        copied again, so merging the same shard twice adds nothing. A finished shard run \
        replaces an unfinished (running or failed) run of the same key; an unfinished \
        one never replaces anything. Refused, naming the shard: a missing or corrupt \
        file, a shard whose schema (applied migrations) differs from --out's, and a run \
        whose configuration hash differs from --out's run of the same experiment, \
        variant, profile, seed, subset and dataset. Shards are only read.

        --compare A B checks that two stores hold the same runs with the same metrics bit \
        for bit (ignoring row ids, wall-clock times, durations, memory peaks, machine \
        names and artifact folders) and exits 1 listing the differences.
        """)

    @Option(help: "The results store to merge into (created when absent).")
    var out: String?

    @Option(name: .customLong("compare"), parsing: .upToNextOption,
            help: "Compare two stores (A B) instead of merging.")
    var compare: [String] = []

    @Argument(help: "Shard files to merge (e.g. OUT/shards/*.sqlite).")
    var shards: [String] = []

    func validate() throws {
        if !compare.isEmpty {
            guard compare.count == 2, out == nil, shards.isEmpty else {
                throw ValidationError("--compare takes exactly two stores and no --out or shards")
            }
        } else {
            guard out != nil else { throw ValidationError("give --out FILE (or --compare A B)") }
            guard !shards.isEmpty else { throw ValidationError("give at least one shard file to merge") }
        }
    }

    func run() throws {
        if !compare.isEmpty {
            // Both are only read: a missing or non-SQLite path is an error naming it (exit 1),
            // found before either is opened.
            for path in compare { try ResultsStore.checkExisting(path: path) }
            let differences = try StoreComparison.differences(try ResultsStore.openExisting(path: compare[0]),
                                                              try ResultsStore.openExisting(path: compare[1]))
            guard differences.isEmpty else {
                print("the stores differ:")
                differences.forEach { print("  " + $0) }
                throw ExitCode(1)
            }
            print("\(compare[0]) and \(compare[1]) hold the same runs and metrics (bit for bit)")
            return
        }
        let store = try ResultsStore(path: out!)
        var total = MergeSummary()
        for (n, shard) in shards.enumerated() {
            do {
                let s = try store.merge(shard: shard)
                total.added += s.added
                total.replaced += s.replaced
                total.skipped += s.skipped
                total.otherRows += s.otherRows
            } catch {
                let message = "\(error)\n(merged \(n) of \(shards.count) shards before it; \(out!) keeps them)\n"
                FileHandle.standardError.write(Data(message.utf8))
                throw ExitCode(1)
            }
        }
        print("merged \(shards.count) shard(s) into \(out!): \(total.added) run(s) added, \(total.replaced) replaced, "
              + "\(total.skipped) already there" + (total.otherRows > 0 ? ", \(total.otherRows) other row(s)" : ""))
    }
}
