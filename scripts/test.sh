#!/usr/bin/env bash
# The test command: machine set-up, the linters, a throwaway database with the addon
# installed with its demo data and tests enabled, every test run, and a closing
# `N passed, N failed` (each linter counts as one check).
set -uo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/setup.sh" || exit 1
PORT=${TEST_HTTP_PORT:-8169}

# The linters first (scripts/lint.sh, ~40 s): their messages are printed here and again
# before the closing line, and a failing linter fails the command once the tests have
# run.
echo "test: linters (flake8, pylint-odoo, OCA's module and po checks)"
bash "$ROOT/scripts/lint.sh" | tee "$RUN/lint.log"
lint_code=$?

ensure_test_template "$PORT" || exit 1

DB=${TEST_DB:-realestate_test}
copy_test_template "$DB"
echo "test: installing $ADDON with tests in $DB (log: $RUN/test.log)"
"${ODOO[@]}" -d "$DB" -i "$ADDON" --test-enable --stop-after-init --http-port="$PORT" \
    > "$RUN/test.log" 2>&1
code=$?
grep -E " (ERROR|CRITICAL|WARNING) " "$RUN/test.log" | grep -v "Unmet dependencies" | cut -c1-400
server=$(python3 "$ROOT/scripts/test_summary.py" "$RUN/test.log" --addon "$ADDON" \
    --tests-dir "$ROOT/tests" --exit-code "$code")
server_code=$?
echo "$server" | sed '$d'
echo "test: server-side tests: $(echo "$server" | tail -n 1)"

# The browser scenarios (tests/e2e): Odoo serves the same database, with its demo
# data, on 127.0.0.1; Playwright drives Debian's Chromium.
bash "$ROOT/scripts/e2e.sh" "$DB"
e2e_code=$?
if [ "$lint_code" != 0 ]; then
    echo "test: the linters failed (bash scripts/lint.sh; log: $RUN/lint.log):"
    grep -v ": clean$" "$RUN/lint.log"
fi
python3 "$ROOT/scripts/test_summary.py" --combine \
    "$(tail -n 1 "$RUN/lint.summary" 2>/dev/null || echo "0 passed, 1 failed, 0 skipped")" \
    "$(echo "$server" | tail -n 1)" \
    "$(tail -n 1 "$RUN/e2e.summary" 2>/dev/null || echo "0 passed, 1 failed, 0 skipped")"
[ "$lint_code" = 0 ] && [ "$server_code" = 0 ] && [ "$e2e_code" = 0 ]
