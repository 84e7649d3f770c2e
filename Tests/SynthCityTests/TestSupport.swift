import CityscapesData
@_exported import EngineTestSupport
import Foundation
import ImageIO
import SynthCity
import XCTest

/// Tiny settings for tests: three 64x32 training sequences.
func tinySettings(seed: UInt64 = 11, train: Int = 3, val: Int = 0, motion: Double = 0.35,
                  stationary: Double = 0.04) -> SynthCitySettings {
    SynthCitySettings(seed: seed, trainCount: train, valCount: val, width: 64, height: 32, supersampling: 2,
                      independentMotionProbability: motion, stationaryCameraProbability: stationary,
                      sensorNoise: 1.0)
}

/// Every regular file under `root`, as paths relative to it, sorted.
func relativeFiles(under root: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: root)
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}

/// The parsed JSON object at `path`.
func readJSON(_ path: String) throws -> [String: Any] {
    let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: path))
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is not an object")
}

/// The 4x4 camera-to-world matrix of `frame` from a SynthCity pose file, as rows.
func poseMatrix(_ pose: [String: Any], frame: String) throws -> [[Double]] {
    let frames = try XCTUnwrap(pose["frames"] as? [String: Any])
    let rows = try XCTUnwrap(frames[frame] as? [[NSNumber]], "pose file lacks frame \(frame)")
    XCTAssertEqual(rows.count, 4)
    return rows.map { $0.map(\.doubleValue) }
}
