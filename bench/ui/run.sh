#!/usr/bin/env bash
# The UI page benchmark: a private PostgreSQL 15 cluster (fsync on) and `modelreg serve --demo`, 10,000 models seeded
# through /v1, then every UI page timed (Server-Timing render;dur and the client's wall time) next to the raw
# PostgreSQL query for the models list. Stops everything it started, also on failure or Ctrl-C.
#
#   bench/ui/run.sh                        # MODELREG_BIN, default .build-release/release/modelreg
#   bench/ui/run.sh --seed-only            # only the seeding (a binary without the UI)
#   bench/ui/run.sh --models 1000 --requests 50 --warmup 5
#   bench/ui/run.sh --json                 # JSON on stdout instead of the Markdown table
#   bench/ui/run.sh --help                 # every option
#
# Needs: PostgreSQL 15 under /usr/lib/postgresql/15 (scripts/install-deps.sh; as root its tools run as `postgres`),
# Python 3.10+ (standard library only). Writes bench/ui/results.md and bench/ui/results.json (--no-save: not).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export MODELREG_BIN="${MODELREG_BIN:-$repo/.build-release/release/modelreg}"
if [ ! -x "$MODELREG_BIN" ]; then
    echo "no modelreg binary at $MODELREG_BIN: build it (swift build -c release --build-path .build-release) or set MODELREG_BIN" >&2
    exit 2
fi
if [ ! -x /usr/lib/postgresql/15/bin/postgres ] && [ -z "${MODELREG_PG_BIN:-}" ]; then
    echo "PostgreSQL 15 is not under /usr/lib/postgresql/15 (scripts/install-deps.sh, or MODELREG_PG_BIN)" >&2
    exit 2
fi
exec python3 "$here/bench_ui.py" "$@"
