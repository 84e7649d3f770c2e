import Foundation

/// One measured operator: our time, the in-run references and derived rates.
struct BenchmarkRow: Codable {
    var name: String
    var kind: String               // "conv" or "op"
    var shape: String
    var seconds: Double            // ours, forward + backward
    var gflop: Double?             // work of the matrix products (conv only)
    var sgemmSeconds: Double?      // OpenBLAS sgemm on the same products, same run
    var torchSeconds: Double?      // PyTorch, same shapes and threads, same run

    var gflops: Double? { gflop.map { $0 / seconds } }
    var sgemmGflops: Double? { gflop.flatMap { g in sgemmSeconds.map { g / $0 } } }
    /// Our rate as a fraction of sgemm's (1 = as fast as the bare products).
    var fractionOfSgemm: Double? { sgemmSeconds.map { $0 / seconds } }
    /// PyTorch time / our time (> 1: we are faster).
    var speedupOverTorch: Double? { torchSeconds.map { $0 / seconds } }

    static func printTable(_ rows: [BenchmarkRow], threads: Int) {
        print("threads: \(threads)")
        let header = ["name", "shape", "ms", "GFLOP/s", "sgemm GFLOP/s", "of sgemm", "torch ms", "torch/ours"]
        var table = [header]
        for r in rows {
            table.append([r.name, r.shape, fmt(r.seconds * 1e3, 3), fmt(r.gflops, 1), fmt(r.sgemmGflops, 1),
                          r.fractionOfSgemm.map { String(format: "%.0f%%", $0 * 100) } ?? "-",
                          fmt(r.torchSeconds.map { $0 * 1e3 }, 3), fmt(r.speedupOverTorch, 2)])
        }
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        for (i, row) in table.enumerated() {
            print(row.enumerated().map { c, s in c < 2 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - s.count) + s }.joined(separator: "  "))
            if i == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
    }

    static func writeJSON(_ rows: [BenchmarkRow], threads: Int, to path: String) throws {
        struct Report: Codable { var threads: Int; var rows: [Entry] }
        struct Entry: Codable {
            var row: BenchmarkRow
            var gflops: Double?, sgemmGflops: Double?, fractionOfSgemm: Double?, speedupOverTorch: Double?
        }
        let report = Report(threads: threads, rows: rows.map {
            Entry(row: $0, gflops: $0.gflops, sgemmGflops: $0.sgemmGflops,
                  fractionOfSgemm: $0.fractionOfSgemm, speedupOverTorch: $0.speedupOverTorch)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }

    private static func fmt(_ v: Double?, _ digits: Int) -> String {
        v.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }
}
