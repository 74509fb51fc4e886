#!/usr/bin/env python3
"""Runs the fault and load scenarios against the real server and a private PostgreSQL on this machine.

    python3 tests/system/run.py                 # full: bigger loads, a few minutes (make test-system)
    python3 tests/system/run.py --short         # the short version, for every make test
    python3 tests/system/run.py --only crash --only overload --results out.json

The server binary comes from $MODELREG_BIN (default <repo>/.build/debug/modelreg). Exits nonzero when any
scenario's verdict is a failure; checks that need a server feature this binary lacks are reported as pending.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness as h  # noqa: E402
import scenarios  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the short version (for make test)")
    parser.add_argument("--only", action="append", choices=list(scenarios.SCENARIOS), help="run only this scenario (repeatable)")
    parser.add_argument("--results", help="write the JSON results here (default: tests/system/results-{short,full}.json)")
    args = parser.parse_args()

    h.install_signal_handlers()
    binary = h.modelreg_bin()
    if not os.access(binary, os.X_OK):
        print(f"no modelreg binary at {binary} (set MODELREG_BIN or build first)", file=sys.stderr)
        return 2
    if not (h.PG_BIN / "initdb").exists():
        print(f"no PostgreSQL binaries in {h.PG_BIN} (set MODELREG_PG_BIN)", file=sys.stderr)
        return 2
    mode = "short" if args.short else "full"
    names = args.only or list(scenarios.SCENARIOS)
    results_path = Path(args.results) if args.results else Path(__file__).resolve().parent / f"results-{mode}.json"

    started = time.monotonic()
    results = []
    cluster = h.PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        for name in names:
            h.log(f"--- {name} ({mode})")
            try:
                result = scenarios.SCENARIOS[name](cluster, scenarios.PARAMS[mode][name])
            except Exception:  # noqa: BLE001 - a scenario's own failure must not stop the others
                result = {"scenario": name, "verdict": "fail", "passed": False,
                          "checks": [{"name": "scenario ran", "ok": False, "detail": traceback.format_exc()[-1500:]}]}
            results.append(result)
            print(line(result), flush=True)
            for check in result.get("checks", []):
                if check["ok"] is not True:
                    state = "FAIL" if check["ok"] is False else "PENDING"
                    print(f"      {state}: {check['name']}: {check['detail']}", flush=True)
            if not cluster.running:
                cluster.start()
    finally:
        cluster.destroy()

    document = {
        "mode": mode,
        "binary": binary,
        "binary_mtime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(os.path.getmtime(binary))),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(time.monotonic() - started, 1),
        "machine": f"{os.cpu_count()} cores",
        "scenarios": results,
    }
    results_path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    failed = [r["scenario"] for r in results if not r.get("passed")]
    print(f"system {mode}: {len(results) - len(failed)}/{len(results)} scenarios passed in {document['seconds']} s; results in {results_path}")
    return 1 if failed else 0


def line(r: dict) -> str:
    def fmt(v):
        return "-" if v is None else v
    parts = [f"{r['scenario']:<12} {('PASS' if r.get('passed') else 'FAIL'):<4}",
             f"acked {fmt(r.get('writes_acknowledged'))} found {fmt(r.get('writes_found'))}",
             f"unanswered {fmt(r.get('writes_unanswered'))} (present {fmt(r.get('unanswered_present'))})",
             f"p50 {fmt(r.get('latency_p50_ms'))} ms p99 {fmt(r.get('latency_p99_ms'))} ms"]
    if r.get("peak_rss_mb") is not None:
        parts.append(f"peak RSS {r['peak_rss_mb']} MB")
    parts.append(f"{fmt(r.get('seconds'))} s")
    verdict = r.get("verdict", "")
    if verdict.startswith("pass ("):
        parts.append(verdict[5:])
    return "  ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
