import math

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import LazyTranslate

from ..tools.audit import server_mail
from ..tools.workflow import Transition
from .thidua_guard import MAIL_FIELD_PREFIXES

_lt = LazyTranslate(__name__)

SESSION_STATES = [
    ("draft", "Draft"),
    ("closed", "Closed"),
]
VOTE_MODES = [
    ("electronic", "Electronic Secret Ballot"),
    ("paper", "Paper Ballot"),
]
EPSILON = 1e-6
# Type code of the minutes and the council's abbreviation in their number: "05/BB-HĐTĐKT".
MINUTES_NUMBER_SUFFIX = "/BB-HĐTĐKT"
# What a council member writes on a draft session: the minutes; the chair also names a delegate.
COUNCIL_MEMBER_FIELDS = {"minutes"}
CHAIR_FIELDS = {"delegate_id"}
APPRAISER_GROUP = "chilang_thidua.group_appraiser"
COUNCIL_GROUP = "chilang_thidua.group_council"


class ThiduaCouncilSession(models.Model):
    """A meeting of the Emulation and Commendation Council that votes on appraised dossiers.

    Duties are kept apart as the council's rules organise them: the secretary (an appraiser of
    the standing body) records who attends and the dossiers put to the vote, and, for paper
    ballots, types the counted tally; the members vote (electronically: each from their own
    login, secretly); the chair, or a member present whom the chair delegates, confirms the
    tally and closes the session, never the person who typed it. The members and the rules are
    the council's, which only managers change.

    The meeting is valid when at least ``quorum_ratio`` of the members attend; a dossier passes
    when more than ``approval_ratio`` of ALL members vote for it.
    """

    _name = "thidua.council.session"
    _description = "Council Session"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    # the minutes' number, who typed and confirmed the tally, who closed it, the secret-ballot roll
    _workflow_fields = frozenset({"number", "number_authority_id", "number_year", "tally_user_ids",
                                  "tally_confirmed_by_id", "closed_by_id", "voter_ids"})
    _check_company_auto = True
    # roles: ``appraiser`` is the secretary, ``chair`` the council's chair or their delegate
    _transitions = {
        "load_dossiers": Transition(
            ("draft",), ("appraiser",), _lt("filled in"),
            denied=_lt("The council's secretary (the appraising office) sets the dossiers put to the vote."),
        ),
        "confirm_tally": Transition(("draft",), ("chair",), _lt("confirmed"), denied="_check_chair_confirms"),
        "close": Transition(("draft",), ("chair",), _lt("closed"), denied="_check_chair_closes"),
    }

    name = fields.Char(required=True, tracking=True, default=lambda self: self.env._("Council meeting"))
    date = fields.Date(required=True, tracking=True, default=fields.Date.context_today)
    campaign_id = fields.Many2one("thidua.campaign", required=True, tracking=True,
                                  check_company=True, index=True)
    council_id = fields.Many2one(
        "thidua.council", required=True, tracking=True, check_company=True, ondelete="restrict",
        index=True, help="The standing council that meets: its members and its rules apply to the session.",
    )
    chair_id = fields.Many2one(related="council_id.chair_id", string="Chair")
    secretary_id = fields.Many2one(related="council_id.secretary_id", string="Secretary")
    # the council's members and rules, kept as they were when the session closed (a later change of
    # the council does not rewrite past minutes); computed only, so no client writes them
    member_ids = fields.Many2many(
        "res.partner", "thidua_council_session_member_rel", "session_id", "partner_id", string="Members",
        compute="_compute_from_council", store=True, readonly=True, precompute=True,
        help="Every member of the council, present or not: the council's list.",
    )
    attendee_ids = fields.Many2many(
        "res.partner", "thidua_council_session_attendee_rel", "session_id", "partner_id", string="Attendees",
        domain="[('id', 'in', member_ids)]",
        help="Members present, recorded by the council's secretary.",
    )
    member_count = fields.Integer(
        string="Number of Members", compute="_compute_counts", store=True, tracking=True,
        help="Number of council members, counted from the council's list.",
    )
    attendee_count = fields.Integer(
        string="Number Present", compute="_compute_counts", store=True, tracking=True,
        help="Number of members present, counted from the attendance list.",
    )
    # no digits: stored as double precision, so two thirds stays two thirds
    quorum_ratio = fields.Float(
        string="Quorum", compute="_compute_from_council", store=True, readonly=True, precompute=True,
        help="The council's rule: share of the members who must attend (at least).",
    )
    approval_ratio = fields.Float(
        string="Approval Threshold", compute="_compute_from_council", store=True, readonly=True, precompute=True,
        help="The council's rule: share of ALL members who must vote for a dossier (more than it, or at least it).",
    )
    approval_inclusive = fields.Boolean(
        string="Threshold Reached Counts", compute="_compute_from_council", store=True, readonly=True,
        precompute=True,
        help="The council's rule. Unticked: more than the threshold is needed (more than half). Ticked: reaching "
        "it is enough (e.g. at least 70 %).",
    )
    written_votes_count = fields.Boolean(
        string="Written Votes of Absent Members Count", compute="_compute_from_council", store=True,
        readonly=True, precompute=True,
        help="The council's rule: absent members' written votes in favour count towards the threshold, never "
        "towards the quorum.",
    )
    vote_mode = fields.Selection(
        VOTE_MODES, string="Voting", required=True, default="electronic", tracking=True,
        help="Electronic secret ballot: each member present votes from their own login, and nobody can see who "
        "voted how. Paper ballot: the secretary types the counted tally and the chair confirms it.",
    )
    delegate_id = fields.Many2one(
        "res.partner", string="Chair's Delegate", tracking=True, domain="[('id', 'in', attendee_ids)]",
        help="A member present whom the chair asks to confirm the tally and close the session in their place.",
    )
    voter_ids = fields.One2many("thidua.council.voter", "session_id", string="Voter Roll", readonly=True)
    tally_user_ids = fields.Many2many(
        "res.users", "thidua_council_session_tally_user_rel", "session_id", "user_id", string="Tally Typed By",
        readonly=True, copy=False, help="Who typed the paper tally: they never confirm it.",
    )
    tally_confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False,
                                            tracking=True)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    is_chair = fields.Boolean(compute="_compute_user_role", string="I Chair It")
    is_attendee = fields.Boolean(compute="_compute_user_role", string="I Am Present")
    votes_needed = fields.Integer(compute="_compute_thresholds")
    attendance_needed = fields.Integer(compute="_compute_thresholds")
    has_quorum = fields.Boolean(compute="_compute_thresholds", string="Quorum Reached")
    vote_ids = fields.One2many("thidua.council.vote", "session_id", string="Votes")
    minutes = fields.Html(help="Biên bản: attendance, discussion and the result of the votes.")
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

    @api.depends("council_id", "council_id.member_ids", "council_id.quorum_ratio", "council_id.approval_ratio",
                 "council_id.approval_inclusive", "council_id.written_votes_count")
    def _compute_from_council(self):
        # a closed session keeps the members and rules it was decided under
        for session in self.filtered(lambda s: not (s.state == "closed" and s.id)):
            council = session.council_id
            session.member_ids = council.member_ids
            session.quorum_ratio = council.quorum_ratio
            session.approval_ratio = council.approval_ratio
            session.approval_inclusive = council.approval_inclusive
            session.written_votes_count = council.written_votes_count

    @api.depends("member_ids", "attendee_ids")
    def _compute_counts(self):
        for session in self:
            session.member_count = len(session.member_ids)
            session.attendee_count = len(session.attendee_ids)

    @api.depends_context("uid")
    @api.depends("council_id.chair_id", "delegate_id", "attendee_ids")
    def _compute_user_role(self):
        partner = self.env.user.partner_id
        for session in self:
            session.is_chair = partner in (session.council_id.chair_id | session.delegate_id)
            session.is_attendee = partner in session.attendee_ids

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
            if session.attendee_ids - session.member_ids:
                raise ValidationError(self.env._("Every attendee must be a member of the council."))

    @api.constrains("delegate_id", "attendee_ids")
    def _check_delegate_present(self):
        for session in self.filtered("delegate_id"):
            if session.delegate_id not in session.attendee_ids:
                raise ValidationError(self.env._("The chair delegates to a member present at the session."))

    def write(self, vals):
        if not self._workflow_unlocked():
            changed = {name for name in vals if not name.startswith(MAIL_FIELD_PREFIXES)}
            if any(session.state == "closed" for session in self) and changed - {"minutes"}:
                raise UserError(self.env._("The session is closed: only its minutes can still be edited."))
            self._check_rules_owner(changed - COUNCIL_MEMBER_FIELDS - CHAIR_FIELDS)
            if changed & CHAIR_FIELDS:
                self._check_chair(self.env._("name a delegate"), delegate=False)
            if changed & {"council_id", "vote_mode"}:
                self._check_ballots_untouched(vals)
        result = super().write(vals)
        if "attendee_ids" in vals:
            for session in self:
                gone = session.voter_ids.partner_id - session.attendee_ids
                if gone:
                    raise UserError(
                        self.env._("%(names)s already voted: they cannot be marked absent.",
                                   names=", ".join(gone.mapped("display_name"))))
        return result

    @api.model_create_multi
    def create(self, vals_list):
        self._check_rules_owner({"create"})
        return super().create(vals_list)

    def _check_rules_owner(self, fields_changed):
        """Attendance, the agenda and the paper tally are the secretary's (the standing body, appraisers);
        the members and rules are the council's; members write the minutes, the chair names a delegate."""
        if fields_changed and not self.env.su and not self.env.user.has_group(APPRAISER_GROUP):
            raise AccessError(
                self.env._("Only the council's secretary (the appraising office) records the session's attendance, "
                           "dossiers and tally; the members and rules are the council's.")
            )

    def _check_ballots_untouched(self, vals):
        """Once a member has voted, the council, the voting mode and that member's presence stay."""
        for session in self:
            if not session.voter_ids and not session.tally_user_ids:
                continue
            if "council_id" in vals and vals["council_id"] != session.council_id.id:
                raise UserError(self.env._("Votes have been recorded: the session's council can no longer change."))
            if "vote_mode" in vals and vals["vote_mode"] != session.vote_mode:
                raise UserError(self.env._("Votes have been recorded: the voting mode can no longer change."))

    def _transition_roles(self):
        roles = super()._transition_roles()
        user = self.env.user
        chairs = self.council_id.chair_id | self.delegate_id
        if self.council_id.chair_id and user.partner_id in chairs and user.has_group(COUNCIL_GROUP):
            roles.add("chair")
        return roles

    def _check_chair_confirms(self):
        self._check_chair(self.env._("confirm the tally"))

    def _check_chair_closes(self):
        self._check_chair(self.env._("close the session"))

    def _check_chair(self, action_label, delegate=True):
        """Only the council's chair (or, where ``delegate``, the member present the chair delegated)."""
        user = self.env.user
        for session in self:
            if self.env.su:
                continue
            chairs = session.council_id.chair_id | (session.delegate_id if delegate else self.env["res.partner"])
            if not session.council_id.chair_id:
                raise UserError(self.env._("The council has no chair: a manager sets it from the Chairman's decision."))
            if user.partner_id not in chairs or not user.has_group(COUNCIL_GROUP):
                raise AccessError(
                    self.env._("Only the council's chair (or the member present the chair delegates) may %(action)s.",
                               action=action_label))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if any(session.state == "closed" for session in self):
            raise UserError(self.env._("A closed council session cannot be deleted."))
        if self.voter_ids:
            raise UserError(self.env._("Members have voted in this session: it cannot be deleted."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_load_dossiers(self):
        """The secretary puts every appraised dossier of the campaign not yet on the agenda to the vote."""
        self._check_transition("load_dossiers")
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

    def action_confirm_tally(self):
        """The chair (or delegate) confirms the counted paper tally; the person who typed it never does."""
        self._check_transition("confirm_tally")
        for session in self:
            if session.vote_mode != "paper":
                raise UserError(self.env._("An electronic ballot counts itself: there is no typed tally to confirm."))
            session._check_not_typist()
            session._workflow_write(tally_confirmed_by_id=self.env.user.id)
        return True

    def _check_not_typist(self):
        self.ensure_one()
        if not self.env.su and self.env.user in self.tally_user_ids:
            raise AccessError(
                self.env._("You typed this session's tally: another member (the chair or their delegate) confirms "
                           "it and closes the session."))

    def action_close(self):
        """The chair (or delegate) closes: the council's quorum and threshold decide each dossier."""
        self._check_transition("close")
        for session in self:
            session._check_not_typist()
            council = session.council_id
            if not (council.decision_number and council.decision_date):
                raise UserError(
                    self.env._("Record the Chairman's decision setting up the council (number and date) before "
                               "closing its session."))
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
            if session.vote_mode == "electronic":
                session.vote_ids._open_ballot_boxes()
            elif not session.tally_confirmed_by_id:
                session._workflow_write(tally_confirmed_by_id=self.env.user.id)
            for vote in session.vote_ids:
                # sudo: council members only read dossiers; the dossier applies the result itself
                vote.dossier_id.sudo()._apply_council_vote(session, vote.votes_counted)
            authority = session._minutes_authority()
            sequence = session._get_minutes_sequence(authority)
            session._set_state(
                "closed", number=sequence.next_by_id(sequence_date=session.date),
                number_authority_id=authority.id, number_year=session.date.year, closed_by_id=self.env.user.id,
            )
            # the minutes stay the secretary's notes: the printed biên bản has its own vote table,
            # so the result is logged in the chatter rather than appended to them
            with server_mail():
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
        """The attendance and the votes, as logged when the session closes (totals only)."""
        self.ensure_one()
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                index, vote.dossier_id.nominee_name, vote.votes_for, vote.votes_against, vote.votes_abstain,
                vote.dossier_id._state_label(),
            )
            for index, vote in enumerate(self.vote_ids, start=1)
        )
        mode = dict(self._fields["vote_mode"]._description_selection(self.env))[self.vote_mode]
        summary = Markup(
            "<p><b>%s</b></p><p>%s</p><table class='table table-sm table-bordered'><thead><tr><th>#</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (
            self.env._("Present: %(present)s of %(members)s members (quorum %(needed)s); a dossier passes with "
                       "%(votes)s votes in favour.", present=self.attendee_count, members=self.member_count,
                       needed=self.attendance_needed, votes=self.votes_needed),
            self.env._("Voting: %(mode)s. Confirmed and closed by %(closer)s.", mode=mode,
                       closer=self.env.user.name),
            self.env._("Nominee"), self.env._("For"), self.env._("Against"), self.env._("Abstain"),
            self.env._("Result"), rows,
        )
        return summary
