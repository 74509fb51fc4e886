#!/usr/bin/env bash
# Installs what the build and the embedded database need, if it is missing: PostgreSQL's server binaries and
# libpq's headers (Debian packages). Safe to run again; does nothing when everything is there.
#   scripts/install-deps.sh           what `make run` needs
#   scripts/install-deps.sh --test    and what `make test` needs too: Python's venv (the MLflow and browser tests
#                                     make their own) and Debian's headless Chromium with its WebDriver
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
pkg-config --exists libpq 2>/dev/null || need+=(libpq-dev pkg-config)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
if [ "${1:-}" = "--test" ]; then
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "installing: ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
