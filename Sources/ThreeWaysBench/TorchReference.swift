import Foundation

/// Runs benchmarks/torch_ops.py on the same shapes and thread count and reads back its
/// timings (seconds by benchmark name). Returns nil when Python or torch is missing.
enum TorchReference {
    nonisolated(unsafe) static var lastProblem = ""

    static func run(python: String, script: String, spec: Any, threads: Int,
                    repeats: Int) -> [String: Double]? {
        guard FileManager.default.fileExists(atPath: script) else {
            lastProblem = "\(script) not found (run from the repository root)"; return nil
        }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("threeways-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let specURL = dir.appendingPathComponent("spec.json"), outURL = dir.appendingPathComponent("torch.json")
        do {
            try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, script, "--spec", specURL.path, "--threads", String(threads),
                                 "--repeats", String(repeats), "--json", outURL.path]
            let errPipe = Pipe()
            process.standardError = errPipe
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let err = String(data: errPipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
                lastProblem = err.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
                return nil
            }
            let data = try Data(contentsOf: outURL)
            return try JSONSerialization.jsonObject(with: data) as? [String: Double]
        } catch {
            lastProblem = "\(error)"
            return nil
        }
    }
}
