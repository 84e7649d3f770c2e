import Foundation
import Networks
import TensorEngine

/// Final network files (`depth.safetensors`, `segmentation.safetensors`): safetensors
/// with the network's state dict and metadata "kind" ("depth" or "segmentation"),
/// "networks" (the `NetworkSettings` as JSON) and "configuration_hash", so a file alone
/// is enough to rebuild its network.
public enum NetworkFile {
    /// The profile (or another network setting) as compact JSON with sorted keys.
    public static func encode<T: Encodable>(_ profile: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(profile), as: UTF8.self)
    }

    /// The "kind" of a multi-task network file (experiment 212); its metadata also
    /// holds "multi_task", the `MultiTaskDecoderSettings` as JSON.
    public static let multiTaskKind = "multitask"

    /// A network file's contents.
    public struct Contents {
        public let path: String
        /// "depth", "segmentation" or "multitask".
        public let kind: String
        public let networks: NetworkSettings
        public let configurationHash: String
        public let state: [String: Tensor]
        /// The multi-task decoder's layout ("multitask" files only).
        public var multiTask: MultiTaskDecoderSettings? = nil
    }

    /// Reads a network file; throws naming the file when it is not one.
    public static func read(_ path: String) throws -> Contents {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExperimentError.missingFile(path: path, what: "network file")
        }
        let (state, metadata) = try SafeTensors.read(from: URL(fileURLWithPath: path))
        guard let kind = metadata["kind"], let json = metadata["networks"] else {
            throw ExperimentError.invalidFile(path: path, reason: "no 'kind' and 'networks' metadata: not a final "
                                              + "network file of pretrain-depth or train-seg")
        }
        let networks: NetworkSettings
        do {
            networks = try JSONDecoder().decode(NetworkSettings.self, from: Data(json.utf8))
        } catch {
            throw ExperimentError.invalidFile(path: path, reason: "unreadable 'networks' metadata: \(error)")
        }
        var contents = Contents(path: path, kind: kind, networks: networks,
                                configurationHash: metadata["configuration_hash"] ?? "", state: state)
        if kind == multiTaskKind {
            do {
                contents.multiTask = try JSONDecoder().decode(MultiTaskDecoderSettings.self,
                                                              from: Data((metadata["multi_task"] ?? "").utf8))
            } catch {
                throw ExperimentError.invalidFile(path: path, reason: "unreadable 'multi_task' metadata: \(error)")
            }
        }
        return contents
    }
}
