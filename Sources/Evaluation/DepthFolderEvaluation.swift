import CityscapesData
import Foundation
import ImageIO

/// Depth evaluation of a folder of predicted depth PNGs against the disparity ground
/// truth of a Cityscapes-layout tree.
///
/// Ground truth: every `ROOT/disparity/{split}/{city}/{stem}_disparity.png` (16-bit,
/// d = (p - 1) / 256 pixels, p <= 1 invalid) with its `ROOT/camera/{split}/{city}/
/// {stem}_camera.json`; depth = baseline * fx / d metres. Predictions: for each stem,
/// exactly one `{stem}_depth.png` anywhere under `predictionDirectory`, in the format
/// of `PredictedDepthPNG`, the same size as the disparity image. Each image is scored
/// with `DepthMetrics.evaluate` and the dataset errors are the mean over images with at
/// least one valid pixel (as monodepth2).
public struct DepthFolderEvaluation: Sendable {
    /// Folder of `{stem}_depth.png` predictions (searched recursively).
    public var predictionDirectory: String
    /// Root of the Cityscapes-layout tree holding `disparity/` and `camera/`.
    public var root: String
    /// The split to evaluate.
    public var split: CityscapesSplit
    /// Caps and scaling.
    public var settings: DepthEvaluationSettings
    /// Threads for reading and scoring (default: THREEWAYS_THREADS or all cores).
    public var threads: Int

    public init(predictionDirectory: String, root: String, split: CityscapesSplit = .val,
                settings: DepthEvaluationSettings = DepthEvaluationSettings(),
                threads: Int = ImageParallelism.defaultThreads) {
        self.predictionDirectory = predictionDirectory
        self.root = root
        self.split = split
        self.settings = settings
        self.threads = threads
    }

    /// One image's outcome.
    public struct ImageResult: Codable, Equatable, Sendable {
        /// `{city}_{sequence}_{frame}`.
        public var stem: String
        /// Errors, scale and valid-pixel count; nil when no ground-truth pixel is valid.
        public var result: DepthImageErrors?
    }

    /// The outcome of a folder evaluation (what `threeways evaluate-depth --json` writes).
    public struct Result: Codable, Equatable, Sendable {
        /// Caps and scaling used.
        public var settings: DepthEvaluationSettings
        /// Mean over scored images; nil when no image had a valid pixel.
        public var mean: DepthErrors?
        /// Images with at least one valid pixel.
        public var scoredImages: Int
        /// Mean and standard deviation of the median-scaling ratios over scored images.
        public var scaleMean: Double?
        public var scaleStandardDeviation: Double?
        /// Every image, in sorted ground-truth order.
        public var images: [ImageResult]
    }

    /// Reads and scores every image; throws an `EvaluationError` naming the file for a
    /// missing or duplicated prediction, an unreadable PNG, a wrong layout or size, a
    /// bad camera file, or a prediction whose median is not positive.
    public func run() throws -> Result {
        let layout = CityscapesLayout(root: root)
        let disparityDirectory = "\(layout.directory(.disparity))/\(split.rawValue)"
        let groundTruth = try PredictionFiles.files(under: disparityDirectory, endingWith: "_disparity.png")
        guard !groundTruth.isEmpty else {
            throw EvaluationError.noGroundTruth(directory: disparityDirectory, pattern: "*_disparity.png")
        }
        let predictions = try PredictionFiles.pair(groundTruth: groundTruth, predictionDirectory: predictionDirectory,
                                                   predictionSuffix: PredictedDepthPNG.suffix)
        let split = self.split, settings = self.settings
        let images = try ImageParallelism.map(count: groundTruth.count, threads: threads) { i in
            try Self.evaluateImage(prediction: predictions[i], disparity: groundTruth[i],
                                   layout: layout, split: split, settings: settings)
        }
        let scored = images.compactMap(\.result)
        let scales = scored.map(\.scale)
        let scaleMean = scales.isEmpty ? nil : scales.reduce(0, +) / Double(scales.count)
        let scaleStd = scaleMean.map { m in
            (scales.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(scales.count)).squareRoot()
        }
        return Result(settings: settings, mean: DepthErrors.mean(scored.map(\.errors)),
                      scoredImages: scored.count, scaleMean: scaleMean, scaleStandardDeviation: scaleStd,
                      images: images)
    }

    /// Scores one prediction against one disparity file and its camera.
    static func evaluateImage(prediction: String, disparity: String, layout: CityscapesLayout,
                              split: CityscapesSplit, settings: DepthEvaluationSettings) throws -> ImageResult {
        let name = (disparity as NSString).lastPathComponent
        guard let id = CityscapesFrameID(fileName: name) else {
            throw EvaluationError.unrecognisedFileName(path: disparity)
        }
        let camera = try readCamera(layout.camera(id, split: split))
        let gt = try readGray16(disparity, expected: "16-bit greyscale Cityscapes disparity")
        let pred = try readGray16(prediction, expected: "16-bit greyscale depth (metres x 256)")
        guard pred.width == gt.width, pred.height == gt.height else {
            throw EvaluationError.sizeMismatch(prediction: prediction, predictionSize: [pred.width, pred.height],
                                               groundTruth: disparity, groundTruthSize: [gt.width, gt.height])
        }
        let gtDepth = gt.pixels16.map { p -> Float in
            CityscapesDisparity.depth(stored: p, baseline: camera.baseline, fx: camera.fx).map(Float.init) ?? 0
        }
        let predDepth = pred.pixels16.map(PredictedDepthPNG.depth(stored:))
        do {
            let result = try DepthMetrics.evaluate(predicted: predDepth, groundTruth: gtDepth, settings: settings)
            return ImageResult(stem: id.stem, result: result)
        } catch DepthMetricsError.nonPositiveMedian(let value) {
            throw EvaluationError.degeneratePrediction(
                path: prediction, reason: "its median depth over valid pixels is \(value) m")
        }
    }

    static func readCamera(_ path: String) throws -> CityscapesCamera {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationError.badCamera(path: path, reason: "file not found or unreadable")
        }
        let camera: CityscapesCamera
        do {
            camera = try CityscapesCamera(json: data)
        } catch let error as CityscapesCamera.FormatError {
            throw EvaluationError.badCamera(path: path, reason: error.description)
        } catch {
            throw EvaluationError.badCamera(path: path, reason: "not valid JSON (\(error))")
        }
        guard camera.baseline > 0, camera.fx > 0 else {
            throw EvaluationError.badCamera(path: path, reason: "baseline and fx must be positive")
        }
        return camera
    }

    static func readGray16(_ path: String, expected: String) throws -> PNGImage {
        let image: PNGImage
        do {
            image = try PNGImage.read(path: path)
        } catch let error as PNGError {
            throw EvaluationError.unreadablePNG(error)
        }
        guard image.kind == .gray16 else {
            throw EvaluationError.wrongPixelLayout(path: path, found: image.kind.wordsForErrors, expected: expected)
        }
        return image
    }
}
