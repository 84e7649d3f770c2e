#!/usr/bin/env bash
# The cluster grid for real, on a single-node Slurm cluster on this machine (see
# scripts/slurm-local-cluster.sh): submits the smoke grid of experiment 210 with
# `threeways grid --slurm --submit` (depth pretraining, then the runs as a job array,
# then merge-and-report), requeues one array task mid-run with `scontrol requeue`,
# waits for the merge job, and checks that the merged store equals the store of the
# same grid run locally with `threeways run` (same runs, metrics bit for bit: `threeways
# merge --compare`) and that the requeued task resumed. Needs root (it starts the
# daemons) and a release build. Usage: scripts/slurm-ci-check.sh [SMOKE_DATA_ROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
timeout_s=${SLURM_CI_TIMEOUT:-900}
start=$(date +%s)
tw="$(swift build -c release --show-bin-path)/threeways"
[ -x "$tw" ] || { echo "no release build at $tw (run swift build -c release)"; exit 1; }
work=$(mktemp -d /tmp/threeways-slurm-ci.XXXXXX)
data=${1:-$work/synthcity}

bash scripts/slurm-local-cluster.sh start
[ -d "$data" ] || "$tw" data generate --profile smoke --root "$data" > /dev/null

out=$work/grid
echo "== submitting the smoke grid of experiment 210 into $out"
"$tw" grid --experiment 210 --profile smoke --root "$data" --slurm "$out" --cpus-per-task 1 --submit
job_of() { awk -v s="$1" '$1 == s {print $2}' "$out/jobs.tsv"; }
runs_job=$(job_of runs); merge_job=$(job_of merge)
[ -n "$runs_job" ] && [ -n "$merge_job" ] || { echo "submit.sh listed no runs or merge job"; cat "$out/jobs.tsv"; exit 1; }

# The same grid locally, in the background (same thread count as the tasks).
THREEWAYS_THREADS=1 "$tw" run --experiment 210 --profile smoke --root "$data" --runs "$work/local" \
    > "$work/local.log" 2>&1 &
local_pid=$!

state_of() { scontrol -o show job "$1" 2> /dev/null | tr ' ' '\n' | awk -F= '$1 == "JobState" {print $2; exit}'; }
fail() {
    echo "FAILED: $*"
    "$tw" grid --status "$out" || true
    tail -n 20 "$out"/logs/* 2> /dev/null || true
    kill "$local_pid" 2> /dev/null || true
    exit 1
}

# Requeue the last array task (the last variant of the smoke grid) once its first checkpoint exists.
last=$(( $(wc -l < "$out/manifest.tsv") - 2 ))
variant=$(awk -F'\t' -v i="$last" '$1 == i {print $4}' "$out/manifest.tsv")
echo "== waiting for task $last ($variant) to write its first checkpoint, then requeueing it"
requeued=no
while [ "$requeued" = no ]; do
    (( $(date +%s) - start < timeout_s )) || fail "timed out before the requeue"
    if compgen -G "$out/runs/smoke/210/$variant/*/*-step*.safetensors" > /dev/null; then
        scontrol requeue "${runs_job}_${last}"
        # Slurm makes a requeued job wait about two minutes; once it is pending again, let it start now.
        for _ in $(seq 40); do [ "$(state_of "${runs_job}_${last}")" = PENDING ] && break; sleep 0.25; done
        sleep 1
        scontrol update jobid="${runs_job}_${last}" StartTime=now
        requeued=yes
        echo "requeued ${runs_job}_${last} at $(( $(date +%s) - start )) s"
    fi
    case "$(state_of "${runs_job}_${last}")" in
        COMPLETED) fail "task $last finished before it could be requeued";;
        FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) fail "task $last ended as $(state_of "${runs_job}_${last}")";;
    esac
    sleep 0.5
done

echo "== waiting for the merge job $merge_job"
while :; do
    (( $(date +%s) - start < timeout_s )) || fail "timed out after ${timeout_s} s"
    state=$(state_of "$merge_job")
    case "$state" in
        COMPLETED) break;;
        FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) fail "the merge job ended as $state";;
    esac
    reason=$(squeue -h -j "$merge_job" -o %r 2> /dev/null || true)
    [ "$reason" != "DependencyNeverSatisfied" ] || fail "a task failed, so the merge job can never start"
    sleep 2
done
echo "grid done in $(( $(date +%s) - start )) s"
"$tw" grid --status "$out" | tee "$work/status.txt"
entries=$(( $(wc -l < "$out/manifest.tsv") - 1 ))
grep -q "^$entries done, 0 running, 0 interrupted, 0 failed, 0 missing" "$work/status.txt" || fail "not every entry is done"
grep -q "resuming run" "$out"/logs/*-runs-"${runs_job}_${last}".out || fail "the requeued task did not resume from its checkpoint"
[ -s "$out/report/report.md" ] || fail "the merge job wrote no report"

wait "$local_pid" || { cat "$work/local.log"; fail "the local run failed"; }
echo "== comparing the merged store with the local run's"
"$tw" merge --compare "$out/results.sqlite" "$work/local/results.sqlite"
dups=$(sqlite3 "$out/results.sqlite" "SELECT count(*) FROM (SELECT run_id, split, step FROM evaluation GROUP BY 1, 2, 3 HAVING count(*) > 1)")
[ "$dups" = 0 ] || fail "$dups duplicated evaluations"
[ "$(sqlite3 "$out/results.sqlite" 'SELECT count(*) FROM run')" = "$entries" ] || fail "the merged store does not hold $entries runs"
rm -rf "$work"
echo "== slurm check passed in $(( $(date +%s) - start )) s"
