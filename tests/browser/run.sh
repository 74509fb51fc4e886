#!/usr/bin/env bash
# The web UI in a real browser (tests/browser/test_browser.py): makes or reuses the pinned venv, then runs the test,
# which starts its own PostgreSQL cluster and `modelreg serve --demo` and drives Debian's headless Chromium through it.
#
#   tests/browser/run.sh                          # against MODELREG_BIN (default <repo>/.build/debug/modelreg)
#   tests/browser/run.sh --base-url URL --token T # against a server already running with the demo data
#   tests/browser/run.sh --no-screenshots         # do not rewrite docs/screenshots/
#
# Needs: apt-get install chromium chromium-driver (the test uses /usr/bin/chromium and /usr/bin/chromedriver;
# CHROMIUM_BIN and CHROMEDRIVER_BIN override them), python3-venv, and once PyPI for selenium.
#
# Environment:
#   MODELREG_BIN          the server binary
#   PYTHON                the Python (3.11) the venv is made with (default: python3)
#   BROWSER_TEST_VENV     the venv (default: <repo>/.modelreg/venv-browser), (re)installed when requirements.txt changes
#   BROWSER_TEST_LOG      the full output of the run (default: <repo>/.modelreg/browser-test.log)
#   BROWSER_TEST_VERBOSE=1  print every step as it runs instead of only the summary
#
# Quiet on success but for the summary line; on failure prints the run's output (and the page of each failed step is
# in <repo>/.modelreg/browser-failure-<step>.html). Exit status nonzero on failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${BROWSER_TEST_VENV:-$repo/.modelreg/venv-browser}"
python="${PYTHON:-python3}"
logfile="${BROWSER_TEST_LOG:-$repo/.modelreg/browser-test.log}"

log() { printf 'browser: %s\n' "$*" >&2; }

export PIP_DISABLE_PIP_VERSION_CHECK=1
export SE_OFFLINE=true  # selenium-manager, should anything reach it, must not download a browser or driver

for tool in "${CHROMIUM_BIN:-/usr/bin/chromium}" "${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"; do
    if [[ ! -x "$tool" ]]; then
        log "no $tool (on Debian: apt-get install chromium chromium-driver)"
        exit 2
    fi
done

# --- the pinned venv -------------------------------------------------------------------------------------------
source "$repo/scripts/pinned-venv.sh"
ensure_pinned_venv "$venv" "$here/requirements.txt" "$python" selenium

# --- the test --------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$logfile")"
set +e
if [[ "${BROWSER_TEST_VERBOSE:-}" == 1 ]]; then
    "$venv/bin/python" "$here/test_browser.py" "$@" 2>&1 | tee "$logfile"
    status=${PIPESTATUS[0]}
else
    "$venv/bin/python" "$here/test_browser.py" "$@" >"$logfile" 2>&1
    status=$?
fi
set -e
if [[ $status -ne 0 ]]; then
    [[ "${BROWSER_TEST_VERBOSE:-}" == 1 ]] || cat "$logfile" >&2
    log "FAILED with status $status (output: $logfile)"
    exit $status
fi
[[ "${BROWSER_TEST_VERBOSE:-}" == 1 ]] || grep -E '^browser: [0-9]+ passed' "$logfile" | tail -n 1
