"""18.0.1.5.0: every council session belongs to a standing council, and votes two ways.

A session used to carry its own members and rules when it named no council; it now takes both
from its council (required). Each such session gets a council of its own, holding the members
and rules it recorded, which managers then complete from the Chairman's decision (number, date,
chair, secretary). Sessions recorded before voting had two ways counted paper ballots: they stay
``paper``, so closing one keeps the tally typed in it.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE thidua_council_session ADD COLUMN IF NOT EXISTS vote_mode varchar")
    cr.execute("UPDATE thidua_council_session SET vote_mode = 'paper' WHERE vote_mode IS NULL")
    cr.execute(
        """SELECT id, company_id, coalesce(quorum_ratio, 2.0 / 3), coalesce(approval_ratio, 0.5),
                  coalesce(approval_inclusive, FALSE), coalesce(written_votes_count, FALSE), name
             FROM thidua_council_session WHERE council_id IS NULL"""
    )
    for session_id, company_id, quorum, approval, inclusive, written, name in cr.fetchall():
        cr.execute(
            """INSERT INTO thidua_council (name, company_id, quorum_ratio, approval_ratio, approval_inclusive,
                                           written_votes_count, active, create_date, write_date)
               VALUES (%s, %s, %s, %s, %s, %s, TRUE, now() at time zone 'UTC', now() at time zone 'UTC')
               RETURNING id""",
            (f"Hội đồng của phiên họp {name}", company_id, quorum, approval, inclusive, written),
        )
        council_id = cr.fetchone()[0]
        cr.execute(
            """INSERT INTO thidua_council_member_rel (council_id, partner_id)
               SELECT %s, partner_id FROM thidua_council_session_member_rel WHERE session_id = %s
               ON CONFLICT DO NOTHING""",
            (council_id, session_id),
        )
        cr.execute("UPDATE thidua_council_session SET council_id = %s WHERE id = %s", (council_id, session_id))
