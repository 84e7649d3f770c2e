/// Named presets of `SynthCitySettings`.
///
/// - `smoke`: 24 train / 8 val sequences at 128x64, for checks that run in seconds.
/// - `quick`: the default, 1000 train / 300 val at 128x64 (about a minute to render on
///   2 cores; at 8192 pixels per image a small depth/segmentation network trains on
///   it in minutes on the CPU).
/// - `standard`: Cityscapes' own split sizes, 2975 train / 500 val, at 128x64.
public enum SynthCityProfile: String, CaseIterable, Sendable {
    case smoke
    case quick
    case standard
}
