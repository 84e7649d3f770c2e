import ArgumentParser
import Experiments
import Foundation
import Training

// Options that several commands share, each declared once and included with
// `@OptionGroup`, so a name, default or help text cannot drift between commands.
// Commands whose option of the same name means something else (a required `--root`,
// report's read-only `--db`, grid's `--runs` under OUT) declare their own.

/// `--profile`, the experiments' size preset, parsed as `Profile`: an unknown name is a
/// usage error listing the four.
extension Profile: ExpressibleByArgument {}

/// `--profile` of the commands that train or plan at one profile (run, reproduce,
/// select-labels, grid, pretrain-depth, train-seg).
struct ProfileOptions: ParsableArguments {
    @Option(help: "Preset sizes of data, networks and schedules.")
    var profile: Profile = .quick
}

/// `--root` of the commands that train on a profile's dataset (run, select-labels, grid):
/// the tree, by default where `reproduce` puts the profile's SynthCity.
struct DataOptions: ParsableArguments {
    @Option(help: "Root of the Cityscapes-layout tree (default: where `reproduce` puts the profile's SynthCity).")
    var root: String?

    /// `--root`, or where `reproduce` puts `profile`'s SynthCity.
    func dataRoot(profile: Profile) -> String {
        root ?? Reproduction.defaultDataRoot(for: profile)
    }

    /// The dataset root (passed through `resolve`, e.g. to make it absolute), which must
    /// exist: otherwise a usage error saying how to generate it.
    func existingDataRoot(profile: Profile, resolve: (String) -> String = { $0 }) throws -> String {
        let dataRoot = resolve(dataRoot(profile: profile))
        try Self.requireDataset(at: dataRoot, hint: ": generate it (`threeways data generate --profile "
                                + "\(Reproduction.synthCityProfile(for: profile).rawValue) --root \(dataRoot)`) or pass --root")
        return dataRoot
    }

    /// The one check that a dataset tree exists, for every command that needs one: a
    /// usage error "no dataset at ROOT" followed by `hint`.
    static func requireDataset(at root: String, hint: String = "") throws {
        guard FileManager.default.fileExists(atPath: root) else {
            throw ValidationError("no dataset at \(root)" + hint)
        }
    }
}

/// `--configs`: the folder of experiment configurations.
struct ConfigsOptions: ParsableArguments {
    @Option(help: "Folder of experiment configurations (YAML).")
    var configs: String = "configs"

    /// The registry of the folder's experiments.
    func registry() throws -> ExperimentRegistry {
        try ExperimentRegistry(folder: configs)
    }
}

/// `--runs` and `--db` of the commands that train into a runs folder and record in a
/// results store (run, reproduce, select-labels).
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder of run checkpoints and final networks (one subfolder per run).")
    var runs: String = "runs"

    @Option(help: "The results database (SQLite; default: RUNS/results.sqlite).")
    var db: String?

    /// `--db`, or RUNS/results.sqlite.
    var databasePath: String { db ?? runs + "/results.sqlite" }
}

/// `--seeds`: seeds replacing the profile's (run, reproduce, grid).
struct SeedOptions: ParsableArguments {
    @Option(help: "Comma-separated seeds replacing the profile's (e.g. 42,43,44).")
    var seeds: String?

    /// The seeds, or nil for the profile's.
    func parsedSeeds() throws -> [UInt64]? {
        guard let seeds else { return nil }
        let values = seeds.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--seeds must be comma-separated non-negative integers (got '\(seeds)')")
        }
        return values.map { $0! }
    }
}

/// `--retry-failed`: entries whose newest run failed are skipped unless it is given
/// (run, reproduce, grid-task).
struct RetryOptions: ParsableArguments {
    @Flag(help: "Run again entries whose newest run failed (they are skipped by default).")
    var retryFailed = false
}

/// `--trust-store`: a results store carried without its network files (run, reproduce).
struct CarriedStoreOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Count runs the store has finished as done even when their networks are missing from --runs.",
        discussion: "For a results.sqlite carried from another machine or session without its network files. "
            + "Depth pretrainings that later runs start from are trained again in place; reproduce also retrains "
            + "the networks its figure sheets draw, each checked against the stored final evaluation."))
    var trustStore = false
}
