#!/usr/bin/env bash
# The linters, from the tool virtualenv .venv-lint (Python 3.11; scripts/setup.sh
# builds it from requirements-lint.txt), each with its configuration in the repository:
#   flake8                  every Python file of the repository (setup.cfg): the addon,
#                           its tests and browser scenarios, and scripts/, which the
#                           commands run;
#   pylint-odoo             the addon as an Odoo 11.0 module, its migrations included
#                           (.pylintrc); not scripts/, tests/e2e/ or bench/, which are
#                           no Odoo code;
#   oca-checks-odoo-module  the manifest and the XML and CSV files it loads, and the
#                           files it forgets (.oca_hooks.cfg);
#   oca-checks-po           the translations, i18n/*.po and the .pot (.oca_hooks.cfg).
# usage: bash scripts/lint.sh [flake8|pylint|oca-module|oca-po ...]  (default: all)
# Prints every message; exits 1 when any linter reports one. Its result, one check per
# linter as "N passed, N failed, 0 skipped", goes to .run/lint.summary for test.sh.
set -uo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$RUN"
rm -f "$RUN/lint.summary"
if [ ! -x "$LINT_VENV/bin/pylint" ]; then
    echo "lint: $LINT_VENV is missing: run bash scripts/setup.sh"
    echo "0 passed, 1 failed, 0 skipped" > "$RUN/lint.summary"
    exit 1
fi
cd "$ROOT"
# pylint-odoo takes the module's name from its folder's: check the addon under its
# name, whatever the checkout's folder is called (the link write_odoo_conf makes).
mkdir -p "$RUN/addons"
ln -sfn "$ROOT" "$RUN/addons/$ADDON"

run_flake8() { "$LINT_VENV/bin/flake8" .; }
# The migration scripts too: they are no package, pylint would not find them.
run_pylint() {
    (cd "$RUN/addons" && "$LINT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ADDON" \
        "$ADDON"/migrations/*/*.py)
}
run_oca_module() { "$LINT_VENV/bin/python" "$ROOT/scripts/oca_checks_odoo_module.py"; }
run_oca_po() { "$LINT_VENV/bin/oca-checks-po" i18n/*.po i18n/*.pot; }

linters=("$@")
[ ${#linters[@]} -gt 0 ] || linters=(flake8 pylint oca-module oca-po)
passed=0
failed=()
for linter in "${linters[@]}"; do
    case "$linter" in
        flake8) out=$(run_flake8 2>&1) ;;
        pylint) out=$(run_pylint 2>&1) ;;
        oca-module) out=$(run_oca_module 2>&1) ;;
        oca-po) out=$(run_oca_po 2>&1) ;;
        *) echo "lint: unknown linter $linter (flake8, pylint, oca-module, oca-po)"; exit 2 ;;
    esac
    code=$?
    # A linter that exits 0 but prints something (a warning about its configuration,
    # a message of a check that does not set the exit code) fails too.
    out=$(printf '%s\n' "$out" | sed '/^$/d')
    if [ "$code" = 0 ] && [ -z "$out" ]; then
        echo "lint: $linter: clean"
        passed=$((passed + 1))
    else
        echo "lint: $linter: FAILED (exit code $code):"
        printf '%s\n' "$out"
        failed+=("$linter")
    fi
done
echo "$passed passed, ${#failed[@]} failed, 0 skipped" > "$RUN/lint.summary"
if [ ${#failed[@]} -gt 0 ]; then
    echo "lint: ${failed[*]} reported messages (above); fix them, or disable one with its reason (docs/DEVELOPMENT.md, Lint)"
    exit 1
fi
echo "lint: clean ($passed linters)"
