import EngineTestSupport
import Foundation
import TensorEngine
import Training
import XCTest

/// Checkpoints: round trip, retention, refusal of another configuration's files.
final class CheckpointFolderTests: XCTestCase {
    func testRoundTripAndRetention() throws {
        let folder = try TemporaryFolder("checkpoints")
        defer { folder.remove() }
        let store = try CheckpointFolder(path: folder.path + "/run", configurationHash: "abc", keep: 2)
        XCTAssertNil(try store.latest(phase: "depth1"))
        for step in [100, 200, 300] {
            try store.save(phase: "depth1", step: step,
                           model: ["encoder.conv1.weight": Tensor([Float(step), 2, 3], shape: [3])],
                           optimizer: ["group0.param0.m": Tensor([1], shape: [1])],
                           metadata: ["note": "x"])
        }
        XCTAssertEqual(store.steps(phase: "depth1"), [200, 300])
        let latest = try XCTUnwrap(try store.latest(phase: "depth1"))
        XCTAssertEqual(latest.step, 300)
        XCTAssertEqual(latest.model["encoder.conv1.weight"]?.scalars, [300, 2, 3])
        XCTAssertEqual(latest.optimizer["group0.param0.m"]?.scalars, [1])
        XCTAssertEqual(latest.metadata["note"], "x")
        XCTAssertEqual(latest.metadata["phase"], "depth1")
        XCTAssertTrue(latest.path.hasSuffix("/run/depth1-step0000300.safetensors"), latest.path)
        XCTAssertNil(try store.latest(phase: "depth2"))
    }

    func testAnotherConfigurationIsRefused() throws {
        let folder = try TemporaryFolder("checkpoints-mismatch")
        defer { folder.remove() }
        try CheckpointFolder(path: folder.path, configurationHash: "aaa")
            .save(phase: "seg", step: 5, model: ["w": Tensor([1], shape: [1])], optimizer: [:])
        let other = try CheckpointFolder(path: folder.path, configurationHash: "bbb")
        XCTAssertThrowsError(try other.latest(phase: "seg")) {
            XCTAssertEqual($0 as? TrainingError,
                           .configurationMismatch(folder: folder.path, expectedHash: "bbb", foundHash: "aaa"))
        }
    }

    func testCorruptCheckpointIsNamed() throws {
        let folder = try TemporaryFolder("checkpoints-corrupt")
        defer { folder.remove() }
        let store = try CheckpointFolder(path: folder.path, configurationHash: "h")
        let file = store.file(phase: "seg", step: 7)
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try store.latest(phase: "seg")) {
            XCTAssert("\($0)".contains(file), "\($0)")
        }
    }

    func testStepClockQuantiles() {
        var clock = StepClock(now: 0)
        for t in [1.0, 3.0, 4.0, 10.0] { clock.tick(now: t) }
        XCTAssertEqual(clock.durations, [1, 2, 1, 6])
        // Sorted 1 1 2 6; nearest rank round(q * 3).
        XCTAssertEqual(clock.quantile(0.5), 2)
        XCTAssertEqual(clock.quantile(0.9), 6)
        XCTAssertEqual(clock.quantile(0), 1)
    }
}
