import Foundation
import TensorEngine

/// The checkpoints of one training run in a folder, as safetensors files named
/// `{phase}-step{step:07d}.safetensors`.
///
/// A checkpoint holds the model's tensors under "model.<name>", the optimiser's state
/// under "optimizer.<key>", and metadata: the phase, the step (number of completed
/// optimiser steps) and the configuration hash. Files are written atomically (temporary
/// file, then rename) and older checkpoints of a phase are deleted only after the new
/// one is in place, so a killed run always leaves a complete checkpoint behind.
public struct CheckpointFolder: Sendable {
    /// The run's folder.
    public let path: String
    /// Hash of the configuration that trains into this folder; checkpoints with another
    /// hash are refused.
    public let configurationHash: String
    /// Checkpoints kept per phase (the newest ones).
    public let keep: Int

    public init(path: String, configurationHash: String, keep: Int = 1) throws {
        self.path = path
        self.configurationHash = configurationHash
        self.keep = max(1, keep)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// One loaded checkpoint.
    public struct Checkpoint {
        /// The file it came from.
        public let path: String
        /// Completed optimiser steps.
        public let step: Int
        /// The model's tensors, by name.
        public let model: [String: Tensor]
        /// The optimiser's state, by key.
        public let optimizer: [String: Tensor]
        /// Every metadata entry.
        public let metadata: [String: String]
    }

    /// The file of `phase` at `step`.
    public func file(phase: String, step: Int) -> String {
        let digits = String(step)
        return "\(path)/\(phase)-step\(String(repeating: "0", count: max(0, 7 - digits.count)))\(digits).safetensors"
    }

    /// Steps of the checkpoints of `phase` present, ascending.
    public func steps(phase: String) -> [Int] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let prefix = "\(phase)-step", suffix = ".safetensors"
        return files.compactMap { name -> Int? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            return Int(name.dropFirst(prefix.count).dropLast(suffix.count))
        }.sorted()
    }

    /// Writes a checkpoint and then removes older ones beyond `keep`.
    public func save(phase: String, step: Int, model: [String: Tensor], optimizer: [String: Tensor],
                     metadata: [String: String] = [:]) throws {
        var tensors: [String: Tensor] = [:]
        for (k, v) in model { tensors["model." + k] = v }
        for (k, v) in optimizer { tensors["optimizer." + k] = v }
        var meta = metadata
        meta["phase"] = phase
        meta["step"] = String(step)
        meta["configuration_hash"] = configurationHash
        try SafeTensors.write(tensors, metadata: meta, to: URL(fileURLWithPath: file(phase: phase, step: step)))
        for old in steps(phase: phase).dropLast(keep) where old != step {
            try? FileManager.default.removeItem(atPath: file(phase: phase, step: old))
        }
    }

    /// The newest checkpoint of `phase`, or nil when there is none. Throws when it
    /// belongs to another configuration or cannot be read.
    public func latest(phase: String) throws -> Checkpoint? {
        guard let step = steps(phase: phase).last else { return nil }
        return try load(file(phase: phase, step: step))
    }

    /// Loads a checkpoint file and checks its configuration hash.
    public func load(_ file: String) throws -> Checkpoint {
        let checkpoint = try Self.read(file)
        let found = checkpoint.metadata["configuration_hash"] ?? "none"
        guard found == configurationHash else {
            throw TrainingError.configurationMismatch(folder: path, expectedHash: configurationHash, foundHash: found)
        }
        return checkpoint
    }

    /// Reads any checkpoint file written by `save` (e.g. a depth checkpoint to
    /// initialise segmentation from), without checking its configuration.
    public static func read(_ file: String) throws -> Checkpoint {
        let (tensors, metadata) = try SafeTensors.read(from: URL(fileURLWithPath: file))
        guard let stepText = metadata["step"], let step = Int(stepText) else {
            throw TrainingError.invalidCheckpoint(path: file, reason: "no 'step' in its metadata")
        }
        var model: [String: Tensor] = [:], optimizer: [String: Tensor] = [:]
        for (k, v) in tensors {
            if k.hasPrefix("model.") {
                model[String(k.dropFirst(6))] = v
            } else if k.hasPrefix("optimizer.") {
                optimizer[String(k.dropFirst(10))] = v
            } else {
                throw TrainingError.invalidCheckpoint(path: file, reason: "unexpected entry '\(k)'")
            }
        }
        return Checkpoint(path: file, step: step, model: model, optimizer: optimizer, metadata: metadata)
    }
}
