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

Every change of these inputs touches one marker row (``thidua_unit_scope_user``, user 0): two
transactions changing the tree or its officers at once conflict (REPEATABLE READ) and Odoo
retries the second, which then sees the first. Each reads the users concerned in its own
snapshot: a lock per user let an officer added in one transaction escape the refresh of a
unit moved away from under them in the other, and keep rows for it.
The tables are SQL only: no model, nothing a client can read or write.
"""

from odoo.tools import SQL

KINDS = ("own", "below", "above", "reach")


def create_table(cr):
    """The tables, as this version defines them (the rows: ``refresh``). Changes of earlier versions'
    tables are in the addon's migrations (18.0.1.6.0)."""
    # no foreign keys: their checks cost more than the rows' query (42 of 137 ms for an officer of
    # 1,000 schools); deleted units and users take their rows with them in unlink(), and ids are
    # never reused, so a row left by a deletion in SQL points at nothing
    cr.execute(
        "CREATE TABLE IF NOT EXISTS thidua_unit_scope ("
        " user_id integer NOT NULL, kind varchar NOT NULL, unit_id integer NOT NULL,"
        " PRIMARY KEY (user_id, kind, unit_id))"
    )
    cr.execute("CREATE INDEX IF NOT EXISTS thidua_unit_scope_unit_kind_idx ON thidua_unit_scope (unit_id, kind)")
    # one marker row (user 0)
    cr.execute("CREATE TABLE IF NOT EXISTS thidua_unit_scope_user ("
               " user_id integer PRIMARY KEY, refreshed integer NOT NULL DEFAULT 0)")
    # the kinds of this version (an update may bring new ones: the rows are all written again next)
    cr.execute("ALTER TABLE thidua_unit_scope DROP CONSTRAINT IF EXISTS thidua_unit_scope_kind_check")
    cr.execute(SQL("DELETE FROM thidua_unit_scope WHERE kind NOT IN %s", KINDS))
    cr.execute(SQL("ALTER TABLE thidua_unit_scope ADD CONSTRAINT thidua_unit_scope_kind_check CHECK (kind IN %s)",
                   KINDS))


def _flush(env):
    # the SQL below reads these columns: what the ORM has not written yet must be
    env["thidua.unit"].flush_model(["parent_id", "parent_path", "officer_ids", "review_unit_id", "active"])
    env["res.users"].flush_model(["thidua_unit_ids"])


def _fresh_rows(users):
    """The rows the tree gives now, for the officer links matching ``users`` (SQL)."""
    # an archived unit gives its officers no scope; the units under an active one belong to it,
    # archived or not (as child_of reads the tree). Each kind's rows are distinct (the recursive
    # UNION and the relation's key see to the first two)
    return SQL(
        """WITH RECURSIVE officer AS (
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
        UNION ALL SELECT user_id, 'below', unit_id FROM below
        UNION ALL (SELECT DISTINCT user_id, 'above', unnest(string_to_array(rtrim(parent_path, '/'), '/'))::int
                   FROM officer)
        UNION ALL (SELECT DISTINCT user_id, 'reach', unnest(string_to_array(rtrim(parent_path, '/'), '/'))::int
                   FROM reviewed)""",
        users=users,
    )


def refresh(env, user_ids=None):
    """Bring the rows of ``user_ids`` (every user when None: install and update) to what the tree
    gives now, deleting and inserting only the rows that differ."""
    _flush(env)
    cr = env.cr
    # the planner cannot count a recursive query's rows: it takes them for half a million and
    # compiles the query (JIT, 24 ms) for a few thousand
    cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    jit = cr.fetchone()[0]
    # the marker touched, even when no user's rows change: a request that read the tree before
    # another one changed it (and committed) fails to serialize and is retried by Odoo
    cr.execute("INSERT INTO thidua_unit_scope_user (user_id) VALUES (0) "
               "ON CONFLICT (user_id) DO UPDATE SET refreshed = thidua_unit_scope_user.refreshed + 1")
    if user_ids is None:
        cr.execute("TRUNCATE thidua_unit_scope")
        cr.execute(SQL("INSERT INTO thidua_unit_scope (user_id, kind, unit_id) %s", _fresh_rows(SQL("TRUE"))))
        # the rows were all written again: without fresh statistics (autovacuum comes minutes
        # later) the planner takes a user's rows for one and rescans them for each unit of a
        # search (a province's /my/thidua: 72 of 122 ms for an officer of 429 units)
        cr.execute("ANALYZE thidua_unit_scope")
    elif user_ids := sorted(set(user_ids)):
        cr.execute(SQL(
            """WITH fresh(user_id, kind, unit_id) AS MATERIALIZED (%(fresh)s),
            gone AS (
                DELETE FROM thidua_unit_scope scope WHERE scope.user_id = ANY(%(users)s) AND NOT EXISTS (
                    SELECT 1 FROM fresh WHERE (fresh.user_id, fresh.kind, fresh.unit_id)
                                            = (scope.user_id, scope.kind, scope.unit_id))
            )
            INSERT INTO thidua_unit_scope (user_id, kind, unit_id)
            SELECT user_id, kind, unit_id FROM fresh
            EXCEPT SELECT user_id, kind, unit_id FROM thidua_unit_scope WHERE user_id = ANY(%(users)s)""",
            fresh=_fresh_rows(SQL("rel.user_id = ANY(%s)", user_ids)), users=user_ids,
        ))
    cr.execute("SELECT set_config('jit', %s, true)", [jit])


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


def forget(env, user_ids=(), unit_ids=()):
    """Drop the rows of deleted users and units."""
    env.cr.execute("DELETE FROM thidua_unit_scope WHERE user_id = ANY(%s) OR unit_id = ANY(%s)",
                   [list(user_ids), list(unit_ids)])


def officers(env, unit_ids):
    """The officers of ``unit_ids``: the only users whose rows a change of officers alone changes."""
    _flush(env)
    env.cr.execute("SELECT DISTINCT user_id FROM thidua_unit_officer_rel WHERE unit_id = ANY(%s)", [list(unit_ids)])
    return {row[0] for row in env.cr.fetchall()}


def units_sql(user_ids, kind):
    """The units of ``kind`` for ``user_ids``, as a subquery."""
    assert kind in KINDS
    return SQL("SELECT unit_id FROM thidua_unit_scope WHERE user_id = ANY(%s) AND kind = %s", list(user_ids), kind)


def covers(env, user_id, unit_ids, kind):
    """Whether every one of ``unit_ids`` is among the units of ``kind`` of ``user_id``."""
    assert kind in KINDS
    unit_ids = set(unit_ids)
    _flush(env)
    env.cr.execute("SELECT count(*) FROM thidua_unit_scope WHERE user_id = %s AND kind = %s AND unit_id = ANY(%s)",
                   [user_id, kind, list(unit_ids)])
    return bool(unit_ids) and env.cr.fetchone()[0] == len(unit_ids)
