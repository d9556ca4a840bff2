#!/usr/bin/env bash
# Writes a single-node slurm.conf (argument: its path) for this machine: slurmctld + slurmd on localhost,
# no cgroups (linuxproc process tracking, no task plugin), memory enforced by jobacct_gather's
# OverMemoryKill sampled every second, CPUs and memory as consumable resources.
set -euo pipefail
conf="${1:-/etc/slurm/slurm.conf}"
cpus="$(nproc)"
mem_mb="$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
mkdir -p "$(dirname "$conf")"
tmp="$conf.tmp.$$"
cat >"$tmp" <<CONF
# Written by tools/slurm/write-config.sh (nx-sleeves): a single-node test cluster.
ClusterName=nxsleeves
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
MpiDefault=none
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
# [test box] No cgroups here: memory is enforced by sampling (every 1 s) and killing. A real cluster uses
# TaskPlugin=task/cgroup + ConstrainRAMSpace=yes (exact, state OUT_OF_MEMORY) and need not sample this often.
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
# Tuning for sleeve throughput. [real cluster] marks what an admin would want for many short jobs; [test box]
# what only suits this single-node cluster. Measured per job (docs/engine.md, "Slurm backend").
# [real cluster] A job queued behind others starts when a scheduling pass finds it. batch_sched_delay (default 3 s)
# lets submit-triggered passes wait up to that long after the last one; sched_min_interval (default 2 us) spaces
# event-triggered passes. Both 0: a pass as soon as something asks for one. A busy site may keep its defaults.
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
# [real cluster] An epilog makes slurmd report the end of each job with MESSAGE_EPILOG_COMPLETE, on which
# slurmctld schedules at once. Without one, slurmd answers the terminate request "already complete" and slurmctld
# only queues a scheduling pass for its once-a-second background loop: every job waiting behind a finished one
# started up to 1 s late (measured: 0.3-0.9 s per job end, 8 CPU-bound jobs on 2 cpus at 2.2x ideal). Real
# clusters almost always have an epilog already.
# Not tunable (Slurm 22.05 source): a newly submitted batch job is only test-scheduled in the submit RPC and
# started by that same once-a-second loop (0-1 s, median 0.5 s, whatever the settings); slurmstepd rewrites the
# node's hwloc topology XML for every job (~50 ms here).
Epilog=/bin/true
# [test box] SIGTERM -> SIGKILL grace on cancel and time limit (default 30 s): short, so cancel tests end fast.
# MinJobAge (default 300 s, kept explicit): finished jobs stay visible to squeue/scontrol for the exit code.
KillWait=2
MinJobAge=300
ReturnToService=2
InactiveLimit=0
SlurmdTimeout=30
NodeName=localhost CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
# Accepts jobs but never starts them (reason PartitionDown): the pendingTimeoutMs test submits here.
PartitionName=nxs-down Nodes=localhost MaxTime=INFINITE State=DOWN
CONF
mv "$tmp" "$conf"
echo "wrote $conf (CPUs=$cpus RealMemory=$mem_mb)"
