#!/usr/bin/env bash
# Export the addon's English strings to i18n/realestate_complaint.pot.
# Odoo's exporter walks the module folder following symlinks; the checkout holds the
# virtualenv and .run/ (which links back to the checkout), so export from a clean copy
# of the tracked files instead.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB=${1:-realestate_test}
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/$ADDON"
git -C "$ROOT" ls-files -z | (cd "$ROOT" && xargs -0 cp --parents -t "$copy/$ADDON")
"${ODOO[@]}" -d "$DB" --addons-path="$copy" --i18n-export="$copy/out.po" \
    --modules="$ADDON" --stop-after-init --http-port="${TEST_HTTP_PORT:-8169}" --log-level=warn
# Keep the file stable between exports: drop the export time, and references to field
# xml ids with a database-specific suffix (field_<table>_id_<n>: the `id` field of a
# model whose table name collides with another model's field, see models/__init__.py).
sed -e '/^"POT-Creation-Date:/d' -e '/^"PO-Revision-Date:/d' \
    -e '/^#: model:ir.model.fields,field_description:.*_[0-9][0-9]*$/d' "$copy/out.po" \
    > "$ROOT/i18n/$ADDON.pot"
echo "exported $(grep -c '^msgid ' "$ROOT/i18n/$ADDON.pot") strings to i18n/$ADDON.pot"
