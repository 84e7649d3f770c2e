/// One frame of one Cityscapes sequence: `{city}_{sequence:06d}_{frame:06d}`.
///
/// In Cityscapes the labelled frame of a sequence is frame 19 and its neighbours in
/// `leftImg8bit_sequence` are frames 18, 20, ...; `offset(by:)` steps between them.
public struct CityscapesFrameID: Hashable, Comparable, Sendable {
    /// City name (lower case, no underscores), e.g. "aachen".
    public var city: String
    /// Sequence number within the city.
    public var sequence: Int
    /// Frame number within the sequence.
    public var frame: Int

    public init(city: String, sequence: Int, frame: Int) {
        precondition(sequence >= 0 && frame >= 0,
                     "CityscapesFrameID: negative sequence \(sequence) or frame \(frame)")
        self.city = city
        self.sequence = sequence
        self.frame = frame
    }

    /// Parses the start of a Cityscapes file name, e.g. "aachen_000000_000019" or
    /// "aachen_000000_000019_leftImg8bit.png"; nil when it does not start that way.
    public init?(fileName: String) {
        let parts = fileName.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty, parts[1].count == 6, parts[2].count == 6,
              (parts[1] + parts[2]).allSatisfy({ $0 >= "0" && $0 <= "9" }),
              let sequence = Int(parts[1]), let frame = Int(parts[2]), sequence >= 0, frame >= 0
        else { return nil }
        self.init(city: String(parts[0]), sequence: sequence, frame: frame)
    }

    /// The file-name stem, e.g. "aachen_000000_000019".
    public var stem: String { "\(city)_\(Self.pad6(sequence))_\(Self.pad6(frame))" }

    /// The frame `k` frames later (earlier for negative `k`) in the same sequence.
    public func offset(by k: Int) -> CityscapesFrameID {
        CityscapesFrameID(city: city, sequence: sequence, frame: frame + k)
    }

    public static func < (a: CityscapesFrameID, b: CityscapesFrameID) -> Bool {
        (a.city, a.sequence, a.frame) < (b.city, b.sequence, b.frame)
    }

    /// Zero-padded to six digits, as in every Cityscapes file name.
    static func pad6(_ n: Int) -> String {
        let digits = String(n)
        return digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
    }
}
