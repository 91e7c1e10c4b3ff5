#!/usr/bin/env bash
# The load command (issue 17): a fresh database with the addon and its demo data,
# Odoo in prefork on 127.0.0.1, simulated users for a fixed time, then checks of what
# the database holds (scripts/load.py). Options go to load.py: --seconds 60
# --users 8 --workers 4 --fault kill-worker|pg-terminate|kill-sweep|two-crons|
# filestore-full|all. See readme/LOAD.md.
set -uo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$RUN"
bash "$ROOT/scripts/setup.sh" > "$RUN/load-setup.log" 2>&1 || {
    tail -n 30 "$RUN/load-setup.log"; exit 1; }
DB=${LOAD_DB:-realestate_load}
PORT=${LOAD_HTTP_PORT:-8289}
LONGPOLLING_PORT=${LOAD_LONGPOLLING_PORT:-8292}

# The dependencies' template of the test command (common.sh).
ensure_test_template "$PORT" || exit 1

# The addon installed with its demo data, once per version of the code (a key of
# the addon's tracked files and their uncommitted changes, kept as the database's comment);
# every run starts from a copy of it.
addon=(. ':!scripts' ':!readme' ':!tests' ':!bench' ':!*.md')
code=$(cd "$ROOT" && { git ls-files -s -- "${addon[@]}"; git diff HEAD -- "${addon[@]}"; } \
    | sha1sum | cut -c1-12)
BASE="${DB}_base"
if [ "$(psql -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$BASE'" postgres)" != "$code" ]; then
    echo "load: installing $ADDON with demo data in $BASE (a few minutes)"
    copy_test_template "$BASE"
    "${ODOO[@]}" -d "$BASE" -i "$ADDON" --stop-after-init --http-port="$PORT" \
        --log-level=warn > "$RUN/load-install.log" 2>&1 || {
        tail -n 30 "$RUN/load-install.log"; exit 1; }
    release_stuck_modules "$BASE"
    activate_languages "$BASE"
    psql -q -d postgres -c "COMMENT ON DATABASE \"$BASE\" IS '$code'"
fi

dropdb --if-exists "$DB"
createdb -T "$BASE" "$DB"
rm -rf "$FILESTORE/$DB"
[ ! -d "$FILESTORE/$BASE" ] || cp -r "$FILESTORE/$BASE" "$FILESTORE/$DB"
LOG="$RUN/load.log"
rm -f "$LOG" "$LOG.second"
"$PY" "$ROOT/scripts/load.py" --db "$DB" --port "$PORT" \
    --longpolling-port "$LONGPOLLING_PORT" --log "$LOG" --data-dir "$RUN/data" "$@" \
    -- "${ODOO[@]}"
