import Dispatch
import Foundation
import ImageIO

extension CityscapesTreeStats {
    /// Computes the statistics of the tree at `root` on all cores (integer counts, so
    /// the result does not depend on the thread count). `progress(done, total)` is
    /// called as labelled frames are finished. Missing label, disparity or camera files
    /// are skipped (the counts show them); unreadable ones throw
    /// `CityscapesDataError` naming the file.
    public static func compute(root: String,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> CityscapesTreeStats {
        let layout = CityscapesLayout(root: root)
        guard layout.hasTree(.leftImg8bit) else {
            throw CityscapesDataError.missing(path: layout.directory(.leftImg8bit),
                                              reason: "no leftImg8bit folder: not a Cityscapes-layout tree")
        }
        let splits = layout.presentSplits
        var samples: [(split: Int, frame: CityscapesFrameID)] = []
        for (s, split) in splits.enumerated() {
            samples += layout.frames(split: split).map { (s, $0) }
        }

        let workers = max(1, min(samples.count, ProcessInfo.processInfo.activeProcessorCount))
        let tallies = (0..<workers).map { _ in FrameTally(splitCount: splits.count) }
        let failures = FirstFailure()
        let finished = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: samples.count, by: workers) where !failures.canSkip(i) {
                do {
                    try tallies[w].add(samples[i].frame, split: splits[samples[i].split],
                                       splitIndex: samples[i].split, layout: layout)
                } catch {
                    failures.record(error, index: i)
                }
                progress?(finished.increment(), samples.count)
            }
        }
        try failures.rethrow()
        let total = tallies.dropFirst().reduce(into: tallies[0]) { $0.merge($1) }

        var stats = CityscapesTreeStats(root: root, splits: [], classFrequencies: [], archetypes: nil,
                                        synthCity: nil, depth: nil)
        for (s, split) in splits.enumerated() {
            stats.splits.append(SplitCounts(
                split: split.rawValue, images: samples.filter { $0.split == s }.count,
                labelImages: total.labelImages[s],
                sequenceImages: CityscapesSplitListing(layout: layout, tree: .leftImg8bitSequence, split: split).files.count,
                disparityImages: total.disparityImages[s], cameraFiles: total.cameraFiles[s]))
            if total.labelImages[s] > 0 {
                stats.classFrequencies.append(frequencies(split.rawValue, total.labelHistograms[s], images: total.labelImages[s]))
            }
        }
        if stats.classFrequencies.count > 0 {
            var all = [Int](repeating: 0, count: 256)
            for histogram in total.labelHistograms { for id in 0..<256 { all[id] += histogram[id] } }
            stats.classFrequencies.append(frequencies("all", all, images: total.labelImages.reduce(0, +)))
        }
        stats.depth = total.depthSummary()
        let files = "\(layout.directory(.synthcity))"
        if fileExists(files + "/scenes.csv") { stats.archetypes = try archetypeCounts(files + "/scenes.csv") }
        if fileExists(files + "/settings.json") { stats.synthCity = try settingsSummary(files + "/settings.json") }
        return stats
    }

    /// Class frequencies from a histogram of label ids.
    static func frequencies(_ split: String, _ histogram: [Int], images: Int) -> ClassFrequencies {
        let pixels = histogram.reduce(0, +)
        var perTrainId = [Int](repeating: 0, count: CityscapesLabels.evaluatedClassCount + 1)
        for id in 0..<256 {
            let trainId = Int(CityscapesLabels.trainIdOfLabelId[id])
            perTrainId[trainId == CityscapesLabels.ignoreTrainId ? CityscapesLabels.evaluatedClassCount : trainId] += histogram[id]
        }
        func fraction(_ n: Int) -> Double { pixels > 0 ? Double(n) / Double(pixels) : 0 }
        var classes = CityscapesLabels.evaluated.map {
            ClassFrequency(name: $0.name, trainId: $0.trainId, pixels: perTrainId[$0.trainId],
                           fraction: fraction(perTrainId[$0.trainId]))
        }
        let ignored = perTrainId[CityscapesLabels.evaluatedClassCount]
        classes.append(ClassFrequency(name: "ignored", trainId: CityscapesLabels.ignoreTrainId,
                                      pixels: ignored, fraction: fraction(ignored)))
        return ClassFrequencies(split: split, labelImages: images, pixels: pixels, classes: classes)
    }

    /// Sequences per archetype in SynthCity's scenes.csv, most frequent first (ties by name).
    static func archetypeCounts(_ path: String) throws -> [ArchetypeCount] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CityscapesDataError.unreadable(path: path, reason: "cannot read the file as UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "archetype") else {
            throw CityscapesDataError.malformed(path: path, reason: "the header has no 'archetype' column")
        }
        var counts: [String: Int] = [:]
        for (number, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw CityscapesDataError.malformed(
                    path: path, reason: "line \(number + 1) has \(fields.count) fields, the header \(header.count)")
            }
            counts[String(fields[column]), default: 0] += 1
        }
        let total = counts.values.reduce(0, +)
        return counts.map { ArchetypeCount(archetype: $0.key, sequences: $0.value,
                                           fraction: Double($0.value) / Double(max(1, total))) }
            .sorted { ($1.sequences, $0.archetype) < ($0.sequences, $1.archetype) }
    }

    /// Seed, hash and version from SynthCity's settings.json.
    static func settingsSummary(_ path: String) throws -> SynthCitySettingsSummary {
        let object = try readJSONObject(path)
        guard let seed = object["seed"] as? NSNumber, let hash = object["hash"] as? String,
              let version = object["version"] as? NSNumber else {
            throw CityscapesDataError.malformed(path: path, reason: "needs 'seed', 'hash' and 'version'")
        }
        return SynthCitySettingsSummary(seed: seed.uint64Value, settingsHash: hash, version: version.intValue)
    }
}

/// The counts one worker gathers: label-id histograms per split and, per camera
/// (baseline * fx), a histogram of stored disparity values.
final class FrameTally: @unchecked Sendable {
    var labelHistograms: [[Int]]
    var labelImages: [Int]
    var disparityImages: [Int]
    var cameraFiles: [Int]
    /// Disparity histograms (65536 bins of stored values) keyed by baseline * fx.
    var disparityHistograms: [Double: [Int]] = [:]
    var depthImages = 0

    init(splitCount: Int) {
        labelHistograms = Array(repeating: [Int](repeating: 0, count: 256), count: splitCount)
        labelImages = Array(repeating: 0, count: splitCount)
        disparityImages = Array(repeating: 0, count: splitCount)
        cameraFiles = Array(repeating: 0, count: splitCount)
    }

    /// Counts the label, disparity and camera files of one labelled frame.
    func add(_ frame: CityscapesFrameID, split: CityscapesSplit, splitIndex s: Int,
             layout: CityscapesLayout) throws {
        let labelPath = layout.labelIds(frame, split: split)
        if fileExists(labelPath) {
            let labels = try readPNG(labelPath, kind: .gray8, role: "label-id image")
            labelImages[s] += 1
            labels.pixels.withUnsafeBufferPointer { ids in
                for id in ids { labelHistograms[s][Int(id)] += 1 }
            }
        }
        let disparityPath = layout.disparity(frame, split: split), cameraPath = layout.camera(frame, split: split)
        let hasDisparity = fileExists(disparityPath), hasCamera = fileExists(cameraPath)
        if hasDisparity { disparityImages[s] += 1 }
        if hasCamera { cameraFiles[s] += 1 }
        guard hasDisparity && hasCamera else { return }
        let camera = try readCamera(cameraPath)
        let disparity = try readPNG(disparityPath, kind: .gray16, role: "disparity image")
        let key = camera.baseline * camera.fx
        var histogram = disparityHistograms[key] ?? [Int](repeating: 0, count: 65536)
        disparityHistograms[key] = nil
        histogram.withUnsafeMutableBufferPointer { bins in
            for p in disparity.pixels16 { bins[Int(p)] += 1 }
        }
        disparityHistograms[key] = histogram
        depthImages += 1
    }

    /// Adds another worker's counts.
    func merge(_ other: FrameTally) {
        for s in labelHistograms.indices {
            for id in 0..<256 { labelHistograms[s][id] += other.labelHistograms[s][id] }
            labelImages[s] += other.labelImages[s]
            disparityImages[s] += other.disparityImages[s]
            cameraFiles[s] += other.cameraFiles[s]
        }
        for (key, bins) in other.disparityHistograms {
            var histogram = disparityHistograms[key] ?? [Int](repeating: 0, count: 65536)
            for p in 0..<65536 { histogram[p] += bins[p] }
            disparityHistograms[key] = histogram
        }
        depthImages += other.depthImages
    }

    /// Depth range over every valid disparity pixel, or nil without any valid pixel.
    func depthSummary() -> CityscapesTreeStats.DepthSummary? {
        guard depthImages > 0 else { return nil }
        var values: [(depth: Double, count: Int)] = []
        var invalid = 0
        for (key, bins) in disparityHistograms {
            invalid += bins[0] + bins[1]
            for p in 2..<65536 where bins[p] > 0 {
                values.append((key / (Double(p - 1) / 256), bins[p]))
            }
        }
        guard !values.isEmpty else { return nil }
        values.sort { $0.depth < $1.depth }
        let valid = values.reduce(0) { $0 + $1.count }
        func percentile(_ q: Double) -> Double {
            let rank = max(1, Int((q * Double(valid)).rounded(.up)))
            var seen = 0
            for value in values {
                seen += value.count
                if seen >= rank { return value.depth }
            }
            return values[values.count - 1].depth
        }
        return CityscapesTreeStats.DepthSummary(
            images: depthImages, validPixels: valid, invalidPixels: invalid,
            minimum: values[0].depth, percentile5: percentile(0.05), median: percentile(0.5),
            percentile95: percentile(0.95), maximum: values[values.count - 1].depth)
    }
}
