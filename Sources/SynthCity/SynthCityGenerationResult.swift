/// What `SynthCityGenerator.generate` did.
public struct SynthCityGenerationResult: Sendable {
    /// The tree's root folder.
    public let root: String
    /// Settings hash of the tree.
    public let settingsHash: String
    /// True when a complete tree with the same settings hash was already there and
    /// nothing was rendered.
    public let reused: Bool
    /// Number of sequences in the tree (train plus val).
    public let sequenceCount: Int
    /// Wall-clock seconds spent (checking or rendering and writing).
    public let seconds: Double
}
