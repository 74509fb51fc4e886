#!/usr/bin/env bash
# The MLflow side-by-side benchmark: installs what it needs, then runs bench/mlflow/run.py with the arguments given.
#
#   bench/mlflow/run.sh                  # both servers (ours: MODELREG_BIN, default .build-release/release/modelreg)
#   bench/mlflow/run.sh --only mlflow    # MLflow alone; results.md keeps the last numbers for ours
#   bench/mlflow/run.sh --duration 5 --warmup 1
#
# Needs: Debian's wrk (installed here with apt-get if missing), PostgreSQL 15 under /usr/lib/postgresql/15
# (scripts/install-deps.sh), Python 3.10+ with venv, a C compiler (the trivial responder for wrk's ceiling).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${MLFLOW_BENCH_VENV:-$repo/.modelreg/venv-mlflow-server}"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk (apt-get)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq wrk >/dev/null
fi

need_mlflow=1
for arg in "$@"; do [ "$arg" = "ours" ] && [ "${prev:-}" = "--only" ] && need_mlflow=0; prev="$arg"; done
case " $* " in *" --only=ours "*) need_mlflow=0 ;; esac

if [ "$need_mlflow" = 1 ]; then
    stamp="$venv/.requirements.txt"
    if [ ! -x "$venv/bin/mlflow" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
        echo "creating $venv from bench/mlflow/requirements.txt (a few minutes the first time)" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --upgrade pip
        "$venv/bin/pip" install -q -r "$here/requirements.txt"
        cp "$here/requirements.txt" "$stamp"
    fi
fi

exec python3 "$here/run.py" --venv "$venv" "$@"
