/// A failure of a grid after its arguments were accepted (printed without a usage hint).
public struct GridError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}
