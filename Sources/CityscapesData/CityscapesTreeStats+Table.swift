import Foundation

extension CityscapesTreeStats {
    /// The statistics as aligned plain-text tables for a terminal.
    public var tableText: String {
        var lines: [String] = ["dataset \(root)"]
        if let synthCity {
            lines.append("SynthCity version \(synthCity.version), seed \(synthCity.seed), settings hash \(synthCity.settingsHash)")
        }
        lines.append("")
        lines.append(row(["split", "images", "labels", "sequence", "disparity", "camera"], [8, 8, 8, 10, 10, 8]))
        for s in splits {
            lines.append(row([s.split, "\(s.images)", "\(s.labelImages)", "\(s.sequenceImages)",
                              "\(s.disparityImages)", "\(s.cameraFiles)"], [8, 8, 8, 10, 10, 8]))
        }
        if !classFrequencies.isEmpty {
            lines.append("")
            let widths = [15] + classFrequencies.map { _ in 10 }
            lines.append(row(["class %"] + classFrequencies.map(\.split), widths))
            for c in classFrequencies[0].classes.indices {
                lines.append(row([classFrequencies[0].classes[c].name]
                                 + classFrequencies.map { Self.percent($0.classes[c].fraction) }, widths))
            }
            lines.append(row(["label images"] + classFrequencies.map { "\($0.labelImages)" }, widths))
        }
        if let archetypes {
            lines.append("")
            lines.append(row(["archetype", "sequences", "%"], [18, 10, 8]))
            for a in archetypes {
                lines.append(row([a.archetype, "\(a.sequences)", Self.percent(a.fraction)], [18, 10, 8]))
            }
        }
        if let depth {
            lines.append("")
            lines.append("depth (m) over \(depth.validPixels) valid pixels of \(depth.images) disparity images "
                         + "(\(depth.invalidPixels) invalid):")
            lines.append("  min \(Self.metres(depth.minimum))  p5 \(Self.metres(depth.percentile5))  "
                         + "median \(Self.metres(depth.median))  p95 \(Self.metres(depth.percentile95))  "
                         + "max \(Self.metres(depth.maximum))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Cells left-aligned (first) and right-aligned (rest) to the given widths.
    private func row(_ cells: [String], _ widths: [Int]) -> String {
        var text = ""
        for (i, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: max(1, widths[i] - cell.count))
            text += i == 0 ? cell + pad : pad + cell
        }
        return text
    }

    /// A fraction as a percentage with three decimals, e.g. "12.345".
    static func percent(_ fraction: Double) -> String { String(format: "%.3f", fraction * 100) }

    /// Metres with two decimals.
    static func metres(_ value: Double) -> String { String(format: "%.2f", value) }
}
