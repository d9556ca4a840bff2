#!/usr/bin/env bash
# Stops the single-node cluster started by tools/slurm/start.sh (slurmd, slurmctld, munged), by pid file.
set -uo pipefail
stop() { # name pidfile
  local pid
  pid="$(cat "$2" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { echo "stopped $1"; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null; echo "killed $1"
}
stop slurmd /run/slurmd.pid
stop slurmctld /run/slurmctld.pid
stop munged /run/munge/munged.pid
