import Foundation

/// Where and with what code a run happens: the git commit and whether the work tree
/// had uncommitted changes, and a one-line machine description (CPU model, cores,
/// memory, OS). Recorded with every run so results can be traced.
public struct RunEnvironment: Codable, Equatable, Sendable {
    /// The commit id, or "unknown" outside a git work tree.
    public var commit: String
    /// True when tracked files differ from the commit.
    public var dirty: Bool
    /// e.g. "Intel(R) Xeon(R) Platinum 8488C, 2 cores, 24.0 GiB, Debian GNU/Linux 12 (bookworm)".
    public var machine: String

    public init(commit: String, dirty: Bool, machine: String) {
        self.commit = commit
        self.dirty = dirty
        self.machine = machine
    }

    /// The environment of this process, for code in `directory` (the package root).
    public static func current(directory: String = FileManager.default.currentDirectoryPath) -> RunEnvironment {
        let commit = commandOutput(["git", "-C", directory, "rev-parse", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = commandOutput(["git", "-C", directory, "status", "--porcelain", "--untracked-files=no"])
        return RunEnvironment(commit: commit.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown",
                              dirty: status.map { !$0.isEmpty } ?? false, machine: machineDescription())
    }

    /// CPU model, core count, memory and OS name from /proc and /etc/os-release.
    public static func machineDescription() -> String {
        var parts: [String] = []
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpu.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let name = line.split(separator: ":", maxSplits: 1).last {
            parts.append(name.trimmingCharacters(in: .whitespaces))
        }
        parts.append("\(ProcessInfo.processInfo.activeProcessorCount) cores")
        parts.append(String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)))
        if let os = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = os.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            parts.append(line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        return parts.joined(separator: ", ")
    }

    /// Standard output of a command, or nil when it cannot run or fails.
    public static func commandOutput(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
