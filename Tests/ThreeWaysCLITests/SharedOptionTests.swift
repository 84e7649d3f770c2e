import EngineTestSupport
import Foundation
import XCTest

/// The options that commands share: `--profile` parses the four profiles (anything else is
/// a usage error listing them), and a missing dataset is one usage error saying how to
/// generate it.
final class SharedOptionTests: XCTestCase {
    func testAnUnknownProfileIsAUsageErrorListingTheProfiles() throws {
        let folder = try TemporaryFolder("profile-option")
        defer { folder.remove() }
        for (k, command) in [["run", "--experiment", "210"], ["reproduce"], ["select-labels", "--method", "random"],
                             ["pretrain-depth", "--out", folder.path + "/d"], ["train-seg", "--out", folder.path + "/s"],
                             ["report", "--db", folder.path + "/r.sqlite", "--out", folder.path + "/r"]].enumerated() {
            let result = try CLIProcess.run(command + ["--profile", "bogus"], log: folder.path + "/\(k).log")
            XCTAssertEqual(result.status, 64, "\(command): \(result.output)")
            XCTAssertTrue(result.output.contains("'bogus' is invalid for '--profile"), "\(command): \(result.output)")
            XCTAssertTrue(result.output.contains("'smoke', 'quick', 'standard' or 'paper'"), "\(command): \(result.output)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".log") }, [])
    }

    func testAMissingDatasetSaysHowToGenerateIt() throws {
        let folder = try TemporaryFolder("data-option")
        defer { folder.remove() }
        let missing = folder.path + "/none"
        let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs").path
        for (k, command) in [["run", "--experiment", "210", "--runs", folder.path + "/runs"],
                             ["select-labels", "--method", "random", "--runs", folder.path + "/runs"],
                             ["grid", "--experiment", "210", "--slurm", folder.path + "/grid"]].enumerated() {
            let result = try CLIProcess.run(command + ["--profile", "standard", "--root", missing, "--configs", configs],
                                            log: folder.path + "/\(k).log")
            XCTAssertEqual(result.status, 64, "\(command): \(result.output)")
            XCTAssertTrue(result.output.contains("no dataset at \(missing): generate it (`threeways data generate "
                                                 + "--profile standard --root \(missing)`) or pass --root"),
                          "\(command): \(result.output)")
        }
    }
}
