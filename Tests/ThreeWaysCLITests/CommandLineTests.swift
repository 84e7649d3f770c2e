import EngineTestSupport
import Evaluation
import ExperimentTestSupport
import Foundation
import ImageIO
import Reports
import XCTest

/// pretrain-depth, train-seg, infer and evaluate as a user runs them, on the tiny tree.
final class CommandLineTests: XCTestCase {
    func testPretrainTrainInferAndEvaluateAgreeWithTheRunsOwnValidation() throws {
        let work = try TemporaryFolder("cli")
        defer { work.remove() }
        let tree = ExperimentFixtures.tree
        try "phase1: {iterations: 4}\nphase2: {iterations: 2}\nvalidationSamples: 2\n"
            .write(toFile: work.path + "/depth.yml", atomically: true, encoding: .utf8)
        try "training: {iterations: 10, validationInterval: 5, checkpointInterval: 5}\n"
            .write(toFile: work.path + "/seg.yml", atomically: true, encoding: .utf8)
        let depth = try CLIProcess.run(["pretrain-depth", "--root", tree, "--profile", "smoke", "--config",
                                        work.path + "/depth.yml", "--out", work.path + "/depth"], log: work.path + "/a.log")
        XCTAssertEqual(depth.status, 0, depth.output)
        let seg = try CLIProcess.run(["train-seg", "--root", tree, "--profile", "smoke", "--config", work.path + "/seg.yml",
                                      "--init", "depth:" + work.path + "/depth/depth.safetensors", "--labels", "4",
                                      "--out", work.path + "/seg"], log: work.path + "/b.log")
        XCTAssertEqual(seg.status, 0, seg.output)
        XCTAssertTrue(seg.output.contains("segmentation step 5: mIoU"), seg.output)
        let finalLine = try XCTUnwrap(seg.output.split(separator: "\n").first { $0.hasPrefix("final mIoU") })
        let reported = try XCTUnwrap(Double(finalLine.split(separator: " ")[2].filter { $0.isNumber || $0 == "." }))

        let infer = try CLIProcess.run(["infer", "--checkpoint", work.path + "/seg/segmentation.safetensors",
                                        "--depth", work.path + "/depth/depth.safetensors",
                                        "--images", tree + "/leftImg8bit/val", "--out", work.path + "/pred"],
                                       log: work.path + "/c.log")
        XCTAssertEqual(infer.status, 0, infer.output)
        let stems = try FileManager.default.subpathsOfDirectory(atPath: tree + "/leftImg8bit/val")
            .filter { $0.hasSuffix("_leftImg8bit.png") }
            .map { String(($0 as NSString).lastPathComponent.dropLast("_leftImg8bit.png".count)) }
        XCTAssertEqual(stems.count, 4)
        let palette = Set(ColorMaps.palette.map { [$0.r, $0.g, $0.b] })
        for stem in stems {
            let color = try PNGImage.read(path: "\(work.path)/pred/color/\(stem)_color.png")
            XCTAssertEqual([color.width, color.height], [64, 32])
            for p in stride(from: 0, to: color.pixels.count, by: 3) {
                XCTAssertTrue(palette.contains(Array(color.pixels[p..<p + 3])), "pixel \(p / 3) of \(stem) not a class colour")
            }
            let ids = try PNGImage.read(path: "\(work.path)/pred/labelIds/\(stem)_labelIds.png")
            XCTAssertEqual(ids.kind, .gray8)
            let depthPNG = try PNGImage.read(path: "\(work.path)/pred/depth/\(stem)_depth.png")
            XCTAssertEqual(depthPNG.kind, .gray16)
            XCTAssertTrue(depthPNG.pixels16.allSatisfy { $0 >= 25 }) // at least 0.1 m
            XCTAssertEqual(try PNGImage.read(path: "\(work.path)/pred/depth_color/\(stem)_depth_color.png").kind, .rgb8)
        }
        // The official-style evaluation of the written label ids gives the run's own final mIoU.
        let evaluate = try CLIProcess.run(["evaluate", "--pred", work.path + "/pred/labelIds", "--gt", tree + "/gtFine/val",
                                           "--json", work.path + "/scores.json"], log: work.path + "/d.log")
        XCTAssertEqual(evaluate.status, 0, evaluate.output)
        let scores = try JSONDecoder().decode(SegmentationScores.self,
                                              from: Data(contentsOf: URL(fileURLWithPath: work.path + "/scores.json")))
        XCTAssertEqual((scores.meanIoU ?? -1) * 100, reported, accuracy: 0.006)

        // Bad input is named.
        let missing = try CLIProcess.run(["train-seg", "--root", tree, "--profile", "smoke", "--init", "depth:/no/such.safetensors",
                                          "--out", work.path + "/x"], log: work.path + "/e.log")
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.output.contains("/no/such.safetensors"), missing.output)
        let badInit = try CLIProcess.run(["train-seg", "--root", tree, "--init", "imagenet", "--out", work.path + "/x"],
                                         log: work.path + "/f.log")
        XCTAssertNotEqual(badInit.status, 0)
        XCTAssertTrue(badInit.output.contains("--init"), badInit.output)
        let badKey = try CLIProcess.run(["train-seg", "--root", tree, "--profile", "smoke", "--config", work.path + "/depth.yml",
                                         "--out", work.path + "/x"], log: work.path + "/g.log")
        XCTAssertNotEqual(badKey.status, 0)
        XCTAssertTrue(badKey.output.contains("phase1") && badKey.output.contains("depth.yml"), badKey.output)
    }
}
