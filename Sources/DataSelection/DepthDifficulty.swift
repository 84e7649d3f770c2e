import TensorEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-image difficulty (uncertainty) score of 'us' and 'ds_us': the student's
/// 'abs_log' depth error against the depth teacher (reference: label_selection.py
/// `acquire_scores`, depth_error_types "abs_log", depth_lambda 1, entropy_lambda 0).
///
/// For one image, with p the student's sigmoid disparity at scale 0 and t the teacher's
/// pseudo-depth (its disparity normalised per frame to [0, 1]), both [H, W] and unitless:
///
///     e = |log(1 + p) - log(1 + t)|                       per pixel
///     e = 0 where any pixel of the 7 x 7 window around it (clipped at the border)
///           has t < 0.07  (the reference: dilate(t < 0.07, 7, padding 3))
///     e = 0 in rows Int(0.87 H) ..< H                    (the ego car)
///     score = mean of e over all H x W pixels (zeros included)
///
/// The reference computes it in evaluation mode on the whole, unaugmented training
/// image (batch 1).
public enum DepthDifficulty {
    /// Teacher disparities below this mark a pixel's neighbourhood as unreliable.
    public static let lowDisparity: Float = 0.07
    /// Side of the square neighbourhood the low-disparity mask is dilated to (7).
    public static let dilation = 7
    /// Rows from Int(0.87 H) on are ignored.
    public static let ownCarFraction = 0.87

    /// The score of each image: `prediction` and `pseudoDepth` are [N, 1, H, W]
    /// disparities (student, teacher); returns N scores (unitless, >= 0).
    public static func scores(prediction: Tensor, pseudoDepth: Tensor) -> [Float] {
        precondition(prediction.rank == 4 && prediction.shape[1] == 1 && prediction.shape == pseudoDepth.shape,
                     "DepthDifficulty: prediction \(prediction.shape) and pseudo-depth \(pseudoDepth.shape) must both be [N, 1, H, W]")
        let (n, h, w) = (prediction.shape[0], prediction.shape[2], prediction.shape[3])
        var result = [Float](repeating: 0, count: n)
        result.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEachChunk(n, grain: 1) { _, range in
                var rows = [UInt8](repeating: 0, count: h * w)
                var masked = [UInt8](repeating: 0, count: h * w)
                rows.withUnsafeMutableBufferPointer { rowScratch in
                    masked.withUnsafeMutableBufferPointer { maskScratch in
                        for image in range {
                            out[image] = score(prediction.data + image * h * w, pseudoDepth.data + image * h * w,
                                               height: h, width: w, rows: rowScratch.baseAddress!,
                                               masked: maskScratch.baseAddress!)
                        }
                    }
                }
            }
        }
        return result
    }

    /// One image's score; `rows` and `masked` are scratch buffers of H x W bytes.
    static func score(_ p: UnsafePointer<Float>, _ t: UnsafePointer<Float>, height h: Int, width w: Int,
                      rows: UnsafeMutablePointer<UInt8>, masked: UnsafeMutablePointer<UInt8>) -> Float {
        guard h > 0, w > 0 else { return 0 }
        let radius = dilation / 2
        // Dilation of (t < 0.07) by a 7 x 7 square, separably: along rows, then columns.
        for y in 0..<h {
            for x in 0..<w {
                var hit: UInt8 = 0
                for xx in max(0, x - radius)...min(w - 1, x + radius) where t[y * w + xx] < lowDisparity {
                    hit = 1
                    break
                }
                rows[y * w + x] = hit
            }
        }
        for y in 0..<h {
            for x in 0..<w {
                var hit: UInt8 = 0
                for yy in max(0, y - radius)...min(h - 1, y + radius) where rows[yy * w + x] != 0 {
                    hit = 1
                    break
                }
                masked[y * w + x] = hit
            }
        }
        let usedRows = min(h, Int(ownCarFraction * Double(h)))
        var sum = 0.0
        for i in 0..<(usedRows * w) where masked[i] == 0 {
            sum += Double(Swift.abs(logf(1 + p[i]) - logf(1 + t[i])))
        }
        return Float(sum / Double(h * w))
    }
}
