#!/usr/bin/env python3
"""Renders the results of tests/system/run.py as the markdown table for docs/RELIABILITY.md.

    python3 tests/system/render_reliability.py RESULTS.json [> table.md]
"""

from __future__ import annotations

import json
import sys


def cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(document: dict) -> str:
    out = [
        f"Last run: `{document.get('mode')}` suite, finished {document.get('finished_at')}, {document.get('seconds')} s on "
        f"{document.get('machine')} (binary built {document.get('binary_mtime')}).",
        "",
        "| scenario | load held | faults injected | writes acknowledged | writes found | latency p50 / p99 | verdict |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for r in document["scenarios"]:
        latency = "-"
        if r.get("latency_p50_ms") is not None:
            latency = f"{r['latency_p50_ms']:.0f} / {r['latency_p99_ms']:.0f} ms"
        if r.get("latency_note"):
            latency += f" ({r['latency_note']})"
        if r.get("peak_rss_mb") is not None:
            latency += f"; peak RSS {r['peak_rss_mb']:.0f} MB"
        acked = r.get("writes_acknowledged")
        found = r.get("writes_found")
        extra = ""
        if r.get("writes_unanswered"):
            extra = f" (+{r['writes_unanswered']} unanswered, {r.get('unanswered_present', 0)} of them committed whole)"
        verdict = r.get("verdict", "fail")
        failed = [c["name"] for c in r.get("checks", []) if c.get("ok") is False]
        if failed:
            verdict = "**fail**: " + "; ".join(failed)
        out.append("| " + " | ".join(cell(x) for x in [
            f"{r['scenario']}: {r.get('title', '')}", r.get("load", ""), r.get("faults", ""),
            "-" if acked is None else f"{acked}{extra}", "-" if found is None else found, latency, verdict]) + " |")
    out.append("")
    notes = []
    for r in document["scenarios"]:
        for c in r.get("checks", []):
            if c.get("ok") is not True and c.get("detail"):
                state = "failed" if c.get("ok") is False else "pending"
                notes.append(f"- {r['scenario']}, {state}: {c['name']} — {c['detail']}")
        for n in r.get("notes", []):
            notes.append(f"- {r['scenario']}: {n}")
    if notes:
        out += ["Notes from the same run:", "", *(cell(n) for n in notes), ""]
    return "\n".join(out)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        document = json.load(f)
    sys.stdout.write(render(document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
