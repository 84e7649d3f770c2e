/// A residual block of a ResNet stage: [N, Cin, H, W] -> [N, Cout, H / stride, W / stride].
public protocol ResNetBlock: UnaryLayer {}
