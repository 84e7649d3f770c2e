import Foundation

/// A stable 64-bit FNV-1a hash of a value's sorted-key JSON, as 16 hex digits: the
/// identity of a configuration for checkpoints and results.
public enum ConfigurationHash {
    public static func of<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try encoder.encode(value) { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension ConfigurationHash {
    /// The value as sorted-key JSON text (what `of` hashes), for run records.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
