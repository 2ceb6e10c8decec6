from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ThiduaCouncilVote(models.Model):
    """The council's vote on one dossier in a session."""

    _name = "thidua.council.vote"
    _inherit = ["thidua.guard.mixin"]
    _description = "Council Vote"
    _order = "session_id, sequence, id"
    _guard_parent = "session_id"

    session_id = fields.Many2one("thidua.council.session", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    dossier_id = fields.Many2one(
        "thidua.dossier", string="Dossier", required=True, ondelete="restrict", index=True,
        domain="[('campaign_id', '=', parent.campaign_id), ('state', '=', 'appraised')]",
    )
    nominee_name = fields.Char(related="dossier_id.nominee_name", string="Nominee")
    unit_id = fields.Many2one(related="dossier_id.unit_id", string="Proposing Unit")
    subject_type = fields.Selection(related="dossier_id.subject_type", string="Subject Type")
    votes_for = fields.Integer(string="For")
    votes_against = fields.Integer(string="Against")
    written_votes_for = fields.Integer(
        string="Written Votes For", help="Absent members' votes in favour, given in writing before the session.",
    )
    votes_counted = fields.Integer(
        compute="_compute_passes", string="Votes Counted",
        help="Votes in favour that count: those of the members present, and the written votes of absent "
        "members when the council's rules say so.",
    )
    passes = fields.Boolean(compute="_compute_passes", string="Passes",
                            help="Enough votes in favour under the session's threshold.")
    note = fields.Char()
    company_id = fields.Many2one(related="session_id.company_id", store=True)

    _sql_constraints = [
        ("session_dossier_uniq", "unique(session_id, dossier_id)", "A dossier is voted once per session."),
    ]

    @api.depends("votes_for", "written_votes_for", "session_id.votes_needed", "session_id.written_votes_count")
    def _compute_passes(self):
        for vote in self:
            session = vote.session_id
            vote.votes_counted = vote.votes_for + (vote.written_votes_for if session.written_votes_count else 0)
            vote.passes = bool(session.member_count) and vote.votes_counted >= session.votes_needed

    @api.constrains("written_votes_for", "session_id")
    def _check_written_votes(self):
        for vote in self:
            absent = vote.session_id.member_count - vote.session_id.attendee_count
            if vote.written_votes_for < 0 or vote.written_votes_for > absent:
                raise ValidationError(
                    self.env._("%(nominee)s: the written votes (%(written)s) cannot exceed the %(absent)s absent "
                               "members.", nominee=vote.nominee_name, written=vote.written_votes_for, absent=absent)
                )

    @api.constrains("votes_for", "votes_against", "session_id")
    def _check_votes(self):
        for vote in self:
            present = vote.session_id.attendee_count
            if vote.votes_for < 0 or vote.votes_against < 0 or vote.votes_for + vote.votes_against > present:
                raise ValidationError(
                    self.env._("%(nominee)s: the votes (%(for)s for, %(against)s against) cannot exceed the "
                               "%(present)s members present.", nominee=vote.nominee_name, present=present,
                               against=vote.votes_against, **{"for": vote.votes_for})
                )

    @api.constrains("dossier_id", "session_id")
    def _check_dossier_of_campaign(self):
        for vote in self:
            if vote.dossier_id.campaign_id != vote.session_id.campaign_id:
                raise ValidationError(
                    self.env._("%(dossier)s is not a dossier of the session's campaign.",
                               dossier=vote.dossier_id.display_name)
                )

    def _check_session_open(self):
        if not self.env.su and any(vote.session_id.state == "closed" for vote in self):
            raise UserError(self.env._("The session is closed: its votes can no longer change."))

    @api.model_create_multi
    def create(self, vals_list):
        votes = super().create(vals_list)
        votes._check_session_open()
        return votes

    def write(self, vals):
        self._check_session_open()
        if "session_id" in vals and not self.env.su:
            raise UserError(self.env._("A vote belongs to its session: it cannot be moved to another one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_session_open()
