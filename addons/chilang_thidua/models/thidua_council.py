from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ThiduaCouncil(models.Model):
    """An Emulation and Commendation Council (Hội đồng Thi đua – Khen thưởng) and its own rules.

    Each council sets its quorum, its approval ratio and whether the written votes of absent
    members count (DOMAIN.md §4: a province may need 80 % with written votes, a commune sets its
    own rules). A session copies them when it is created; only the council's managers (the
    standing body's appraisers and the managers) change them, never the members who vote.
    """

    _name = "thidua.council"
    _inherit = ["mail.thread"]
    _description = "Emulation and Commendation Council"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    issuing_unit_id = fields.Many2one(
        "thidua.unit", string="Issuing Body", check_company=True, tracking=True,
        help="The People's Committee whose council it is (its Chairman chairs it).",
    )
    member_ids = fields.Many2many("res.partner", "thidua_council_member_rel", "council_id", "partner_id",
                                  string="Members")
    member_count = fields.Integer(compute="_compute_member_count", string="Number of Members")
    # no digits: stored as double precision, so two thirds stays two thirds
    quorum_ratio = fields.Float(
        string="Quorum", default=2 / 3, tracking=True,
        help="Share of the members who must attend (at least), e.g. 0.6667 for two thirds.",
    )
    approval_ratio = fields.Float(
        string="Approval Threshold", default=0.5, tracking=True,
        help="Share of ALL members who must vote for a dossier (more than it, or at least it).",
    )
    approval_inclusive = fields.Boolean(
        string="Threshold Reached Counts", tracking=True,
        help="Unticked: more than the threshold is needed (more than half). Ticked: reaching it is enough "
        "(e.g. at least 80 %).",
    )
    written_votes_count = fields.Boolean(
        string="Written Votes of Absent Members Count", tracking=True,
        help="The council's rules let members who cannot attend vote in writing; their votes in favour count "
        "towards the threshold (never towards the quorum).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("member_ids")
    def _compute_member_count(self):
        for council in self:
            council.member_count = len(council.member_ids)

    @api.constrains("quorum_ratio", "approval_ratio")
    def _check_ratios(self):
        for council in self:
            if not (0 < council.quorum_ratio <= 1 and 0 < council.approval_ratio <= 1):
                raise ValidationError(self.env._("The quorum and the approval threshold are shares between 0 and 1."))
