import Foundation

/// The contents of a Cityscapes `*_camera.json` file.
///
/// Intrinsics are in pixels of the stored images (`u0`, `v0`: principal point, with
/// pixel centres at integer coordinates). Extrinsics place the camera in the vehicle
/// frame (x forward, y left, z up; metres) with yaw, pitch and roll in radians;
/// `baseline` is the stereo baseline in metres, so depth = baseline * fx / disparity.
public struct CityscapesCamera: Equatable, Sendable {
    /// Focal lengths in pixels.
    public var fx: Double
    public var fy: Double
    /// Principal point in pixels.
    public var u0: Double
    public var v0: Double
    /// Stereo baseline in metres.
    public var baseline: Double
    /// Camera position in the vehicle frame, metres.
    public var x: Double
    public var y: Double
    public var z: Double
    /// Camera orientation in the vehicle frame, radians.
    public var yaw: Double
    public var pitch: Double
    public var roll: Double

    public init(fx: Double, fy: Double, u0: Double, v0: Double, baseline: Double,
                x: Double, y: Double, z: Double, yaw: Double, pitch: Double, roll: Double) {
        self.fx = fx
        self.fy = fy
        self.u0 = u0
        self.v0 = v0
        self.baseline = baseline
        self.x = x
        self.y = y
        self.z = z
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }

    /// Why a camera file could not be understood.
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses the JSON text of a Cityscapes camera file.
    public init(json: Foundation.Data) throws {
        let object = try JSONSerialization.jsonObject(with: json)
        guard let top = object as? [String: Any],
              let intrinsic = top["intrinsic"] as? [String: Any],
              let extrinsic = top["extrinsic"] as? [String: Any] else {
            throw FormatError(description: "camera JSON needs 'intrinsic' and 'extrinsic' objects")
        }
        func number(_ table: [String: Any], _ key: String) throws -> Double {
            guard let value = table[key] as? NSNumber else {
                throw FormatError(description: "camera JSON lacks the number '\(key)'")
            }
            return value.doubleValue
        }
        self.init(fx: try number(intrinsic, "fx"), fy: try number(intrinsic, "fy"),
                  u0: try number(intrinsic, "u0"), v0: try number(intrinsic, "v0"),
                  baseline: try number(extrinsic, "baseline"),
                  x: try number(extrinsic, "x"), y: try number(extrinsic, "y"),
                  z: try number(extrinsic, "z"), yaw: try number(extrinsic, "yaw"),
                  pitch: try number(extrinsic, "pitch"), roll: try number(extrinsic, "roll"))
    }

    /// The file's text in Cityscapes' own layout (keys sorted, four-space indent);
    /// numbers are written in their shortest exact decimal form.
    public var jsonText: String {
        """
        {
            "extrinsic": {
                "baseline": \(baseline),
                "pitch": \(pitch),
                "roll": \(roll),
                "x": \(x),
                "y": \(y),
                "yaw": \(yaw),
                "z": \(z)
            },
            "intrinsic": {
                "fx": \(fx),
                "fy": \(fy),
                "u0": \(u0),
                "v0": \(v0)
            }
        }

        """
    }
}
