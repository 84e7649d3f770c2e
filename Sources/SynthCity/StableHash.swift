/// FNV-1a, 64-bit: a stable hash (unlike Swift's `Hasher`, which is seeded per process)
/// for settings fingerprints written to disk.
enum StableHash {
    /// The FNV-1a 64-bit hash of the UTF-8 bytes of `text`.
    static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// `value` as 16 lower-case hexadecimal digits.
    static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
