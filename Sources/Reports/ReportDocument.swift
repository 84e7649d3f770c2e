import Foundation

/// A report as a sequence of blocks, rendered to Markdown and to HTML from the same
/// content.
public struct ReportDocument {
    /// One piece of the report.
    public enum Block {
        case heading(String, level: Int)
        case paragraph(String)
        case table(header: [String], rows: [[String]])
        /// A PNG next to the report (relative path) with a caption.
        case figure(path: String, caption: String)
    }

    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    /// GitHub-flavoured Markdown.
    public var markdown: String {
        var out = "# \(title)\n"
        for block in blocks {
            out += "\n"
            switch block {
            case let .heading(text, level):
                out += String(repeating: "#", count: min(6, max(2, level))) + " \(text)\n"
            case .paragraph(let text):
                out += text + "\n"
            case let .table(header, rows):
                func line(_ cells: [String]) -> String {
                    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\\\|") }.joined(separator: " | ") + " |\n"
                }
                out += line(header) + line(header.map { _ in "---" })
                for row in rows { out += line(row) }
            case let .figure(path, caption):
                out += "![\(caption)](\(path))\n\n*\(caption)*\n"
            }
        }
        return out
    }

    /// A standalone HTML page with the figures embedded as images.
    public var html: String { html(embeddingFiguresFrom: nil) }

    /// The HTML page; with `folder`, figures found there (paths relative to it) are
    /// embedded as data URIs so the page is one self-contained file.
    public func html(embeddingFiguresFrom folder: String?) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f0f0f0; }
        figure { margin: 1em 0; } img { max-width: 100%; }
        </style></head><body>
        <h1>\(escape(title))</h1>

        """
        for block in blocks {
            switch block {
            case let .heading(text, level):
                let l = min(6, max(2, level))
                out += "<h\(l)>\(escape(text))</h\(l)>\n"
            case .paragraph(let text):
                out += "<p>\(escape(text))</p>\n"
            case let .table(header, rows):
                out += "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
                for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
                out += "</table>\n"
            case let .figure(path, caption):
                var source = escape(path)
                if let folder, let data = FileManager.default.contents(atPath: folder + "/" + path) {
                    source = "data:image/png;base64," + data.base64EncodedString()
                }
                out += "<figure><img src=\"\(source)\" alt=\"\(escape(caption))\"><figcaption>\(escape(caption))</figcaption></figure>\n"
            }
        }
        return out + "</body></html>\n"
    }
}
