#!/usr/bin/env bash
# The real MLflow client against the registry's MLflow routes (tests/mlflow/test_mlflow_client.py): makes or reuses
# the pinned venv, then runs the test, which starts its own PostgreSQL cluster and `modelreg serve`.
#
#   tests/mlflow/run.sh                    # against our server (MODELREG_BIN, default <repo>/.build/debug/modelreg)
#   tests/mlflow/run.sh --start-mlflow     # the MLflow parts against a real `mlflow server` started from the venv
#   tests/mlflow/run.sh --against-mlflow URL [--reset]
#
# Environment:
#   MODELREG_BIN       the server binary
#   PYTHON             the Python (3.11) the venv is made with (default: python3)
#   MLFLOW_TEST_VENV   the venv (default: <repo>/.modelreg/venv-mlflow), (re)installed when requirements.txt changes
#   MLFLOW_TEST_LOG    the full output of the run (default: <repo>/.modelreg/mlflow-test.log)
#   MLFLOW_TEST_VERBOSE=1  print every step as it runs instead of only the summary
#
# Quiet on success but for the summary line; on failure prints the run's output. Exit status nonzero on failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${MLFLOW_TEST_VENV:-$repo/.modelreg/venv-mlflow}"
python="${PYTHON:-python3}"
logfile="${MLFLOW_TEST_LOG:-$repo/.modelreg/mlflow-test.log}"

log() { printf 'mlflow: %s\n' "$*" >&2; }

export MLFLOW_DISABLE_TELEMETRY=true
export DO_NOT_TRACK=true
export PIP_DISABLE_PIP_VERSION_CHECK=1

# --- the pinned venv -------------------------------------------------------------------------------------------
source "$repo/scripts/pinned-venv.sh"
ensure_pinned_venv "$venv" "$here/requirements.txt" "$python" mlflow

# --- the test --------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$logfile")"
set +e
if [[ "${MLFLOW_TEST_VERBOSE:-}" == 1 ]]; then
    "$venv/bin/python" "$here/test_mlflow_client.py" "$@" 2>&1 | tee "$logfile"
    status=${PIPESTATUS[0]}
else
    "$venv/bin/python" "$here/test_mlflow_client.py" "$@" >"$logfile" 2>&1
    status=$?
fi
set -e
if [[ $status -ne 0 ]]; then
    [[ "${MLFLOW_TEST_VERBOSE:-}" == 1 ]] || cat "$logfile" >&2
    log "FAILED with status $status (output: $logfile)"
    exit $status
fi
[[ "${MLFLOW_TEST_VERBOSE:-}" == 1 ]] || grep -E '^mlflow: [0-9]+ passed' "$logfile" | tail -n 1
