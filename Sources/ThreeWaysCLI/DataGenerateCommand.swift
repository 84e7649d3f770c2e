import ArgumentParser
import Foundation
import SynthCity

/// `threeways data generate`: renders SynthCity into a Cityscapes-layout tree.
struct DataGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Render SynthCity, the built-in procedural driving dataset.",
        discussion: """
        Writes leftImg8bit, leftImg8bit_sequence (frames -1, 0, +1), gtFine labelIds and \
        colour, disparity, camera and SynthCity pose files under ROOT, plus \
        ROOT/synthcity/settings.json with the settings hash. A complete tree with the same \
        hash is reused instead of rendered again; a different or unfinished one is replaced. \
        Threads: THREEWAYS_THREADS (default: all cores); the output does not depend on it.
        """)

    @Option(help: "Folder to write the dataset to (its Cityscapes-layout root).")
    var root: String

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 0

    @Option(help: "Preset size: smoke (24+8 at 128x64), quick (1000+300 at 128x64), standard (2975+500 at 128x64).")
    var profile: SynthCityProfile = .quick

    @Option(help: "Training sequences (overrides the profile).")
    var train: Int?

    @Option(help: "Validation sequences (overrides the profile).")
    var val: Int?

    @Option(help: "Image width in pixels (overrides the profile; the height follows at 2:1 unless given).")
    var width: Int?

    @Option(help: "Image height in pixels (overrides the profile; the width follows at 2:1 unless given).")
    var height: Int?

    /// The profile's settings with the command line's overrides.
    var settings: SynthCitySettings {
        var s = SynthCitySettings(profile: profile, seed: seed)
        if let train { s.trainCount = train }
        if let val { s.valCount = val }
        switch (width, height) {
        case let (w?, h?): s.width = w; s.height = h
        case let (w?, nil): s.width = w; s.height = w / 2
        case let (nil, h?): s.height = h; s.width = 2 * h
        case (nil, nil): break
        }
        return s
    }

    func validate() throws {
        do {
            try settings.validate()
        } catch let error as SynthCityError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let settings = self.settings
        let total = settings.trainCount + settings.valCount
        print("SynthCity \(profile.rawValue): \(settings.trainCount) train + \(settings.valCount) val sequences "
              + "at \(settings.width)x\(settings.height), seed \(settings.seed), settings hash \(settings.hash)")
        let bar = ProgressBar(label: "rendering", total: total)
        let result = try SynthCityGenerator(settings: settings).generate(root: root) { done, _ in
            bar.update(done: done)
        }
        if result.reused {
            print("\(result.root) already holds this dataset (settings hash \(result.settingsHash)); nothing to do.")
        } else {
            bar.finish(done: total)
            print("wrote \(result.sequenceCount) sequences to \(result.root) in "
                  + String(format: "%.1f", result.seconds) + " s (settings hash \(result.settingsHash))")
        }
    }
}

extension SynthCityProfile: ExpressibleByArgument {}
