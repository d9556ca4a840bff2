/**
 * A team's own Python pipeline for the command-mode end-to-end test: a package `teampipe` with a sleeve CLI
 * (`python3 -m teampipe`) and a meta-portfolio CLI (`python3 -m teampipe.meta`), and the team's configs/manifest.json.
 * The sleeve CLI reads TV_PROFILE / TV_RUN_ID, logs to stdout and writes deterministic artifacts into --out; profiles
 * can ask it to crash (a real segfault) or to allocate memory until it is killed.
 */
export const TEAM_FILES: Record<string, string> = {
  'teampipe/__init__.py': '',
  'teampipe/signals.py': `VERSION = "signals-1"


def score(profile: str) -> float:
    return round(sum(ord(c) for c in profile) / 1000.0, 6)
`,
  'teampipe/__main__.py': `import argparse
import json
import os
import sys
import time

from . import signals


def crash() -> None:
    import ctypes
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file
    ctypes.string_at(0)  # segfault


def blow_up() -> None:
    hog = []
    for _ in range(80):  # up to 4 GB: the engine's watchdog must kill it long before
        hog.append(bytearray(b"\\x01") * (50 * 1024 * 1024))
        time.sleep(0.05)


def main() -> int:
    p = argparse.ArgumentParser(prog="teampipe")
    p.add_argument("--profile", required=True)
    p.add_argument("--run-id", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    profile, run_id = os.environ["TV_PROFILE"], os.environ["TV_RUN_ID"]
    if run_id != a.run_id:
        print(f"TV_RUN_ID {run_id} != --run-id {a.run_id}", file=sys.stderr)
        return 2
    with open(a.manifest) as f:
        cfg = json.load(f)["profiles"][a.profile]
    print(f"teampipe {signals.VERSION}: profile {a.profile} (TV_PROFILE {profile}) run {run_id}", flush=True)
    behaviour = cfg.get("test_behaviour")
    if behaviour == "crash":
        crash()
    if behaviour == "oom":
        blow_up()
    os.makedirs(os.path.join(a.out, "data"), exist_ok=True)
    with open(os.path.join(a.out, "data", "weights.json"), "w") as f:
        json.dump({"profile": a.profile, "run_id": run_id, "signals": signals.VERSION, "score": signals.score(a.profile)}, f, sort_keys=True)
    print("done", flush=True)
    return 0


sys.exit(main())
`,
  'teampipe/meta.py': `import argparse
import json
import os
import sys
import zipfile


def main() -> int:
    p = argparse.ArgumentParser(prog="teampipe.meta")
    p.add_argument("--profile", required=True)
    p.add_argument("--run-id", required=True)
    p.add_argument("--inputs", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    with open(a.inputs) as f:
        doc = json.load(f)
    legs = []
    for s in doc["sleeves"]:
        with open(s["result"]) as f:
            status = json.load(f)["status"]
        with zipfile.ZipFile(s["zip"]) as z:
            weights = json.loads(z.read("artifacts/data/weights.json"))
        legs.append({"id": s["id"], "project": s["project"], "run_id": s["runId"], "status": status, "signals": weights["signals"]})
        print(f"meta {a.profile}: read {s['id']} ({s['outputPath']})", flush=True)
    os.makedirs(os.path.join(a.out, "data"), exist_ok=True)
    with open(os.path.join(a.out, "data", "meta.json"), "w") as f:
        json.dump({"profile": a.profile, "run_id": a.run_id, "weight": round(1 / len(legs), 6), "legs": legs}, f, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
`,
  'configs/manifest.json': `${JSON.stringify(
    {
      defaults: { discovery: { enabled_markets: ['america'] }, backtest: { profiles: 'hrp' } },
      profiles: {
        alpha_trend: { description: 'alpha', discovery: { enabled_markets: ['america'] } },
        beta_carry: { description: 'beta', discovery: { enabled_markets: ['etf'] } },
        gamma_value: { description: 'gamma (frozen pipeline copy)' },
        crash_probe: { description: 'segfaults', test_behaviour: 'crash' },
        oom_probe: { description: 'allocates until killed', test_behaviour: 'oom' },
        meta_core: {
          description: 'three sleeves',
          sleeves: [
            { id: 'a', profile: 'alpha_trend' },
            { id: 'b', profile: 'beta_carry', run_id: '' },
            { id: 'g', profile: 'gamma_value', run_id: null },
          ],
        },
      },
    },
    null,
    2,
  )}\n`,
};

const PY = 'env PYTHONPATH={workspaceDir} python3 -m';
export const TEAM_COMMAND = `${PY} teampipe --profile {profile} --run-id {runId} --manifest {workspaceDir}/configs/manifest.json --out {artifactsDir}`;
export const TEAM_META_COMMAND = `${PY} teampipe.meta --profile {profile} --run-id {runId} --inputs {metaInputs} --out {artifactsDir}`;
