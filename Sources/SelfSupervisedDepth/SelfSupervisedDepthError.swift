import TensorEngine

/// Why a self-supervised depth computation refused its input. Every message names the
/// offending argument (and the frame offset or scale where there is one).
public enum SelfSupervisedDepthError: Error, Equatable, CustomStringConvertible {
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// A tensor has the wrong shape; `name` says which argument, `expected` the shape
    /// it should have had.
    case shapeMismatch(name: String, expected: String, got: [Int])
    /// A frame offset of the configuration has no source image.
    case missingSource(offset: Int)
    /// A frame offset of the configuration has no camera transformation.
    case missingPose(offset: Int)
    /// The number of disparity maps differs from the number of scales.
    case wrongScaleCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid monodepth loss configuration: \(message)"
        case .shapeMismatch(let name, let expected, let got):
            return "'\(name)' has shape \(got), expected \(expected)"
        case .missingSource(let offset):
            return "no source image for frame offset \(offset) ('sources[\(offset)]')"
        case .missingPose(let offset):
            return "no camera transformation for frame offset \(offset) ('poses[\(offset)]')"
        case .wrongScaleCount(let expected, let got):
            return "'disparities' holds \(got) maps, expected one per scale (\(expected))"
        }
    }
}

/// Throws `shapeMismatch` unless `tensor.shape == expected`.
func requireShape(_ tensor: Tensor, _ expected: [Int], name: String) throws {
    guard tensor.shape == expected else {
        throw SelfSupervisedDepthError.shapeMismatch(name: name, expected: "\(expected)", got: tensor.shape)
    }
}
