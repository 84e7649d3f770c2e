import EngineTestSupport
import Foundation
import ResultsStore
import XCTest

/// `report`, `regress` and `merge --compare` only read their databases: a missing or
/// non-SQLite path is an error naming it, exit status 1, and no file is created.
final class StoreReadingCommandTests: XCTestCase {
    func testMistypedOrForeignDatabasePathsAreErrorsThatCreateNothing() throws {
        let folder = try TemporaryFolder("store-reading")
        defer { folder.remove() }
        let missing = folder.path + "/typo/results.sqlite"
        let text = folder.path + "/notes.txt"
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let good = folder.path + "/good.sqlite"
        _ = try ResultsStore(path: good)
        let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs").path
        let cases: [(arguments: [String], names: String)] = [
            (["report", "--db", missing, "--out", folder.path + "/r1", "--configs", configs], missing),
            (["report", "--db", text, "--out", folder.path + "/r2", "--configs", configs], text),
            (["regress", "--db", missing, "--baseline", folder.path + "/b.json"], missing),
            (["regress", "--db", text, "--baseline", folder.path + "/b.json", "--capture"], text),
            (["merge", "--compare", missing, good], missing),
            (["merge", "--compare", good, text], text),
        ]
        for (k, c) in cases.enumerated() {
            let before = try Set(FileManager.default.subpathsOfDirectory(atPath: folder.path))
            let result = try CLIProcess.run(c.arguments, log: NSTemporaryDirectory() + "/store-reading-\(k).log")
            XCTAssertEqual(result.status, 1, "\(c.arguments): \(result.output)")
            XCTAssert(result.output.contains(c.names), "\(c.arguments) should name \(c.names): \(result.output)")
            let after = try Set(FileManager.default.subpathsOfDirectory(atPath: folder.path))
            XCTAssertEqual(after, before, "\(c.arguments) created \(after.subtracting(before))")
        }
    }

    func testOpeningExistingStoresLeavesTheFolderAlone() throws {
        let folder = try TemporaryFolder("store-open")
        defer { folder.remove() }
        let path = folder.path + "/r.sqlite"
        let store = try ResultsStore(path: path)
        let run = try store.insert(Run(experiment: "210", configName: "scratch", profile: "smoke", seed: 1, subsetSize: 4,
                                       subsetIdentity: "random:4:1", configJSON: "{}", configHash: "h", datasetHash: "d",
                                       codeCommit: "c", codeDirty: false, threads: 1, machine: "m", startedAt: Date()))
        try store.finish(runId: run.id!, status: .done)
        // A WAL database (as a run leaves it) is read.
        let reader = try ResultsStore.openExisting(path: path)
        XCTAssertTrue(reader.isReadOnly)
        XCTAssertEqual(try reader.runs().map(\.configName), ["scratch"])
        XCTAssertThrowsError(try reader.finish(runId: run.id!, status: .failed))
        // A committed store in rollback-journal mode is read without a file appearing.
        let copy = folder.path + "/committed/results.sqlite"
        try FileManager.default.createDirectory(atPath: folder.path + "/committed", withIntermediateDirectories: true)
        try store.exportSingleFile(to: copy)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        let committed = try ResultsStore.openExisting(path: copy)
        XCTAssertEqual(try committed.runs().count, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/committed"), ["results.sqlite"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), bytes)
        XCTAssertThrowsError(try ResultsStore.openExisting(path: folder.path)) {
            XCTAssert("\($0)".contains("does not exist"), "\($0)")
        }
    }
}
