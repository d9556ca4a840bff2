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
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
# Start jobs as soon as they are submitted or resources free up (the default waits for the next pass).
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
# An epilog makes slurmd report the end of each job with MESSAGE_EPILOG_COMPLETE, on which slurmctld schedules
# at once. Without one, slurmd answers the terminate request "already complete" and slurmctld only queues a
# scheduling pass for its once-a-second background loop: every job waiting behind a finished one started up
# to 1 s late (measured: 0.3-0.9 s per job end, 8 CPU-bound jobs on 2 cpus at 2.2x ideal).
Epilog=/bin/true
# SIGTERM → SIGKILL grace on cancel and time limit; finished jobs stay visible to squeue for 5 minutes.
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
