# Sourced by the test scripts that need Python packages from PyPI (tests/mlflow, tests/browser):
#   ensure_pinned_venv VENV REQUIREMENTS PYTHON PACKAGE
# makes VENV with PYTHON if it is missing and installs REQUIREMENTS (exact pins) into it, again whenever the file or
# the Python changes (a stamp holds their digest). PACKAGE names the pin the progress line mentions. Uses the
# caller's `log`. Exits 2 when the venv cannot be made or pip fails, with their output.
ensure_pinned_venv() {
    local venv="$1" requirements="$2" python="$3" package="$4"
    local stamp="$venv/.requirements.sha256" wanted started
    wanted="$( { cat "$requirements"; "$python" --version 2>&1; } | sha256sum | cut -d' ' -f1)"
    if [[ -x "$venv/bin/python" && "$(cat "$stamp" 2>/dev/null)" == "$wanted" ]]; then
        return 0
    fi
    mkdir -p "$(dirname "$venv")"
    log "installing $(grep -E "^$package==" "$requirements") and its pinned dependencies into $venv"
    started=$SECONDS
    if [[ ! -x "$venv/bin/python" ]]; then
        if ! "$python" -m venv "$venv" >"$venv.venv.log" 2>&1; then
            cat "$venv.venv.log" >&2
            log "could not make a venv with $python (on Debian: apt-get install python3-venv)"
            rm -rf "$venv"
            exit 2
        fi
        rm -f "$venv.venv.log"
    fi
    rm -f "$stamp"
    if ! "$venv/bin/python" -m pip install --quiet -r "$requirements" >"$venv.pip.log" 2>&1; then
        cat "$venv.pip.log" >&2
        log "pip install failed"
        exit 2
    fi
    rm -f "$venv.pip.log"
    echo "$wanted" >"$stamp"
    log "venv ready in $((SECONDS - started)) s"
}
