import Foundation

/// One row of the training-step benchmark: which step, at which batch, input size
/// (pixels), width multiplier of the small network profile and thread count.
struct StepShape: Codable, Equatable {
    /// "depth" (a phase-1 self-supervised depth step) or "segmentation" (experiment 210).
    var step: String
    var batch: Int
    var height: Int
    var width: Int
    var widthMultiplier: Float
    var threads: Int

    /// "depth b2 64x128 w0.25 t2".
    var label: String {
        "\(step) b\(batch) \(height)x\(width) w\(widthMultiplier) t\(threads)"
    }

    /// The rows of `--matrix` (issue 17's table): both steps at the trained sizes with
    /// `threads`, and the 1-thread rows that give the engine's 2-thread speed-up.
    static func matrix(threads: Int) -> [StepShape] {
        var rows: [StepShape] = []
        let sizes: [(batch: Int, height: Int, width: Int, multiplier: Float)] = [
            (2, 64, 128, 0.25), (8, 64, 128, 0.25), (2, 128, 256, 0.25), (2, 128, 256, 1),
        ]
        for size in sizes {
            for step in ["depth", "segmentation"] {
                rows.append(StepShape(step: step, batch: size.batch, height: size.height, width: size.width,
                                      widthMultiplier: size.multiplier, threads: threads))
            }
        }
        if threads != 1 {
            for size in [sizes[0], sizes[3]] {
                for step in ["depth", "segmentation"] {
                    rows.append(StepShape(step: step, batch: size.batch, height: size.height, width: size.width,
                                          widthMultiplier: size.multiplier, threads: 1))
                }
            }
        }
        return rows
    }
}

/// A measured row, as written by `--json`.
struct StepRowResult: Codable {
    var step: String
    var batch: Int
    var height: Int
    var width: Int
    var widthMultiplier: Float
    var threads: Int
    /// Work of the step's matrix products (2 m n k each), GFLOP.
    var gflop: Double
    var oursMs: Double
    var torchMs: Double?
    var oursPeakMiB: Double
    var torchPeakMiB: Double?

    var shape: StepShape {
        StepShape(step: step, batch: batch, height: height, width: width, widthMultiplier: widthMultiplier, threads: threads)
    }

    /// PyTorch time / ours.
    var ratio: Double? { torchMs.map { $0 / oursMs } }
    /// Our effective rate on the products, GFLOP/s.
    var gflops: Double { gflop / (oursMs / 1000) }

    /// Writes explicit nulls for missing PyTorch figures (the documented schema).
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(batch, forKey: .batch)
        try c.encode(height, forKey: .height)
        try c.encode(width, forKey: .width)
        try c.encode(widthMultiplier, forKey: .widthMultiplier)
        try c.encode(threads, forKey: .threads)
        try c.encode(gflop, forKey: .gflop)
        try c.encode(oursMs, forKey: .oursMs)
        try c.encode(torchMs, forKey: .torchMs)
        try c.encode(oursPeakMiB, forKey: .oursPeakMiB)
        try c.encode(torchPeakMiB, forKey: .torchPeakMiB)
    }
}

/// The `--json` document.
struct StepReport: Codable {
    /// The sgemm ceiling at the command's --threads.
    var sgemmGflops: Double
    /// The ceiling at every thread count the rows use ("1", "2"), for their shares.
    var sgemmGflopsByThreads: [String: Double]
    var rows: [StepRowResult]
}
