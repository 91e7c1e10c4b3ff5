#!/usr/bin/env bash
# Idempotent set-up of a machine for the addon: system packages, the Python 3.7
# virtualenv with the pinned requirements, the Python 3.11 virtualenvs of the browser
# scenarios and of the linters, and a running PostgreSQL with a role for the current
# user. Each step is skipped when already done.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# 1. System packages (Debian). lessc builds the web client's LESS; wkhtmltopdf and the
#    CJK fonts print Chinese PDF reports.
#    Chromium runs the browser scenarios (tests/e2e).
APT_PACKAGES=(postgresql postgresql-client wkhtmltopdf node-less fonts-noto-cjk
              xfonts-75dpi xfonts-base git make chromium)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "setup: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. Python 3.7 virtualenv (Odoo 11 does not run on newer Pythons).
find_python() {
    # pyenv's shims exist for versions that are not selected and then fail: try each
    # candidate and keep the first that really is a working Python $1 (e.g. 3.7).
    local root candidate
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in $(ls -d "$root"/versions/"$1"*/bin/python 2>/dev/null | sort -rV) \
                     $(command -v "python$1" 2>/dev/null); do
        if "$candidate" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$1'" \
                2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
}
if [ ! -x "$VENV/bin/python" ]; then
    PY37=$(find_python 3.7)
    [ -n "$PY37" ] || { echo "setup: Python 3.7 not found (pyenv install 3.7)" >&2; exit 1; }
    "$PY37" -m venv "$VENV"
fi
stamp="$VENV/.requirements.sha"
want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-odoo.txt" | sha1sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt"
    "$VENV/bin/pip" install -q --no-deps -r "$ROOT/requirements-odoo.txt"
    echo "$want" > "$stamp"
fi

# 2b, 2c. Python 3.11 virtualenvs, each installed from its pinned requirements and
#     reinstalled when they change: the browser scenarios' (Playwright, pytest) and the
#     linters' (scripts/lint.sh: pylint-odoo, flake8, OCA's odoo-pre-commit-hooks,
#     pre-commit).
py311_venv() {  # py311_venv DIR REQUIREMENTS
    local venv=$1 requirements=$2 py311 stamp want
    if [ ! -x "$venv/bin/python" ]; then
        py311=$(find_python 3.11)
        [ -n "$py311" ] || { echo "setup: Python 3.11 not found (pyenv install 3.11)" >&2; exit 1; }
        "$py311" -m venv "$venv"
    fi
    stamp="$venv/.requirements.sha"
    want=$(sha1sum < "$requirements" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        "$venv/bin/pip" install -q -r "$requirements"
        echo "$want" > "$stamp"
    fi
}
py311_venv "$E2E_VENV" "$ROOT/tests/e2e/requirements.txt"
py311_venv "$LINT_VENV" "$ROOT/requirements-lint.txt"

# 3. PostgreSQL running, with a role for the current user (peer authentication).
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main
fi
pg_lsclusters -h | while read -r version cluster _port status _rest; do
    case "$status" in
        online*) ;;
        *) pg_ctlcluster "$version" "$cluster" start ;;
    esac
done
me=$(id -un)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
if [ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$me'\"")" != 1 ]; then
    as_postgres "createuser --createdb --superuser '$me'"
fi
write_odoo_conf
