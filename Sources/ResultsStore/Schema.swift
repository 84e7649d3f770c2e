import GRDB

/// The results store's schema: every table, column, index and constraint, as named
/// append-only migrations applied in order when a store is opened. Never edit a
/// migration that has shipped: add a new one. Column names are snake_case so the file
/// reads naturally with plain `sqlite3`; each table's record type (`Run`, `Evaluation`,
/// ...) names its columns in a nested `Columns` enum.
enum Schema {
    /// The migrations, oldest first.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, evaluations, class IoU, depth metrics, timings, artifacts") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("experiment", .text).notNull()
                t.column("config_name", .text).notNull()
                t.column("profile", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("subset_size", .integer)
                t.column("subset_identity", .text).notNull()
                t.column("config_json", .text).notNull()
                t.column("config_hash", .text).notNull()
                t.column("dataset_hash", .text).notNull()
                t.column("code_commit", .text).notNull()
                t.column("code_dirty", .boolean).notNull()
                t.column("threads", .integer).notNull()
                t.column("machine", .text).notNull()
                t.column("started_at", .datetime).notNull()
                t.column("ended_at", .datetime)
                t.column("status", .text).notNull().check { ["running", "done", "failed"].contains($0) }
                t.column("message", .text)
            }
            try db.create(index: "run_by_key", on: "run",
                          columns: ["experiment", "config_name", "profile", "seed", "subset_identity"])
            try db.create(table: "evaluation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("split", .text).notNull()
                t.column("mean_iou", .double)
                t.column("pixel_accuracy", .double)
            }
            try db.create(table: "class_iou") { t in
                t.column("evaluation_id", .integer).notNull().references("evaluation", onDelete: .cascade)
                t.column("class_id", .integer).notNull()
                t.column("class_name", .text).notNull()
                t.column("iou", .double)
                t.primaryKey(["evaluation_id", "class_id"])
            }
            try db.create(table: "depth_metrics") { t in
                t.column("evaluation_id", .integer).notNull().unique().references("evaluation", onDelete: .cascade)
                for name in ["abs_rel", "sq_rel", "rmse", "rmse_log", "delta1", "delta2", "delta3"] {
                    t.column(name, .double).notNull()
                }
            }
            try db.create(table: "timing") { t in
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("phase", .text).notNull()
                t.column("wall_seconds", .double).notNull()
                t.column("median_step_seconds", .double)
                t.column("p90_step_seconds", .double)
                t.column("samples_per_second", .double)
                t.column("peak_memory_bytes", .integer)
            }
            try db.create(table: "artifact") { t in
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("path", .text).notNull()
            }
        }
        migrator.registerMigration("v2: dataset statistics") { db in
            try db.create(table: "dataset") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("root", .text).notNull()
                t.column("generator", .text).notNull()
                t.column("seed", .integer)
                t.column("settings_hash", .text).notNull()
                t.column("stats_json", .text).notNull()
                t.column("recorded_at", .datetime).notNull()
            }
            try db.create(index: "dataset_by_hash", on: "dataset", columns: ["settings_hash"])
        }
        migrator.registerMigration("v3: training losses; one evaluation per run, split and step") { db in
            try db.create(table: "loss") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("phase", .text).notNull()
                t.column("step", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("value", .double).notNull()
                t.primaryKey(["run_id", "phase", "step", "name"])
            }
            try db.create(index: "evaluation_by_run_split_step", on: "evaluation",
                          columns: ["run_id", "split", "step"], unique: true)
        }
        migrator.registerMigration("v4: data selections (ordered sample names per method, seed and size)") { db in
            try db.create(table: "selection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("experiment", .text).notNull()
                t.column("method", .text).notNull()
                t.column("profile", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("config_hash", .text).notNull()
                t.column("dataset_hash", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("names_json", .text).notNull()
                t.column("path", .text).notNull()
                t.column("recorded_at", .datetime).notNull()
            }
            try db.create(index: "selection_by_key", on: "selection",
                          columns: ["experiment", "method", "profile", "seed", "config_hash", "dataset_hash", "size"],
                          unique: true)
        }
        return migrator
    }
}
