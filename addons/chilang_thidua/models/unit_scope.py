"""Whom each user acts for, kept in one table the record rules probe by index.

The rules ask three questions about a user (``thidua.unit.acting_user_ids``,
``lower_officer_ids``, ``thidua.campaign.participant_user_ids``). Answered from the tree at query
time, each costs a walk over all the user's officer units: an education office's officer of
1,000 schools paid ~5 ms on every campaign query of the portal. The answers change only when the
tree or its officers do (rare, administrative writes), so they are written down then:

- ``own``: the user's active officer units (an archived unit gives its officers no scope);
- ``below``: those units and every unit under them (they act for these);
- ``above``: those units and every unit above them;
- ``reach``: ``above``, and the units above a unit reviewed by one of the user's units (a
  campaign listing any of them is open to the user).

Refreshing a user deletes their rows before writing them again: two transactions refreshing the
same user conflict (REPEATABLE READ) instead of one leaving rows the other's change revoked.
The table is SQL only: no model, nothing a client can read or write.
"""

from odoo.tools import SQL

TABLE = "thidua_unit_scope"
KINDS = ("own", "below", "above", "reach")


def create_table(cr):
    cr.execute(SQL(
        "CREATE TABLE IF NOT EXISTS thidua_unit_scope ("
        " user_id integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,"
        " kind varchar NOT NULL CHECK (kind IN %s),"
        " unit_id integer NOT NULL REFERENCES thidua_unit(id) ON DELETE CASCADE,"
        " PRIMARY KEY (user_id, kind, unit_id))", KINDS,
    ))
    cr.execute("CREATE INDEX IF NOT EXISTS thidua_unit_scope_unit_kind_idx ON thidua_unit_scope (unit_id, kind)")


def _flush(env):
    # the SQL below reads these columns: what the ORM has not written yet must be
    env["thidua.unit"].flush_model(["parent_id", "parent_path", "officer_ids", "review_unit_id", "active"])
    env["res.users"].flush_model(["thidua_unit_ids"])


def refresh(env, user_ids=None):
    """Write again the rows of ``user_ids`` (every user when None) from the tree as it is now."""
    if user_ids is not None:
        user_ids = sorted(set(user_ids))
        if not user_ids:
            return
    _flush(env)
    users = SQL("TRUE") if user_ids is None else SQL("rel.user_id = ANY(%s)", user_ids)
    env.cr.execute(SQL(
        "DELETE FROM thidua_unit_scope WHERE %s",
        SQL("TRUE") if user_ids is None else SQL("user_id = ANY(%s)", user_ids),
    ))
    # an archived unit gives its officers no scope; the units under an active one belong to it,
    # archived or not (as child_of reads the tree)
    env.cr.execute(SQL(
        """INSERT INTO thidua_unit_scope (user_id, kind, unit_id)
        WITH RECURSIVE officer AS (
            SELECT rel.user_id, rel.unit_id, unit.parent_path FROM thidua_unit_officer_rel rel
              JOIN thidua_unit unit ON unit.id = rel.unit_id AND unit.active WHERE %(users)s
        ), below(user_id, unit_id) AS (
            SELECT user_id, unit_id FROM officer
            UNION SELECT below.user_id, unit.id FROM thidua_unit unit JOIN below ON unit.parent_id = below.unit_id
        ), reviewed AS (
            SELECT user_id, parent_path FROM officer
            UNION SELECT officer.user_id, unit.parent_path FROM thidua_unit unit
              JOIN officer ON unit.review_unit_id = officer.unit_id
        )
        SELECT user_id, 'own', unit_id FROM officer
        UNION SELECT user_id, 'below', unit_id FROM below
        UNION SELECT user_id, 'above', unnest(string_to_array(rtrim(parent_path, '/'), '/'))::int FROM officer
        UNION SELECT user_id, 'reach', unnest(string_to_array(rtrim(parent_path, '/'), '/'))::int FROM reviewed""",
        users=users,
    ))


def users_around(env, unit_ids):
    """The users whose rows a change of ``unit_ids`` (their parent, review unit, officers, being
    archived, created or deleted) may change: the officers of the units (``own``), of the units above them
    (``below``), of the units under them (``above``) and of the units reviewing one under them
    (``reach``). Asked before and after the change: the old and the new neighbours."""
    unit_ids = [unit_id for unit_id in unit_ids if unit_id]
    if not unit_ids:
        return set()
    _flush(env)
    env.cr.execute(SQL(
        """WITH RECURSIVE under(id, review_unit_id) AS (
            SELECT id, review_unit_id FROM thidua_unit WHERE id = ANY(%(units)s)
            UNION SELECT unit.id, unit.review_unit_id FROM thidua_unit unit JOIN under ON unit.parent_id = under.id
        ), around(id) AS (
            SELECT id FROM under
            UNION SELECT review_unit_id FROM under WHERE review_unit_id IS NOT NULL
            UNION SELECT unnest(string_to_array(rtrim(parent_path, '/'), '/'))::int
              FROM thidua_unit WHERE id = ANY(%(units)s)
        )
        SELECT DISTINCT user_id FROM thidua_unit_officer_rel WHERE unit_id IN (SELECT id FROM around)""",
        units=list(unit_ids),
    ))
    return {row[0] for row in env.cr.fetchall()}


def units_sql(user_ids, kind):
    """The units of ``kind`` for ``user_ids``, as a subquery."""
    assert kind in KINDS
    return SQL("SELECT unit_id FROM thidua_unit_scope WHERE user_id = ANY(%s) AND kind = %s", list(user_ids), kind)
