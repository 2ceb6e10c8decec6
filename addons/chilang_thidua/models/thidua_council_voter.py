from odoo import fields, models


class ThiduaCouncilVoter(models.Model):
    """The voter roll of an electronic secret ballot: who has voted on which dossier, never how.

    How each member voted is nowhere: the choice only adds one to the dossier's anonymous ballot
    box (``thidua.council.ballot.box``). The roll keeps no creation or change dates and no
    author columns (``_log_access = False``), so nothing orders it against the ballot box; it is
    written only by ``thidua.council.vote._cast_ballot`` after its checks.
    """

    _name = "thidua.council.voter"
    _description = "Council Voter Roll"
    _log_access = False
    _order = "session_id, vote_id, partner_id"

    session_id = fields.Many2one("thidua.council.session", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    vote_id = fields.Many2one("thidua.council.vote", string="Dossier Voted On", required=True, ondelete="cascade",
                              index=True, readonly=True)
    dossier_id = fields.Many2one(related="vote_id.dossier_id", string="Dossier")
    partner_id = fields.Many2one("res.partner", string="Member", required=True, ondelete="restrict",
                                 index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)

    _sql_constraints = [
        ("vote_partner_uniq", "unique(vote_id, partner_id)", "A member votes once on each dossier."),
    ]
