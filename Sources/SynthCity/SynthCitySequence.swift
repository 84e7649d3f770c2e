/// A rendered SynthCity sequence held in memory.
///
/// Images are `width` x `height`, row-major, top row first. `images[k]` is the frame
/// at offset `SynthCityRig.frameOffsets[k]` (8-bit RGB); `labelIds` and `depth` belong
/// to frame 0 (depth: z-depth in metres along the optical axis, 0 for sky).
public struct SynthCitySequence: Sendable {
    public let sample: SynthCitySample
    public let description: SceneDescription
    public let width: Int
    public let height: Int
    /// Camera-to-world pose of each frame, in `SynthCityRig.frameOffsets` order.
    public let poses: [CameraPose]
    /// RGB samples of each frame, in `SynthCityRig.frameOffsets` order.
    public let images: [[UInt8]]
    public let labelIds: [UInt8]
    public let depth: [Float]
    /// Number of objects that move independently between frames.
    public let movingObjectCount: Int

    /// The RGB samples of the frame at `offset` (-1, 0 or +1).
    public func image(offset: Int) -> [UInt8] {
        images[SynthCityRig.frameOffsets.firstIndex(of: offset)!]
    }

    /// The pose of the frame at `offset` (-1, 0 or +1).
    public func pose(offset: Int) -> CameraPose {
        poses[SynthCityRig.frameOffsets.firstIndex(of: offset)!]
    }
}
