from odoo import fields, models


class ThiduaCouncilBallotBox(models.Model):
    """The anonymous ballot box of one dossier in an electronic secret ballot: three counters.

    No row per ballot and no author, date or order of ballots: a member's choice adds one to a
    counter in a single SQL statement (``thidua.council.vote._cast_ballot``), which leaves no
    trace in the ORM, the chatter or the tracking. No group may read it: the session copies the
    counts onto its vote lines when the chair closes it, so nobody polls the tally between two
    ballots.
    """

    _name = "thidua.council.ballot.box"
    _description = "Council Ballot Box"
    _log_access = False

    vote_id = fields.Many2one("thidua.council.vote", required=True, ondelete="cascade", index=True)
    count_for = fields.Integer(default=0)
    count_against = fields.Integer(default=0)
    count_abstain = fields.Integer(default=0)
    company_id = fields.Many2one("res.company", required=True, index=True)

    _sql_constraints = [
        ("vote_uniq", "unique(vote_id)", "One ballot box per dossier and session."),
    ]
