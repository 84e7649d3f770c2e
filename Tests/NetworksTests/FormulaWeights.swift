import TensorEngine
import Networks

/// Deterministic network weights computed from each tensor's name and element index:
/// the contract between ReferenceParityTests and scripts/check_network_parity.py
/// (`formula_values`), which fills the reference's PyTorch modules with the same bits
/// so that the fixture needs to hold only inputs and outputs. Change both together,
/// bump `version` on both sides and rewrite the fixture (`--write-fixture`).
///
/// For element i of the tensor with full state name `name` (e.g.
/// "encoder.encoder.conv1.weight"), in wrapping UInt32 arithmetic:
///   x = fnv1a32(utf8(name)) ^ (i * 0x9E3779B9), then the lowbias32 mixer
///   (x ^= x >> 16; x *= 0x7FEB352D; x ^= x >> 15; x *= 0x846CA68B; x ^= x >> 16),
///   u = Float(x >> 8) * 2^-23 - 1, exactly, in [-1, 1).
/// Then, in Float32:
///   rank >= 2 (conv / linear weights): u * (1.75 / sqrt(fan_in)), fan_in = count / shape[0]
///   running_mean: u / 8;  running_var: 3/4 + |u| / 4
///   other rank-1 "weight" (batch-norm scale): 1 + u / 8;  "bias": u / 8
///   num_batches_tracked: 0 (evaluation ignores it; the script leaves PyTorch's)
/// Every step is one correctly rounded Float32 operation or exact, so both languages
/// agree bit for bit.
enum FormulaWeights {
    /// Recorded in each fixture file's metadata as "weights": "formula v<version>".
    static let version = "1"

    /// A state tensor the formula has no rule for.
    struct UnknownTensorKind: Error, CustomStringConvertible {
        let name: String
        let shape: [Int]
        var description: String { "the weight formula has no rule for \(name) \(shape)" }
    }

    /// 32-bit FNV-1a of `name`'s UTF-8 bytes.
    static func nameHash(_ name: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// Element `index` of the tensor whose name hashes to `nameHash`, in [-1, 1).
    static func uniform(nameHash: UInt32, index: Int) -> Float {
        var x = nameHash ^ (UInt32(truncatingIfNeeded: index) &* 0x9E37_79B9)
        x ^= x >> 16
        x &*= 0x7FEB_352D
        x ^= x >> 15
        x &*= 0x846C_A68B
        x ^= x >> 16
        return Float(x >> 8) * 0x1p-23 - 1
    }

    /// The formula's values for the state tensor `name` of `shape`.
    static func values(name: String, shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        let value: (Float) -> Float
        if name.hasSuffix("num_batches_tracked") {
            value = { _ in 0 }
        } else if shape.count >= 2 {
            let scale = Float(1.75) / Float(count / shape[0]).squareRoot()
            value = { $0 * scale }
        } else if name.hasSuffix("running_mean") {
            value = { $0 * 0.125 }
        } else if name.hasSuffix("running_var") {
            value = { 0.75 + abs($0) * 0.25 }
        } else if name.hasSuffix("weight") {
            value = { 1 + $0 * 0.125 }
        } else if name.hasSuffix("bias") {
            value = { $0 * 0.125 }
        } else {
            throw UnknownTensorKind(name: name, shape: shape)
        }
        let hash = nameHash(name)
        return Tensor((0..<count).map { value(uniform(nameHash: hash, index: $0)) }, shape: shape)
    }

    /// Fills every tensor of `module`'s state dict from the formula (loaded strictly, so
    /// every name is covered) and puts the module in evaluation mode.
    static func fill(_ module: Module) throws {
        var state: [String: Tensor] = [:]
        for (name, tensor) in module.stateDict() {
            state[name] = try values(name: name, shape: tensor.shape)
        }
        try module.load(stateDict: state, strict: true)
        module.eval()
    }
}
