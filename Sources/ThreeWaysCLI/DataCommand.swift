import ArgumentParser
import Foundation

/// `threeways data`: dataset commands. Each subcommand is its own type; a new one is
/// added by listing it in `subcommands`.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Generate and inspect datasets in the Cityscapes layout.",
        subcommands: [DataGenerate.self, DataCheck.self, DataStats.self, DataPrepareCityscapes.self])
}
