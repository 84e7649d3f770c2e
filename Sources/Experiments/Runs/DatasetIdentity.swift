import CityscapesData
import Foundation
import Training

/// The identity of a dataset tree for run records: SynthCity's settings hash (from
/// ROOT/synthcity/settings.json), or for another tree (a real Cityscapes copy) a hash of
/// its training and validation image names.
public enum DatasetIdentity {
    public static func hash(root: String) throws -> String {
        let settings = root + "/synthcity/settings.json"
        if let data = FileManager.default.contents(atPath: settings),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let hash = json["hash"] as? String {
            return "synthcity:" + hash
        }
        let layout = CityscapesLayout(root: root)
        var names: [String] = []
        for split in [CityscapesSplit.train, .val] {
            let folder = layout.directory(.leftImg8bit) + "/" + split.rawValue
            guard let cities = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw ExperimentError.missingFile(path: folder, what: "image folder")
            }
            for city in cities.sorted() {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + city)) ?? []
                names += files.sorted().map { "\(split)/\(city)/\($0)" }
            }
        }
        return "tree:" + (try ConfigurationHash.of(names))
    }
}
