#!/usr/bin/env bash
# The whole test suite: formatting, a warning-free build, then every test target against a real PostgreSQL
# (the embedded test cluster under .modelreg/test-pgdata, or the server named by DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

# As root, PostgreSQL runs as `postgres`, which must be able to enter the test cluster's directory: a checkout
# under a private home (/root is 0700) gets its test cluster under /tmp instead.
export MODELREG_TEST_DIR="$PWD/.modelreg"
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$PWD"; then
  MODELREG_TEST_DIR="/tmp/modelreg-test-$(printf '%s' "$PWD" | sha256sum | cut -c1-12)"
fi

stop_test_cluster() {
  # The tests stop their cluster at exit; this catches a run that crashed before it could.
  local data="$MODELREG_TEST_DIR/test-pgdata"
  if [ -f "$data/postmaster.pid" ]; then
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ "$(id -u)" -eq 0 ]; then
      runuser -u "$(stat -c %U "$data")" -- "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    else
      "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    fi
  fi
}
trap stop_test_cluster EXIT

echo "== format"
swift format lint --strict --recursive Package.swift Sources Tests

echo "== build"
mkdir -p .build
swift build --build-tests 2>&1 | tee .build/build-tests.log
if grep -E "^/.*(Sources|Tests)/.*warning:" .build/build-tests.log; then
  echo "the build has warnings: fix them" >&2
  exit 1
fi

echo "== tests"
swift test --skip-build

echo "== the standalone verifier (tools/verify_log.py, Python standard library only)"
python3 -m unittest discover -s tools -p 'test_*.py'

echo "== the fault and load suite, short (tests/system; the full one is make test-system)"
python3 tests/system/run.py --short

echo "== the real MLflow client against the MLflow routes (tests/mlflow; installs pinned mlflow into .modelreg/venv-mlflow)"
MODELREG_BIN="$PWD/.build/debug/modelreg" tests/mlflow/run.sh

echo "== the web UI in headless Chromium (tests/browser; Debian chromium + chromium-driver, selenium in .modelreg/venv-browser)"
MODELREG_BIN="$PWD/.build/debug/modelreg" tests/browser/run.sh
