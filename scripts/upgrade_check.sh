#!/usr/bin/env bash
# Upgrade safety (issue 17 item 4): the previous released version of the addon is
# installed with its demo data in a fresh database (a copy of the test template), its
# crons work the data once, then the working tree upgrades it (`-u`) and upgrades it
# again; a fresh install of the working tree is made beside it.
# scripts/upgrade_check.py compares snapshots taken by SQL: the first upgrade may lose
# no record and change values only where the data files or a migration say so; the
# second changes nothing; the upgraded database's shipped configuration and
# translations are those of the fresh install. Exits non-zero on a difference.
#
#   make upgrade-check                      (UPGRADE_FROM=<commit> to start elsewhere)
set -uo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/setup.sh" > /dev/null || exit 1

# The previous released version (there are no tags): 11.0.1.5.0 as it landed at the
# end of session 7 (6954b37; the parent of the commit that made the version
# 11.0.1.6.0). 11.0.1.4.0 was e040f45.
FROM=${UPGRADE_FROM:-6954b3718efa231cb6d859d74d7c8f22ded3eddd}
DB=${UPGRADE_DB:-realestate_upgrade}
PORT=${UPGRADE_HTTP_PORT:-8269}
OUT="$RUN/upgrade"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rm -rf "$OUT" && mkdir -p "$OUT"
started=$(date +%s)

step() { echo "upgrade-check: $* ($(( $(date +%s) - started )) s)"; }

# Odoo writes ERROR/CRITICAL lines for failed data, migrations and tracebacks.
odoo_run() {  # log-name conf database odoo-arguments…
    local name=$1 log="$OUT/$1.log" conf=$2 db=$3
    shift 3
    "$PY" "$ROOT/scripts/odoo-bin" -c "$conf" -d "$db" --stop-after-init \
        --http-port="$PORT" --max-cron-threads=0 "$@" > "$log" 2>&1
    local code=$?
    if [ $code != 0 ] || grep -qE " (ERROR|CRITICAL) " "$log"; then
        grep -E " (ERROR|CRITICAL) " "$log" | cut -c1-400
        tail -n 30 "$log"
        echo "upgrade-check: FAILED in $name (log: $log)"
        exit 1
    fi
}

# The previous version's files, under the addon's name, as the only addons path.
mkdir -p "$WORK/addons/$ADDON"
git -C "$ROOT" archive "$FROM" | tar -x -C "$WORK/addons/$ADDON" || exit 1
sed "s|^addons_path = .*|addons_path = $WORK/addons|" "$RUN/odoo.conf" > "$WORK/odoo.conf"
version_of() { "$PY" -c "import ast; print(ast.literal_eval(open('$1/__manifest__.py').read())['version'])"; }
step "from $(git -C "$ROOT" log -1 --format='%h %ad' --date=short "$FROM")" \
     "version $(version_of "$WORK/addons/$ADDON") to the working tree, version $(version_of "$ROOT")"

ensure_test_template "$PORT" || exit 1
copy_test_template "$DB"
odoo_run install "$WORK/odoo.conf" "$DB" -i "$ADDON"
step "previous version installed with demo data in $DB"

# The process works the data once with the previous code: every cron of the addon
# (the SLA sweep escalates, warns and issues supervision orders). An administrator
# edits shipped (noupdate) configuration: a category's name and its zh_CN term, a
# mail template, a policy's target; the upgrade must keep the edits (the comparison
# with a fresh install leaves these records out: EDITED).
EDITED=(realestate_complaint.category_quality_leak realestate_complaint.mail_template_handling_sheet
        realestate_complaint.sla_policy_repair)
"$PY" "$ROOT/scripts/odoo-bin" shell -c "$WORK/odoo.conf" -d "$DB" --no-http \
    > "$OUT/work.log" 2>&1 <<PYTHON || { tail -n 30 "$OUT/work.log"; exit 1; }
crons = env["ir.model.data"].search([("module", "=", "$ADDON"), ("model", "=", "ir.cron")])
for cron in env["ir.cron"].browse(crons.mapped("res_id")):
    cron.method_direct_trigger()
    print("upgrade-check: ran cron", cron.name)
category, template, policy = (env.ref(xmlid) for xmlid in "${EDITED[*]}".split())
category.with_context(lang="en_US").name = "Leaks (edited)"
category.with_context(lang="zh_CN").name = "渗漏（管理员改）"
template.subject = "Handling sheet \${object.name} (edited)"
target = policy.target_ids.filtered(lambda t: t.target == "resolve")
target.duration = target.duration * 2
print("upgrade-check: edited", category.name, template.subject, policy.name)
env.cr.commit()
PYTHON
grep "upgrade-check: ran\|upgrade-check: edited" "$OUT/work.log" || { tail -n 30 "$OUT/work.log"; exit 1; }

"$PY" "$ROOT/scripts/upgrade_check.py" snapshot "$DB" "$OUT/before.json" "$WORK/addons/$ADDON" || exit 1
odoo_run upgrade "$RUN/odoo.conf" "$DB" -u "$ADDON"
"$PY" "$ROOT/scripts/upgrade_check.py" snapshot "$DB" "$OUT/upgraded.json" "$ROOT" || exit 1
step "upgraded"
"$PY" "$ROOT/scripts/upgrade_check.py" compare upgrade "$OUT/before.json" "$OUT/upgraded.json"
first=$?

odoo_run again "$RUN/odoo.conf" "$DB" -u "$ADDON"
"$PY" "$ROOT/scripts/upgrade_check.py" snapshot "$DB" "$OUT/again.json" "$ROOT" || exit 1
step "upgraded a second time"
"$PY" "$ROOT/scripts/upgrade_check.py" compare repeat "$OUT/upgraded.json" "$OUT/again.json"
second=$?

copy_test_template "${DB}_fresh"
odoo_run fresh "$RUN/odoo.conf" "${DB}_fresh" -i "$ADDON"
"$PY" "$ROOT/scripts/upgrade_check.py" snapshot "${DB}_fresh" "$OUT/fresh.json" "$ROOT" || exit 1
step "installed fresh in ${DB}_fresh"
"$PY" "$ROOT/scripts/upgrade_check.py" compare fresh "$OUT/upgraded.json" "$OUT/fresh.json" \
    "${EDITED[@]}"
third=$?

verdict() { [ "$1" = 0 ] && echo "$2" || echo FAILED; }
step "done: first upgrade $(verdict $first clean), second -u $(verdict $second \
     "changed nothing"), upgraded as fresh $(verdict $third yes) (snapshots and logs: $OUT)"
[ $first = 0 ] && [ $second = 0 ] && [ $third = 0 ]
