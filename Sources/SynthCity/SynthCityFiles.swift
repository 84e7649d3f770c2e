import CityscapesData
import Foundation

/// SynthCity's own files under ROOT/synthcity (besides the per-frame pose files):
///
///     settings.json   every setting, the generator version and the settings hash
///     scenes.csv      one row per sequence: split, city, sequence, frame, archetype,
///                     stationary camera, ego speed (m/frame), moving objects
///     COMPLETE        the settings hash, written last: the tree is complete
public struct SynthCityFiles: Sendable {
    public let layout: CityscapesLayout

    public init(root: String) {
        layout = CityscapesLayout(root: root)
    }

    public var directory: String { layout.directory(.synthcity) }
    public var settings: String { directory + "/settings.json" }
    public var sceneIndex: String { directory + "/scenes.csv" }
    public var completionMarker: String { directory + "/COMPLETE" }

    /// The settings hash of a complete tree at this root, or nil when the tree is
    /// missing or was not finished.
    public func completedHash() -> String? {
        guard FileManager.default.fileExists(atPath: settings),
              let marker = try? String(contentsOfFile: completionMarker, encoding: .utf8) else { return nil }
        let hash = marker.trimmingCharacters(in: .whitespacesAndNewlines)
        return hash.isEmpty ? nil : hash
    }

    /// The header of scenes.csv.
    static let sceneIndexHeader =
        "split,city,sequence,frame,archetype,stationary_camera,ego_speed_m_per_frame,moving_objects"

    /// One row of scenes.csv.
    static func sceneIndexRow(_ sample: SynthCitySample, _ description: SceneDescription, moving: Int) -> String {
        let speed = (description.egoSpeed * 1000).rounded() / 1000
        return "\(sample.split.rawValue),\(sample.frame.city),\(sample.frame.sequence),\(sample.frame.frame),"
            + "\(description.archetype.rawValue),\(description.stationaryCamera),\(speed),\(moving)"
    }
}
