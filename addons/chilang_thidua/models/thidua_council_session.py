import math

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .thidua_guard import MAIL_FIELD_PREFIXES
from .thidua_settings import thidua_setting

SESSION_STATES = [
    ("draft", "Draft"),
    ("closed", "Closed"),
]
EPSILON = 1e-6
# Type code of the minutes and the council's abbreviation in their number: "05/BB-HĐTĐKT".
MINUTES_NUMBER_SUFFIX = "/BB-HĐTĐKT"
# What council members write on a draft session: the votes and the minutes.
COUNCIL_MEMBER_FIELDS = {"vote_ids", "minutes"}


class ThiduaCouncilSession(models.Model):
    """A meeting of the Emulation and Commendation Council that votes on appraised dossiers.

    The meeting is valid when at least ``quorum_ratio`` of the members attend; a dossier passes
    when more than ``approval_ratio`` of ALL members vote for it (DOMAIN.md §4).
    """

    _name = "thidua.council.session"
    _description = "Council Session"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, default=lambda self: self.env._("Council meeting"))
    date = fields.Date(required=True, tracking=True, default=fields.Date.context_today)
    campaign_id = fields.Many2one("thidua.campaign", string="Campaign", required=True, tracking=True,
                                  check_company=True, index=True)
    council_id = fields.Many2one(
        "thidua.council", string="Council", tracking=True, check_company=True,
        help="The council that meets: its members and its rules are copied into the session.",
    )
    member_ids = fields.Many2many(
        "res.partner", "thidua_council_session_member_rel", "session_id", "partner_id", string="Members",
        compute="_compute_from_council", store=True, readonly=False, precompute=True,
        help="Every member of the council, present or not.",
    )
    attendee_ids = fields.Many2many(
        "res.partner", "thidua_council_session_attendee_rel", "session_id", "partner_id", string="Attendees",
        domain="[('id', 'in', member_ids)]",
    )
    member_count = fields.Integer(
        string="Number of Members", compute="_compute_counts", store=True, tracking=True,
        help="Number of council members, counted from the member list.",
    )
    attendee_count = fields.Integer(
        string="Number Present", compute="_compute_counts", store=True, tracking=True,
        help="Number of members present, counted from the attendance list.",
    )
    # no digits: stored as double precision, so two thirds stays two thirds
    # the rules: the council's when the session names one, else the addon's settings
    quorum_ratio = fields.Float(
        string="Quorum", compute="_compute_from_council", store=True, readonly=False, precompute=True,
        help="Share of the members who must attend (at least), e.g. 66.67% for two thirds.",
    )
    approval_ratio = fields.Float(
        string="Approval Threshold", compute="_compute_from_council", store=True, readonly=False, precompute=True,
        help="Share of ALL members who must vote for a dossier (more than it, or at least it), e.g. 50%.",
    )
    approval_inclusive = fields.Boolean(
        string="Threshold Reached Counts", compute="_compute_from_council", store=True, readonly=False,
        precompute=True,
        help="Unticked: more than the threshold is needed (more than half). Ticked: reaching it is "
        "enough (e.g. at least 70 %).",
    )
    written_votes_count = fields.Boolean(
        string="Written Votes of Absent Members Count", compute="_compute_from_council", store=True,
        readonly=False, precompute=True,
        help="The council's rules let absent members vote in writing: their votes in favour count towards "
        "the threshold, never towards the quorum.",
    )
    votes_needed = fields.Integer(compute="_compute_thresholds", string="Votes Needed")
    attendance_needed = fields.Integer(compute="_compute_thresholds", string="Attendance Needed")
    has_quorum = fields.Boolean(compute="_compute_thresholds", string="Quorum Reached")
    vote_ids = fields.One2many("thidua.council.vote", "session_id", string="Votes")
    minutes = fields.Html(string="Minutes", help="Biên bản: attendance, discussion and the result of the votes.")
    state = fields.Selection(SESSION_STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    # the minutes' number (biên bản), drawn when the session closes from the issuing body's yearly
    # sequence, as decisions are; read-only, so the guard mixin refuses it from clients
    number = fields.Char(
        string="Minutes Number", readonly=True, copy=False, tracking=True,
        help="Given when the session is closed, e.g. 05/BB-HĐTĐKT; restarts every year.",
    )
    number_authority_id = fields.Many2one("thidua.unit", string="Numbered By", readonly=True, copy=False)
    number_year = fields.Integer(string="Numbering Year", readonly=True, copy=False)

    _sql_constraints = [
        ("number_uniq", "unique(number, number_authority_id, number_year)",
         "A minutes number is given once per issuing body and year."),
    ]

    @api.depends("council_id")
    def _compute_from_council(self):
        for session in self:
            council = session.council_id
            if council:
                session.member_ids = council.member_ids
                session.quorum_ratio = council.quorum_ratio
                session.approval_ratio = council.approval_ratio
                session.approval_inclusive = council.approval_inclusive
                session.written_votes_count = council.written_votes_count
            elif not session.quorum_ratio:
                # a session without a council: the defaults of the settings page (DOMAIN.md §4)
                session.quorum_ratio = thidua_setting(self.env, "council_quorum_ratio")
                session.approval_ratio = thidua_setting(self.env, "council_approval_ratio")
                session.approval_inclusive = thidua_setting(self.env, "council_approval_inclusive")

    @api.depends("member_ids", "attendee_ids")
    def _compute_counts(self):
        for session in self:
            session.member_count = len(session.member_ids)
            session.attendee_count = len(session.attendee_ids)

    @api.depends("member_count", "attendee_count", "quorum_ratio", "approval_ratio", "approval_inclusive")
    def _compute_thresholds(self):
        for session in self:
            session.attendance_needed = session._min_count_at_least(session.quorum_ratio)
            session.votes_needed = (
                session._min_count_at_least(session.approval_ratio) if session.approval_inclusive
                else session._min_count_more_than(session.approval_ratio)
            )
            session.has_quorum = bool(session.member_count) and session.attendee_count >= session.attendance_needed

    def _min_count_at_least(self, ratio):
        """Smallest n with n ≥ ratio × members (two thirds of 9 → 6, of 10 → 7)."""
        return math.ceil(ratio * self.member_count - EPSILON)

    def _min_count_more_than(self, ratio):
        """Smallest n with n > ratio × members (more than half of 9 → 5, of 10 → 6)."""
        return math.floor(ratio * self.member_count + EPSILON) + 1

    @api.constrains("member_count", "attendee_count", "quorum_ratio", "approval_ratio")
    def _check_counts(self):
        for session in self:
            if session.attendee_count < 0 or session.attendee_count > session.member_count:
                raise ValidationError(
                    self.env._("The number present (%(present)s) must be between 0 and the number of members "
                               "(%(members)s).", present=session.attendee_count, members=session.member_count)
                )
            if not (0 < session.quorum_ratio <= 1 and 0 < session.approval_ratio <= 1):
                raise ValidationError(self.env._("The quorum and the approval threshold are shares between 0 and 1."))

    @api.constrains("member_ids", "attendee_ids")
    def _check_attendees_are_members(self):
        for session in self:
            if session.member_ids and session.attendee_ids - session.member_ids:
                raise ValidationError(self.env._("Every attendee must be a member of the council."))

    def write(self, vals):
        if not self._workflow_unlocked():
            changed = {name for name in vals if not name.startswith(MAIL_FIELD_PREFIXES)}
            if any(session.state == "closed" for session in self) and changed - {"minutes"}:
                raise UserError(self.env._("The session is closed: only its minutes can still be edited."))
            self._check_rules_owner(changed - COUNCIL_MEMBER_FIELDS)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_rules_owner({"create"})
        return super().create(vals_list)

    def _check_rules_owner(self, fields_changed):
        """The council's rules and membership are the standing body's (appraisers, managers):
        a member records votes and minutes, never the quorum, the threshold or who counts."""
        if fields_changed and not self.env.su and not self.env.user.has_group("chilang_thidua.group_appraiser"):
            raise AccessError(
                self.env._("Only the council's standing body (appraisers) and the managers set the session's "
                           "members, attendance, quorum and threshold; council members record the votes.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if any(session.state == "closed" for session in self):
            raise UserError(self.env._("A closed council session cannot be deleted."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_council_or_appraiser(self):
        user = self.env.user
        if not self.env.su and not (
            user.has_group("chilang_thidua.group_council") or user.has_group("chilang_thidua.group_appraiser")
        ):
            raise AccessError(self.env._("Only council members and the council's standing body act on sessions."))

    def action_load_dossiers(self):
        """Add a vote line for every appraised dossier of the campaign not yet voted here."""
        self._check_council_or_appraiser()
        self._check_state(["draft"], self.env._("filled in"))
        added = 0
        for session in self:
            dossiers = self.env["thidua.dossier"].search([
                ("campaign_id", "=", session.campaign_id.id), ("state", "=", "appraised"),
            ])
            new = dossiers - session.vote_ids.dossier_id
            session.vote_ids = [Command.create({"dossier_id": dossier.id}) for dossier in new]
            added += len(new)
        if not added:
            return self._nothing_to_do(self.env._("No appraised dossier of the campaign is waiting for a vote."))
        return True

    def action_close(self):
        """Apply the quorum and the threshold: each voted dossier is approved or rejected."""
        self._check_council_or_appraiser()
        self._check_state(["draft"], self.env._("closed"))
        for session in self:
            if not session.member_count:
                raise UserError(self.env._("Enter the council's members before closing the session."))
            if not session.has_quorum:
                raise UserError(
                    self.env._(
                        "The session has no quorum: %(present)s of %(members)s members present, at least "
                        "%(needed)s needed. Its votes cannot decide anything.",
                        present=session.attendee_count, members=session.member_count,
                        needed=session.attendance_needed,
                    )
                )
            if not session.vote_ids:
                raise UserError(self.env._("The session has no dossier to vote on."))
            not_appraised = session.vote_ids.dossier_id.filtered(lambda d: d.state != "appraised")
            if not_appraised:
                raise UserError(
                    self.env._("These dossiers are not (or no longer) awaiting the council: %(dossiers)s",
                               dossiers=", ".join(not_appraised.mapped("display_name")))
                )
            for vote in session.vote_ids:
                # sudo: council members only read dossiers; the dossier applies the result itself
                vote.dossier_id.sudo()._apply_council_vote(session, vote.votes_counted)
            authority = session._minutes_authority()
            sequence = session._get_minutes_sequence(authority)
            session._set_state(
                "closed", number=sequence.next_by_id(sequence_date=session.date),
                number_authority_id=authority.id, number_year=session.date.year,
            )
            # the minutes stay the secretary's notes: the printed biên bản has its own vote table,
            # so the result is logged in the chatter rather than appended to them
            session.message_post(body=session._results_summary())
        return True

    def _minutes_authority(self):
        """The issuing body whose council meets: the council's, else the campaign's."""
        self.ensure_one()
        unit = self.council_id.issuing_unit_id or self.campaign_id.issuing_unit_id
        return unit._get_document_authority() if unit else unit

    def _get_minutes_sequence(self, authority):
        """The body's numbering of council minutes: NN/BB-HĐTĐKT, restarting every year (as the
        decisions' numbering in thidua_decision.py)."""
        self.ensure_one()
        if not authority:
            raise UserError(self.env._("Set the campaign's issuing body before closing the session."))
        return authority._document_sequence(
            f"thidua.council.minutes.{authority.id}",
            self.env._("Council minutes of %(unit)s", unit=authority.authority_name or authority.name),
            MINUTES_NUMBER_SUFFIX, self.company_id,
        )

    def _results_summary(self):
        """The attendance and the votes, as logged when the session closes."""
        self.ensure_one()
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                index, vote.dossier_id.nominee_name, vote.votes_for, vote.votes_against, vote.dossier_id._state_label()
            )
            for index, vote in enumerate(self.vote_ids, start=1)
        )
        summary = Markup(
            "<p><b>%s</b></p><table class='table table-sm table-bordered'><thead><tr><th>#</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (
            self.env._("Present: %(present)s of %(members)s members (quorum %(needed)s); a dossier passes with "
                       "%(votes)s votes in favour.", present=self.attendee_count, members=self.member_count,
                       needed=self.attendance_needed, votes=self.votes_needed),
            self.env._("Nominee"), self.env._("For"), self.env._("Against"), self.env._("Result"),
            rows,
        )
        return summary
