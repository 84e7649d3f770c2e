/// A network configuration that cannot be built; the message names the setting.
public struct NetworkConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// E.g. "ResNetSettings.depth: 42 is not one of 18, 34, 50, 101, 152".
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// `channels` scaled by `multiplier`, rounded to the nearest integer and at least 8
/// (the channel widths of the small profiles).
public func scaledChannels(_ channels: Int, by multiplier: Float) -> Int {
    max(8, Int((Float(channels) * multiplier).rounded()))
}
