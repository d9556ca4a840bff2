#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine (munged, slurmctld, slurmd on localhost, no cgroups)
# and waits until `sinfo` shows the node idle. Idempotent: daemons already running are left alone.
# Needs root and Debian's slurm-wlm + munge (tools/slurm/install.sh). Config: $SLURM_CONF
# (default /etc/slurm/slurm.conf), (re)written by tools/slurm/write-config.sh when missing or written by it
# before (a foreign slurm.conf is left alone unless NX_SLEEVES_SLURM_REWRITE is set).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
conf="${SLURM_CONF:-/etc/slurm/slurm.conf}"
wait_s="${NX_SLEEVES_SLURM_WAIT_S:-60}"

die() { echo "tools/slurm/start.sh: $*" >&2; exit 1; }
# By pid file (no procps needed): the daemon of that file is alive.
running() { local pid; pid="$(cat "$1" 2>/dev/null)" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
[ "$(id -u)" = 0 ] || die "must run as root (starts munged, slurmctld and slurmd)"
for b in munged slurmctld slurmd sinfo; do
  command -v "$b" >/dev/null 2>&1 || die "$b not found; install Debian's slurm-wlm and munge first (tools/slurm/install.sh)"
done

changed=""
if [ ! -f "$conf" ] || grep -q '^# Written by tools/slurm/write-config.sh' "$conf" || [ -n "${NX_SLEEVES_SLURM_REWRITE:-}" ]; then
  before="$(cat "$conf" 2>/dev/null || true)"
  "$here/write-config.sh" "$conf" >/dev/null
  [ "$before" = "$(cat "$conf")" ] || changed=1
fi

# munge: a key readable by the munge user only, and its run/log/lib folders.
key=/etc/munge/munge.key
if [ ! -s "$key" ]; then
  dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
fi
chown munge:munge "$key" && chmod 0400 "$key"
for d in /run/munge /var/log/munge /var/lib/munge; do mkdir -p "$d"; chown munge:munge "$d"; done
chmod 0755 /run/munge
if ! running /run/munge/munged.pid; then
  runuser -u munge -- munged --force || die "munged did not start (see /var/log/munge/munged.log)"
fi

mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
export SLURM_CONF="$conf"
if ! running /run/slurmctld.pid; then
  slurmctld -f "$conf" || die "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
elif [ -n "$changed" ]; then
  scontrol reconfigure || die "slurmctld is running but did not take the new $conf (scontrol reconfigure failed)"
fi
if ! running /run/slurmd.pid; then slurmd -f "$conf" -N localhost || die "slurmd did not start (see /var/log/slurm/slurmd.log)"; fi

# Bounded wait for the node to be idle (a node left down/drained by an earlier run is resumed).
deadline=$(( $(date +%s) + wait_s ))
state=""
while :; do
  state="$(sinfo -h -N -n localhost -o '%T' 2>/dev/null | head -1 || true)"
  case "$state" in
    idle|mixed|allocated) echo "slurm: node localhost is $state (SLURM_CONF=$conf)"; exit 0 ;;
    down*|drain*|drained*) scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || die "node localhost not idle after ${wait_s}s (sinfo state: '${state:-no answer}'); see /var/log/slurm/slurmctld.log and slurmd.log"
  sleep 0.5
done
