#!/usr/bin/env bash
# The main job: machine set-up, the demo database with the addon and its demo data
# (created once, upgraded on later runs, data kept), then Odoo serving it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/setup.sh"
DB=${DEMO_DB:-realestate_demo}
PORT=${DEMO_HTTP_PORT:-8069}

if module_installed "$DB" "$ADDON"; then
    echo "demo: upgrading $ADDON in $DB (existing data kept)"
    # Without --i18n-overwrite Odoo 11 leaves the terms of views added by the upgrade
    # untranslated (the new printed forms showed English labels in zh_CN).
    "${ODOO[@]}" -d "$DB" -u "$ADDON" --i18n-overwrite --stop-after-init \
        --http-port="$PORT" --log-level=warn
else
    echo "demo: creating $DB with $ADDON and its demo data"
    db_exists "$DB" || createdb "$DB"
    "${ODOO[@]}" -d "$DB" -i "$ADDON" --load-language=zh_CN --stop-after-init \
        --http-port="$PORT" --log-level=warn
fi
release_stuck_modules "$DB"
activate_languages "$DB"

cat <<INFO

Realestate complaints demo: http://127.0.0.1:$PORT  (database $DB)
  role              login       password
  administrator     admin       admin
  hotline operator  operator    operator
  complaint agent   agent       agent
  complaint agent   agent2      agent2
  CS supervisor     supervisor  supervisor
  executive         executive   executive
  sales manager     sales       sales       (住宅销售一部 leader, sales rights)
  salesperson       salesperson salesperson (钱晓峰: sales rights only, cases of his sales)
  administration    hradmin     hradmin     (行政人事部, 法律事务部)
  department        engineer    engineer    (工程部)
  department        property    property    (物业服务中心)
  customer (portal) customer    customer    (蔡琳: http://127.0.0.1:$PORT/my/complaints)
  contractor (portal) contractor contractor (钱伟: http://127.0.0.1:$PORT/my/repairs)
Switch the language in Preferences (中文 / English).

INFO
exec "${ODOO[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
