import Cluster
import EngineTestSupport
import Experiments
import ExperimentTestSupport
import Foundation
import Training
import XCTest

/// The cluster grid without a cluster: manifest and sbatch generation (golden content)
/// and Slurm state parsing. The grid tasks run as processes are in ThreeWaysCLITests
/// (GridProcessTests).
final class SlurmGridTests: XCTestCase {
    private func paths(_ out: String) -> SlurmScripts.Paths {
        SlurmScripts.Paths(executable: "/opt/tw/threeways", workingDirectory: "/src/ThreeWays", outDir: out,
                           configs: "/src/ThreeWays/configs", dataRoot: "/data/synth city")
    }

    func testManifestAndScriptsChainDepthRunsAndMerge() throws {
        let configs = try ExperimentFixtures.configs("grid-configs")
        defer { configs.remove() }
        let registry = try ExperimentRegistry(folder: configs.path)
        let stages = try GridPlan.stages(registry: registry, experiment: "210", profile: .smoke, seeds: [7, 42])
        XCTAssertEqual(stages.map(\.name), ["depth", "runs"])
        // The depth stage trains the profile's first depth seed, as the runner's depthWeights does.
        XCTAssertEqual(stages[0].entries, [GridEntry(experiment: "depth", variant: "depth", profile: .smoke, seed: 42, subsetSize: nil)])
        XCTAssertEqual(stages[1].entries.map(\.description), [
            "210/scratch n=4 seed=7 (smoke)", "210/scratch n=4 seed=42 (smoke)",
            "210/transfer n=4 seed=7 (smoke)", "210/transfer n=4 seed=42 (smoke)"])
        let manifest = GridPlan.manifest(stages, outDir: "/out", runsFolder: "/out/runs")
        XCTAssertEqual(manifest.text.split(separator: "\n")[0...2], [
            "index\tstage\texperiment\tvariant\tprofile\tsubset\tseed\tshard\truns",
            "0\tdepth\tdepth\tdepth\tsmoke\tall\t42\t/out/shards/0000-smoke-depth-depth-seed42.sqlite\t/out/runs",
            "1\truns\t210\tscratch\tsmoke\t4\t7\t/out/shards/0001-smoke-210-scratch-n4-seed7.sqlite\t/out/runs"])
        XCTAssertEqual(manifest.stages.map(\.name), ["depth", "runs"])
        XCTAssertEqual(manifest.stages.map(\.indices), [0...0, 1...4])

        let scripts = try SlurmScripts(manifest: manifest, jobName: "tw-210", resources: .init(
            partition: "cpu", cpusPerTask: 4, time: "02:00:00", memory: "8G"), paths: paths("/out"))
        XCTAssertEqual(scripts.scripts.map(\.fileName), ["1-depth.sbatch", "2-runs.sbatch", "3-merge.sbatch"])
        XCTAssertEqual(scripts.scripts[1].text, """
            #!/bin/bash
            #SBATCH --job-name=tw-210-runs
            #SBATCH --array=1-4
            #SBATCH --requeue
            #SBATCH --open-mode=append
            #SBATCH --output=/out/logs/%x-%A_%a.out
            #SBATCH --cpus-per-task=4
            #SBATCH --ntasks=1
            #SBATCH --partition=cpu
            #SBATCH --time=02:00:00
            #SBATCH --mem=8G
            #SBATCH --chdir=/src/ThreeWays
            # Written by `threeways grid --slurm`; submit with submit.sh (dependencies: afterok).
            export THREEWAYS_THREADS="${SLURM_CPUS_PER_TASK:-4}"
            # One grid entry per array task: the manifest line of SLURM_ARRAY_TASK_ID, recorded in
            # its own shard. A requeued task resumes from the entry's newest checkpoint.
            exec /opt/tw/threeways grid-task --manifest /out/manifest.tsv \\
                --index "$SLURM_ARRAY_TASK_ID" --configs /src/ThreeWays/configs --root '/data/synth city'

            """)
        XCTAssertTrue(scripts.scripts[0].text.contains("#SBATCH --array=0\n"), scripts.scripts[0].text)
        XCTAssertTrue(scripts.scripts[0].text.contains("#SBATCH --requeue\n"))
        let merge = scripts.scripts[2].text
        XCTAssertFalse(merge.contains("--array"))
        XCTAssertTrue(merge.contains("/opt/tw/threeways merge --out /out/results.sqlite /out/shards/*.sqlite\n"), merge)
        XCTAssertTrue(merge.contains("/opt/tw/threeways report --db /out/results.sqlite --out /out/report\n"), merge)
        XCTAssertEqual(scripts.submitScript.split(separator: "\n").filter { $0.contains("sbatch") }, [
            "job1=$(sbatch --parsable /out/1-depth.sbatch | cut -d';' -f1)",
            "job2=$(sbatch --parsable --dependency=afterok:$job1 /out/2-runs.sbatch | cut -d';' -f1)",
            "job3=$(sbatch --parsable --dependency=afterok:$job2 /out/3-merge.sbatch | cut -d';' -f1)"])

        // Without a transfer variant there is no depth stage; the depth experiment is one stage.
        let scratchOnly = try ExperimentFixtures.configs("grid-scratch", segmentation: ExperimentFixtures.segmentationYAML()
            .replacingOccurrences(of: "  - {name: transfer, init: depth}\n", with: ""))
        defer { scratchOnly.remove() }
        XCTAssertEqual(try GridPlan.stages(registry: ExperimentRegistry(folder: scratchOnly.path), experiment: "210",
                                           profile: .smoke).map(\.name), ["runs"])
        XCTAssertEqual(try GridPlan.stages(registry: registry, experiment: "depth", profile: .smoke).map(\.name), ["depth"])
        XCTAssertThrowsError(try GridPlan.stages(registry: registry, experiment: "999", profile: .smoke))
    }

    /// The depth stage trains every depth pretraining the variants start from or mix by
    /// (`pretraining:`, scratch DepthMix), each once, in the variants' order.
    func testDepthStageHoldsEveryPretrainingTheVariantsNeed() throws {
        let segmentation = ExperimentFixtures.segmentationYAML().replacingOccurrences(
            of: "  - {name: transfer, init: depth}\n", with: "  - {name: transfer_nofd, init: depth, pretraining: fd0}\n"
                + "  - {name: scratch_depthmix, init: scratch, segmentation: {semiSupervised: {mix: depth, onlyUnlabelled: false}}}\n"
                + "  - {name: also_nofd, init: depth, pretraining: fd0}\n")
        let configs = try ExperimentFixtures.configs("grid-pretrainings", segmentation: segmentation)
        defer { configs.remove() }
        let stages = try GridPlan.stages(registry: ExperimentRegistry(folder: configs.path), experiment: "210", profile: .smoke)
        XCTAssertEqual(stages.map(\.name), ["depth", "runs"])
        XCTAssertEqual(stages[0].entries.map(\.variant), ["fd0", "depth"])
    }

    func testBadResourcesAndManifestsAreNamed() throws {
        let manifest = GridManifest(lines: [GridManifest.Line(index: 0, stage: "runs", entry: GridEntry(
            experiment: "210", variant: "scratch", profile: .smoke, seed: 1, subsetSize: nil), shard: "/s", runsFolder: "/r")])
        XCTAssertThrowsError(try SlurmScripts(manifest: manifest, jobName: "x", resources: .init(time: "2h"), paths: paths("/o"))) {
            XCTAssertEqual("\($0)", "--time: '2h' is not HH:MM:SS or D-HH:MM:SS")
        }
        XCTAssertNoThrow(try SlurmScripts(manifest: manifest, jobName: "x", resources: .init(time: "1-12:00:00"), paths: paths("/o")))
        XCTAssertThrowsError(try SlurmScripts(manifest: manifest, jobName: "x", resources: .init(cpusPerTask: 0), paths: paths("/o")))
        XCTAssertThrowsError(try SlurmScripts(manifest: manifest, jobName: "x", resources: .init(memory: "lots"), paths: paths("/o")))

        let folder = try TemporaryFolder("manifest")
        defer { folder.remove() }
        let path = folder.path + "/manifest.tsv"
        try manifest.text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try GridManifest(path: path), manifest)
        XCTAssertThrowsError(try GridManifest(path: path).line(3, path: path)) {
            XCTAssertEqual("\($0)", "\(path): no entry 3 (the manifest has 0...0)")
        }
        try manifest.text.replacingOccurrences(of: "\t1\t/s", with: "\tseven\t/s").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try GridManifest(path: path)) {
            XCTAssertEqual("\($0)", "\(path): line 2: seed 'seven' is not a non-negative integer")
        }
        try manifest.text.replacingOccurrences(of: "\tsmoke\t", with: "\ttiny\t").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try GridManifest(path: path)) {
            XCTAssertEqual("\($0)", "\(path): line 2: profile 'tiny' is not one of smoke, quick, standard, paper")
        }
        XCTAssertThrowsError(try GridManifest(path: folder.path + "/none.tsv")) {
            XCTAssertEqual("\($0)", "grid manifest \(folder.path)/none.tsv does not exist")
        }
    }

    func testSlurmStatesAreParsedFromSacctAndScontrol() {
        let sacct = SlurmQuery.parse("12_0|COMPLETED\n13_1|RUNNING\n13_[2-4,6]|PENDING\n14|CANCELLED by 0\n13_5|FAILED\n")
        XCTAssertEqual(sacct.tasks, [0: "COMPLETED", 1: "RUNNING", 2: "PENDING", 3: "PENDING", 4: "PENDING", 6: "PENDING", 5: "FAILED"])
        XCTAssertEqual(sacct.jobs, ["14": "CANCELLED"])
        let scontrol = SlurmQuery.parseScontrol("""
            JobId=20 ArrayJobId=19 ArrayTaskId=3 JobName=x JobState=COMPLETED Reason=None
            JobId=19 ArrayJobId=19 ArrayTaskId=4-5 JobName=x JobState=PENDING Reason=Dependency
            JobId=21 JobName=merge UserId=root(0) JobState=PENDING Reason=Dependency
            """)
        XCTAssertEqual(scontrol.tasks, [3: "COMPLETED", 4: "PENDING", 5: "PENDING"])
        XCTAssertEqual(scontrol.jobs, ["21": "PENDING"])
    }
}
