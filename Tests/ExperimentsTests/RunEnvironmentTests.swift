import EngineTestSupport
import Experiments
import Foundation
import XCTest

/// Provenance of runs: commit, dirty flag and machine.
final class RunEnvironmentTests: XCTestCase {
    func testCommitAndDirtyFlagOfAGitTree() throws {
        let folder = try TemporaryFolder("gitenv")
        defer { folder.remove() }
        func git(_ args: String...) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", folder.path, "-c", "user.name=t", "-c", "user.email=t@t"] + args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, args.joined(separator: " "))
        }
        try git("init", "-q")
        try "a".write(toFile: folder.path + "/f.txt", atomically: true, encoding: .utf8)
        try git("add", "f.txt")
        try git("commit", "-q", "-m", "first")
        let clean = RunEnvironment.current(directory: folder.path)
        XCTAssertEqual(clean.commit.count, 40, clean.commit)
        XCTAssertFalse(clean.dirty)
        try "b".write(toFile: folder.path + "/f.txt", atomically: true, encoding: .utf8)
        let dirty = RunEnvironment.current(directory: folder.path)
        XCTAssertEqual(dirty.commit, clean.commit)
        XCTAssertTrue(dirty.dirty)

        let outside = RunEnvironment.current(directory: "/")
        XCTAssertEqual(outside.commit, "unknown")
        XCTAssert(outside.machine.contains("cores"), outside.machine)
    }
}
