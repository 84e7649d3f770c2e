import DataPipeline
import Foundation
import ImageIO
import Reports
import ResultsStore
import Training

extension FigureSheets {
    /// Writes `{experiment}_selection.png`: for each method of a data-selection
    /// experiment, the first `count` training images of its stored selection (the
    /// smallest seed's largest stored subset at `profile`), in selection order. Returns
    /// the path, or nil when the store holds no selection of this profile.
    @discardableResult
    public func selection(_ definition: ExperimentDefinition, profile: Profile, folder: String,
                          count: Int = 8) throws -> String? {
        guard definition.kind == .dataSelection else { return nil }
        let records = try store.selections(profile: profile.rawValue).filter { $0.experiment == definition.experiment }
        guard !records.isEmpty else { return nil }
        let train = try SampleIndex(root: dataRoot, split: .train)
        var rows: [SelectionSheet.Row] = []
        var size = (0, 0)
        for variant in definition.variants {
            guard let method = variant.labels?.selection else { continue }
            let mine = records.filter { $0.method == method }
            guard let seed = mine.map(\.seed).min(),
                  let record = mine.filter({ $0.seed == seed }).max(by: { $0.size < $1.size }) else { continue }
            var images: [[UInt8]] = []
            for name in try record.names().prefix(count) {
                guard let i = train.index(named: name) else { continue }
                let image = try PNGImage.read(path: train.layout.leftImage(train.frames[i], split: .train), as: .rgb8)
                if size == (0, 0) { size = (image.width, image.height) }
                guard (image.width, image.height) == size else { continue }
                images.append(image.pixels)
            }
            rows.append(SelectionSheet.Row(title: "\(method) (seed \(seed))", images: images))
        }
        guard !rows.isEmpty, size != (0, 0) else { return nil }
        let sheet = SelectionSheet(width: size.0, height: size.1, rows: rows, scale: size.0 <= 256 ? 2 : 1,
                                   title: "Experiment \(definition.experiment): first selected images per method (\(profile))")
        let path = "\(folder)/\(definition.experiment)_selection.png"
        try sheet.render().writePNG(to: path)
        return path
    }
}
