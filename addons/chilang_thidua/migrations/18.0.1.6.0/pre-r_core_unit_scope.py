"""18.0.1.6.0: the scope table's changes of earlier versions, run once here instead of at every update.

Databases installed by earlier builds of 18.0.1.3 gave ``thidua_unit_scope`` foreign keys (their checks
cost more than the rule's query) and kept one marker row a user in ``thidua_unit_scope_user`` (one
row, user 0, now).
The rows themselves are rebuilt by ``thidua.unit.init()`` after this script.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE IF EXISTS thidua_unit_scope DROP CONSTRAINT IF EXISTS thidua_unit_scope_user_id_fkey")
    cr.execute("ALTER TABLE IF EXISTS thidua_unit_scope DROP CONSTRAINT IF EXISTS thidua_unit_scope_unit_id_fkey")
    cr.execute("SELECT to_regclass('thidua_unit_scope_user') IS NOT NULL")
    if cr.fetchone()[0]:
        cr.execute("DELETE FROM thidua_unit_scope_user WHERE user_id <> 0")
