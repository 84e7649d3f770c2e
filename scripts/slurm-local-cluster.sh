#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for CI and for trying `threeways grid
# --slurm` without a real cluster: Debian's munge, slurmctld and slurmd on localhost,
# started by hand (no systemd), without cgroups (proctrack/linuxproc, task/none) and
# without accounting storage (no slurmdbd: `sacct` does not answer; `threeways grid
# --status` then asks squeue). Run as root. Idempotent: a running cluster is left as is.
#
#   scripts/slurm-local-cluster.sh start    # install (apt) if needed, configure, start; ~1 minute
#   scripts/slurm-local-cluster.sh status   # sinfo
#   scripts/slurm-local-cluster.sh stop     # scontrol shutdown, stop munged
#
# The node offers every CPU of the machine and its memory less 1 GiB, in partition
# "debug" (the default). Completed jobs stay visible to `scontrol show job` for an hour.
set -euo pipefail

conf=/etc/slurm/slurm.conf
state=/var/spool/slurm-threeways
logs=/var/log/slurm-threeways
node=$(hostname -s)

install_packages() {
    if ! command -v slurmctld > /dev/null || ! command -v slurmd > /dev/null || ! command -v munged > /dev/null \
        || ! command -v sbatch > /dev/null; then
        echo "== installing slurm-wlm and munge"
        DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge > /dev/null
    fi
}

write_config() {
    local cpus memory
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
    mkdir -p /etc/slurm "$state/ctld" "$state/d" "$logs"
    cat > "$conf.new" <<CONF
# Written by scripts/slurm-local-cluster.sh: one node, no cgroups, no accounting storage.
ClusterName=threeways
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MinJobAge=3600
SlurmdTimeout=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    if ! cmp -s "$conf.new" "$conf"; then mv "$conf.new" "$conf"; else rm "$conf.new"; fi
}

start_munge() {
    if munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then return; fi
    echo "== starting munged"
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile /etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; }
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 20); do munge -n 2> /dev/null | unmunge > /dev/null 2>&1 && return; sleep 0.5; done
    echo "munged did not start (see /var/log/munge/munged.log)" >&2; exit 1
}

node_state() { sinfo -h -n "$node" -o %T 2> /dev/null | head -1; }

start() {
    install_packages
    write_config
    start_munge
    if ! scontrol ping 2> /dev/null | grep -q "is UP"; then
        echo "== starting slurmctld"
        slurmctld
    fi
    if ! pgrep -x slurmd > /dev/null; then
        echo "== starting slurmd"
        slurmd
    fi
    for _ in $(seq 60); do
        case "$(node_state)" in
            idle*|mixed*|allocated*|completing*) echo "== slurm cluster up: $(sinfo -h -o '%P %D node(s), %c CPUs, %m MB, %T')"; return ;;
            down*|drain*) scontrol update nodename="$node" state=resume 2> /dev/null || true ;;
        esac
        sleep 1
    done
    echo "the node did not become idle: $(node_state); logs in $logs" >&2
    exit 1
}

stop() {
    if scontrol ping 2> /dev/null | grep -q "is UP"; then scontrol shutdown || true; fi
    for _ in $(seq 20); do pgrep -x slurmctld > /dev/null || pgrep -x slurmd > /dev/null || break; sleep 0.5; done
    if [ -s /run/munge/munged.pid ]; then kill "$(cat /run/munge/munged.pid)" 2> /dev/null || true; fi
    echo "== slurm cluster stopped"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) sinfo; squeue ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
