#!/usr/bin/env bash
# Build the addon as an OCA-style wheel (whool) and install it into a fresh virtualenv beside Odoo,
# then let Odoo install chilang_thidua from that virtualenv alone (this repository's addons folder
# is not on the addons path). Needs Odoo importable by python3 and PyPI (whool, pyHanko).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
if ! $python -c 'import odoo' 2>/dev/null; then
    echo "WHEEL CHECK SKIPPED: Odoo 18.0 is not importable"; exit 0
fi
work=$(mktemp -d)
db="chilang_wheel_$$"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

$python -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$here/addons/chilang_thidua"
wheel=$(ls "$work"/dist/odoo_addon_chilang_thidua-*.whl)
echo "built $(basename "$wheel")"

# The virtualenv sees the Odoo environment (its packages and Odoo itself) and adds the addon.
$python -m venv --system-site-packages "$work/venv"
if "$work/venv/bin/python" -m pip show --quiet odoo >/dev/null 2>&1; then
    "$work/venv/bin/pip" install --quiet "$wheel"
else
    # Odoo runs from a source tree pip does not know as a distribution: the addon's own
    # Python requirements are met from requirements.txt instead of the wheel's metadata.
    "$work/venv/bin/pip" install --quiet --no-deps "$wheel"
fi

odoo_addons=$($python "$here/tools/odoo_suite.py" --print-addons-path | tr ',' '\n' | grep -v "^$here/addons$" | paste -sd,)
"$work/venv/bin/python" -m odoo --addons-path "$odoo_addons" -d "$db" -i chilang_thidua \
    --without-demo=all --stop-after-init --no-http --log-level=warn
state=$(psql -d "$db" -Atc "select state from ir_module_module where name='chilang_thidua'")
path=$("$work/venv/bin/python" -c "
import odoo
from odoo.modules.module import get_module_path
odoo.tools.config.parse_config(['--addons-path', '$odoo_addons'])
print(get_module_path('chilang_thidua'))")
echo "chilang_thidua: $state, loaded from $path"
[ "$state" = installed ] && case "$path" in "$work/venv/"*) true ;; *) false ;; esac
echo "wheel check: ok (the wheel installs and Odoo loads the addon from it)"
