/// How a convolution's weight and bias are drawn before training.
public enum ConvInitialization: Sendable, Equatable {
    /// PyTorch's default for nn.Conv2d: weight and bias uniform in
    /// [-1/sqrt(fan_in), 1/sqrt(fan_in)], fan_in = Cin * kh * kw.
    case pytorchDefault
    /// torchvision's ResNet initialisation: weight normal with standard deviation
    /// sqrt(2 / fan_out), fan_out = Cout * kh * kw (kaiming_normal_, mode 'fan_out',
    /// ReLU gain); bias (if any) zero.
    case kaimingNormalFanOut
    /// Weight and bias zero (e.g. attention convolutions that start switched off).
    case zeros
}
