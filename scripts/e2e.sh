#!/usr/bin/env bash
# The browser scenarios (tests/e2e) against a real Odoo server on 127.0.0.1 serving
# database $1 (the test database: the addon and its demo data). Writes the pytest
# summary line ("N passed, N failed, N skipped") to .run/e2e.summary; screenshots of
# each scenario's final screen go to .run/e2e-screenshots/.
set -uo pipefail
source "$(dirname "$0")/common.sh"
DB=$1
PORT=${E2E_HTTP_PORT:-8269}
SHOTS="$RUN/e2e-screenshots"
rm -rf "$SHOTS" "$RUN/e2e.summary"
mkdir -p "$SHOTS"

# One worker, no cron (the SLA sweep would move cases under the scenarios' feet).
"${ODOO[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --workers=0 \
    --max-cron-threads=0 > "$RUN/e2e-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login?db=$DB" && break
    kill -0 "$server" 2>/dev/null || { echo "e2e: the server stopped:"; tail -n 30 "$RUN/e2e-server.log"; exit 1; }
    sleep 0.5
done

echo "e2e: browser scenarios against http://127.0.0.1:$PORT ($DB)"
E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_DB="$DB" E2E_SHOTS="$SHOTS" \
    "$E2E_VENV/bin/python" -m pytest -c "$ROOT/tests/e2e/pytest.ini" -rA --durations=0 \
    "$ROOT/tests/e2e" > "$RUN/e2e.log" 2>&1
code=$?
grep -E "^(PASSED|FAILED|ERROR) |^=+ .*(passed|failed|error)" "$RUN/e2e.log"
[ "$code" = 0 ] || grep -E "^E  |browser console errors|screenshots:" "$RUN/e2e.log" | cut -c1-300 | head -60
# pytest's closing line, as "N passed, N failed, N skipped".
python3 - "$RUN/e2e.log" > "$RUN/e2e.summary" <<'PY'
import re, sys
last = [l for l in open(sys.argv[1], encoding="utf-8") if re.match(r"^=+ .* in [\d.]+s", l)]
text = last[-1] if last else ""
count = lambda word: sum(int(n) for n in re.findall(r"(\d+) %s" % word, text))
failed = count("failed") + count("errors?") + (0 if text else 1)
print("%d passed, %d failed, %d skipped" % (count("passed"), failed, count("skipped")))
PY
echo "e2e: $(cat "$RUN/e2e.summary") (log: $RUN/e2e.log, screenshots: $SHOTS)"
exit $code
