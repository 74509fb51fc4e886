#!/usr/bin/env bash
# Schemathesis against a freshly started registry: every check of the pinned version (no 5xx, status codes,
# content types, headers and bodies as documented, schema-valid requests accepted, schema-violating ones
# refused, undeclared methods answered 405...), a bounded number of examples per operation, a fixed seed.
#
#   tests/system/schemathesis/run.sh
#
# Environment:
#   MODELREG_BIN       the server binary (default: <repo>/.build/debug/modelreg)
#   ST_MAX_EXAMPLES    examples per operation and phase (default: 25)
#   ST_SEED            the seed (default: 20261127)
#   ST_PHASES          schemathesis phases (default: examples,coverage,fuzzing,stateful)
#   ST_REPORT_DIR      where the JUnit report goes (default: <repo>/.modelreg/schemathesis-report)
#   PYTHON             the Python (>= 3.11) the venv is made with (default: python3)
#   ST_VENV            the venv (default: <repo>/.modelreg/venv-schemathesis), made or updated from requirements.txt
#   ST_SCHEMA          test against this OpenAPI file instead of the served /v1/openapi.json (to try a change to
#                      the document without rebuilding the server)
#
# Starts `modelreg serve --demo --port 0` on a private PostgreSQL in a temporary directory, runs schemathesis
# against its /v1/openapi.json with the demo's admin token, then stops the server and its PostgreSQL whatever
# happens. Exits nonzero on any failure, including a server that does not start.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="${MODELREG_BIN:-$repo/.build/debug/modelreg}"
max_examples="${ST_MAX_EXAMPLES:-25}"
seed="${ST_SEED:-20261127}"
phases="${ST_PHASES:-examples,coverage,fuzzing,stateful}"
report_dir="${ST_REPORT_DIR:-$repo/.modelreg/schemathesis-report}"
venv="${ST_VENV:-$repo/.modelreg/venv-schemathesis}"
python="${PYTHON:-python3}"

log() { printf 'schemathesis: %s\n' "$*" >&2; }

[[ -x "$bin" ]] || { log "no server binary at $bin (build it, or set MODELREG_BIN)"; exit 2; }

# --- the pinned venv -------------------------------------------------------------------------------------------
requirements="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/schemathesis" || "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    log "installing $(grep -E '^schemathesis==' "$requirements") into $venv"
    [[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" >"$stamp"
fi

# --- a server on a free port with a fresh data directory ------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/modelreg-schemathesis.XXXXXX")"
# The embedded PostgreSQL runs as an unprivileged user when we are root: it must be able to reach its directory.
chmod 0755 "$work"
data_dir="$work/.modelreg/pgdata"
server_log="$work/server.log"
server_pid=""
schemathesis_pid=""
server_ready=""

pg_ctl_stop() {
    local pg_ctl
    pg_ctl="$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1 || true)"
    [[ -n "$pg_ctl" && -f "$data_dir/postmaster.pid" ]] || return 0
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u "$(stat -c %U "$data_dir")" -- "$pg_ctl" -D "$data_dir" -m fast stop >/dev/null 2>&1 || true
    else
        "$pg_ctl" -D "$data_dir" -m fast stop >/dev/null 2>&1 || true
    fi
}

cleanup() {
    local status=$?
    if [[ -n "$schemathesis_pid" ]] && kill -0 "$schemathesis_pid" 2>/dev/null; then
        kill -TERM "$schemathesis_pid" 2>/dev/null || true
        wait "$schemathesis_pid" 2>/dev/null || true
    fi
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$server_pid" 2>/dev/null; then
            log "the server did not stop within 30 s; killing it"
            kill -KILL "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
    fi
    # Whatever became of the server, its PostgreSQL must not outlive the run.
    pg_ctl_stop
    if [[ $status -ne 0 && -f "$server_log" ]]; then
        if [[ -z "$server_ready" ]]; then
            log "server log (last 40 lines):"
            tail -n 40 "$server_log" >&2 || true
        elif mkdir -p "$report_dir" && cp "$server_log" "$report_dir/server.log"; then
            log "server log kept in $report_dir/server.log"
        fi
    fi
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting $bin in $work"
(
    cd "$work"
    exec "$bin" serve --data-dir "$data_dir" --host 127.0.0.1 --port 0 --demo --demo-dir "$repo/demo" \
        --schema-dir "$repo/schema" --signing-key "$work/.modelreg/signing-key"
) >"$work/server.out" 2>"$server_log" &
server_pid=$!

url=""
for _ in $(seq 1 240); do
    kill -0 "$server_pid" 2>/dev/null || { log "the server exited before it was ready"; exit 1; }
    url="$(grep -o 'server\.url=[^ ]*' "$server_log" 2>/dev/null | head -n1 | cut -d= -f2- || true)"
    [[ -n "$url" && -s "$work/.modelreg/admin-token" ]] && break
    url=""
    sleep 0.5
done
[[ -n "$url" ]] || { log "the server was not ready within 120 s"; exit 1; }
token="$(cat "$work/.modelreg/admin-token")"
server_ready=1
log "server at $url"

# --- schemathesis ----------------------------------------------------------------------------------------------
mkdir -p "$report_dir"
schema="$url/v1/openapi.json"
base_url=()
if [[ -n "${ST_SCHEMA:-}" ]]; then
    schema="$(cd "$(dirname "$ST_SCHEMA")" && pwd)/$(basename "$ST_SCHEMA")"
    base_url=(--url "$url")
fi
# From the temporary directory, so that caches schemathesis leaves behind go with it.
cd "$work"
set +e
# One worker: Python 3.11's AST parser, which Hypothesis calls to describe filters, is not safe across threads.
SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" \
    "$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$schema" "${base_url[@]}" \
    --header "Authorization: Bearer $token" \
    --phases "$phases" \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --workers 1 \
    --wait-for-schema 30 \
    --no-color \
    --report junit --report-junit-path "$report_dir/junit.xml" &
# In the background and waited for, so that a signal to this script is handled at once rather than after the run.
schemathesis_pid=$!
wait "$schemathesis_pid"
status=$?
schemathesis_pid=""
set -e
if [[ $status -eq 0 ]]; then
    log "passed (report: $report_dir/junit.xml)"
else
    log "FAILED with status $status (report: $report_dir/junit.xml)"
fi
exit $status
