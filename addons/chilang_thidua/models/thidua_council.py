from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.settings import thidua_setting

COUNCIL_GROUP = "chilang_thidua.group_council"
MANAGER_GROUP = "chilang_thidua.group_manager"


class ThiduaCouncil(models.Model):
    """An Emulation and Commendation Council (Hội đồng Thi đua – Khen thưởng) and its own rules.

    The council is set up by a decision of the Chairman of the People's Committee: the decision
    names its chair, its standing member (the secretary, from the appraising office) and its
    members, each of them a user who votes from their own login. Each council sets its quorum, its
    approval ratio and whether the written votes of absent members count (a province may need
    80 % with written votes, a commune sets its own rules). Only managers (the Chairman's office)
    change a council; appraisers and members read it.
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
    decision_number = fields.Char(
        string="Establishing Decision", tracking=True,
        help="Number of the Chairman's decision setting up the council, e.g. 15/QĐ-UBND.",
    )
    decision_date = fields.Date(tracking=True)
    member_ids = fields.Many2many("res.partner", "thidua_council_member_rel", "council_id", "partner_id",
                                  string="Members", tracking=True,
                                  help="Every member votes from their own login: each is the contact of a user "
                                  "of the Council Member group.")
    chair_id = fields.Many2one(
        "res.partner", tracking=True, domain="[('id', 'in', member_ids)]",
        help="Chairs the sessions and confirms their results (one of the members).",
    )
    secretary_id = fields.Many2one(
        "res.partner", string="Standing Member / Secretary", tracking=True,
        help="From the appraising office: records attendance, the dossiers put to the vote and the counted "
        "paper ballots; never confirms them.",
    )
    member_count = fields.Integer(compute="_compute_member_count", string="Number of Members")
    # no digits: stored as double precision, so two thirds stays two thirds
    quorum_ratio = fields.Float(
        string="Quorum", default=lambda self: thidua_setting(self.env, "council_quorum_ratio"), tracking=True,
        help="Share of the members who must attend (at least), e.g. 0.6667 for two thirds.",
    )
    approval_ratio = fields.Float(
        string="Approval Threshold", default=lambda self: thidua_setting(self.env, "council_approval_ratio"),
        tracking=True,
        help="Share of ALL members who must vote for a dossier (more than it, or at least it).",
    )
    approval_inclusive = fields.Boolean(
        string="Threshold Reached Counts", tracking=True,
        default=lambda self: thidua_setting(self.env, "council_approval_inclusive"),
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

    @api.constrains("member_ids", "chair_id")
    def _check_members_are_council_users(self):
        for council in self:
            # sudo: the check reads users whatever the writer may read of them; it grants nothing
            users = council.member_ids.sudo().with_context(active_test=True).user_ids.filtered(
                lambda user: user.active and user._is_internal() and user.has_group(COUNCIL_GROUP))
            outsiders = council.member_ids - users.partner_id
            if outsiders:
                raise ValidationError(
                    self.env._("Every member of the council votes from their own login: %(names)s is not a user of "
                               "the Council Member group.", names=", ".join(outsiders.mapped("display_name")))
                )
            if council.chair_id and council.chair_id not in council.member_ids:
                raise ValidationError(self.env._("The chair must be one of the council's members."))

    @api.constrains("secretary_id")
    def _check_secretary(self):
        for council in self.filtered("secretary_id"):
            # sudo: as above, reading the secretary's users only to check their group
            users = council.secretary_id.sudo().user_ids.filtered(
                lambda user: user.active and user.has_group("chilang_thidua.group_appraiser"))
            if not users:
                raise ValidationError(
                    self.env._("The standing member (secretary) is a user of the appraising office (Appraiser group)."))

    def _check_manager(self):
        """The council is the Chairman's decision: only managers set it up or change it."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only managers (the Chairman's office) set up or change a council, as the Chairman's "
                           "decision says."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {name for name in vals if name.startswith(("message_", "activity_"))}:
            self._check_manager()
        return super().write(vals)

    def unlink(self):
        self._check_manager()
        return super().unlink()

    def _is_chaired_by(self, user):
        self.ensure_one()
        return bool(self.chair_id) and user.partner_id == self.chair_id
