import Foundation

/// Runs the `threeways` executable that the build put next to the test bundle, with
/// one engine thread (so concurrent processes and reruns compare bit for bit).
enum CLIProcess {
    /// The `threeways` executable built next to the test bundle.
    static func executable() throws -> String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let path = folder.appendingPathComponent("threeways").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw MissingExecutable(description: "no threeways executable next to \(bundle.path); build the package first")
    }

    struct MissingExecutable: Error, CustomStringConvertible { let description: String }

    static func launch(_ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["THREEWAYS_THREADS"] = "1"
        process.environment = environment
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs to the end; returns the exit status and the combined output.
    static func run(_ arguments: [String], log: String) throws -> (status: Int32, output: String) {
        let process = try launch(arguments, log: log)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
