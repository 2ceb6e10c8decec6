#!/usr/bin/env bash
# Regenerate i18n/chilang_thidua.pot from the code and merge new terms into i18n/vi.po.
# Needs Odoo installed (import odoo) and a database with the addon: make run creates one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
db=${1:-chilang_thidua}
i18n="$here/addons/chilang_thidua/i18n"
addons=$(python3 "$here/tools/odoo_suite.py" --print-addons-path)
python3 -m odoo --addons-path "$addons" -d "$db" -u chilang_thidua --stop-after-init --no-http >/dev/null
python3 -m odoo --addons-path "$addons" -d "$db" --i18n-export="$i18n/chilang_thidua.pot" \
    --modules=chilang_thidua --stop-after-init --no-http
if [ -f "$i18n/vi.po" ]; then
    msgmerge --quiet --no-fuzzy-matching --update --backup=none "$i18n/vi.po" "$i18n/chilang_thidua.pot"
else
    msginit --no-translator --locale=vi --input="$i18n/chilang_thidua.pot" --output-file="$i18n/vi.po"
fi
echo "untranslated in vi.po: $(msgattrib --untranslated "$i18n/vi.po" | grep -c '^msgid' || true)"
