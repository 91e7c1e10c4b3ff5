#!/usr/bin/env bash
# Benchmark (a command, not a test): the complaint board and complaint creation against
# OCA helpdesk_mgmt, both installed in the separate database realestate_bench with
# 100,000 records each (BENCH_RECORDS=1000000, `make bench-1m`: realestate_bench_1m
# with a million each, figures in bench/results_1m.json). Prints `name: value unit` lines and writes bench/results.json.
# Exits 0 when a target is missed (it prints `TARGET MISSED: …` lines), non-zero only
# when the benchmark itself fails.
set -euo pipefail
source "$(dirname "$0")/common.sh"

RECORDS=${BENCH_RECORDS:-100000}
if [ "$RECORDS" = 100000 ]; then
    DB=${BENCH_DB:-realestate_bench}; RESULTS=results.json
else
    SUFFIX=$( [ "$RECORDS" = 1000000 ] && echo 1m || echo "$RECORDS")
    DB=${BENCH_DB:-realestate_bench_$SUFFIX}; RESULTS=results_$SUFFIX.json
fi
PORT=${BENCH_HTTP_PORT:-8392}   # the main engineer's screenshot server uses 8392
LOG_DIR="$ROOT/bench"
mkdir -p "$LOG_DIR"

bash "$ROOT/scripts/setup.sh"

# The addon's code, views and data: when they change, the bench database is updated so
# that the board measured is the one the code declares (the kanban view lives in the DB).
addon_sha() {
    (cd "$ROOT" && find . \( -path './.venv*' -o -path ./.run -o -path ./.git -o -path ./bench \
            -o -path ./scripts -o -path ./tests \) -prune -o -type f \
            \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) -print \
        | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -d' ' -f1)
}
STAMP="$RUN/bench-addon-$DB.sha"
odoo_run() {  # odoo_run LOGNAME ARGS...: a --stop-after-init run on the bench database
    local log="$LOG_DIR/$1.log"; shift
    "${ODOO[@]}" -d "$DB" --http-port "$PORT" --stop-after-init --log-level=warn \
        --log-handler=odoo.modules.graph:CRITICAL "$@" > "$log" 2>&1 || {
        echo "bench: odoo failed, see bench/$(basename "$log")" >&2
        tail -n 30 "$log" >&2
        exit 1
    }
}
if ! db_exists "$DB" || ! module_installed "$DB" "$ADDON" || ! module_installed "$DB" helpdesk_mgmt; then
    echo "bench: installing $ADDON and helpdesk_mgmt in $DB (log: bench/install-$DB.log)"
    odoo_run "install-$DB" -i "$ADDON,helpdesk_mgmt" --without-demo=all
    addon_sha > "$STAMP"
elif [ "$(cat "$STAMP" 2>/dev/null)" != "$(addon_sha)" ]; then
    echo "bench: the addon changed, updating it in $DB (log: bench/update-$DB.log)"
    odoo_run "update-$DB" -u "$ADDON"
    addon_sha > "$STAMP"
fi
release_stuck_modules "$DB"

"$PY" "$ROOT/scripts/bench.py" -c "$RUN/odoo.conf" -d "$DB" -o "$LOG_DIR/$RESULTS" \
    --records "$RECORDS" "$@"
