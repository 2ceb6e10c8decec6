from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .thidua_guard import workflow_unlocked

# the counted paper ballots, typed by the secretary and confirmed by the chair
TALLY_FIELDS = frozenset({"votes_for", "votes_against", "votes_abstain", "written_votes_for"})
# what the members present cast themselves when the session votes electronically
BALLOT_FIELDS = frozenset({"votes_for", "votes_against", "votes_abstain"})
# a choice and the ballot box counter it adds one to (fixed identifiers, never the client's text)
BALLOT_COUNTERS = {
    "for": SQL.identifier("count_for"),
    "against": SQL.identifier("count_against"),
    "abstain": SQL.identifier("count_abstain"),
}


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
        "thidua.dossier", required=True, ondelete="restrict", index=True,
        domain="[('campaign_id', '=', parent.campaign_id), ('state', '=', 'appraised')]",
    )
    nominee_name = fields.Char(related="dossier_id.nominee_name", string="Nominee")
    unit_id = fields.Many2one(related="dossier_id.unit_id", string="Proposing Unit")
    subject_type = fields.Selection(related="dossier_id.subject_type", string="Subject Type")
    votes_for = fields.Integer(string="For")
    votes_against = fields.Integer(string="Against")
    votes_abstain = fields.Integer(string="Abstain")
    vote_mode = fields.Selection(related="session_id.vote_mode", string="Voting")
    session_state = fields.Selection(related="session_id.state", string="Session State")
    voted_count = fields.Integer(
        compute="_compute_voted", string="Members Who Voted",
        help="How many members present have cast their secret ballot on this dossier (never how they voted).",
    )
    has_voted = fields.Boolean(compute="_compute_voted", string="I Have Voted")
    can_vote = fields.Boolean(compute="_compute_voted", string="I May Vote")
    written_votes_for = fields.Integer(
        help="Absent members' votes in favour, given in writing before the session.",
    )
    votes_counted = fields.Integer(
        compute="_compute_passes",
        help="Votes in favour that count: those of the members present, and the written votes of absent "
        "members when the council's rules say so.",
    )
    passes = fields.Boolean(compute="_compute_passes", help="Enough votes in favour under the session's threshold.")
    note = fields.Char()
    company_id = fields.Many2one(related="session_id.company_id", store=True)

    _sql_constraints = [
        ("session_dossier_uniq", "unique(session_id, dossier_id)", "A dossier is voted once per session."),
    ]

    @api.depends_context("uid")
    @api.depends("session_id.voter_ids", "session_id.attendee_ids", "session_id.state", "session_id.vote_mode")
    def _compute_voted(self):
        partner = self.env.user.partner_id
        # sudo: the roll is counted whatever the reader's groups; it holds who voted, never how
        roll = self.env["thidua.council.voter"].sudo().search([("vote_id", "in", self.ids)]) if self.ids else []
        voted = {}
        mine = set()
        for line in roll:
            voted[line.vote_id.id] = voted.get(line.vote_id.id, 0) + 1
            if line.partner_id == partner:
                mine.add(line.vote_id.id)
        for vote in self:
            session = vote.session_id
            vote.voted_count = voted.get(vote.id, 0)
            vote.has_voted = vote.id in mine
            vote.can_vote = (session.state == "draft" and session.vote_mode == "electronic"
                             and partner in session.attendee_ids and vote.id not in mine)

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
            cast = vote.votes_for + vote.votes_against + vote.votes_abstain
            if min(vote.votes_for, vote.votes_against, vote.votes_abstain) < 0 or cast > present:
                raise ValidationError(
                    self.env._("%(nominee)s: the votes (%(for)s for, %(against)s against, %(abstain)s abstaining) "
                               "cannot exceed the %(present)s members present.", nominee=vote.nominee_name,
                               present=present, against=vote.votes_against, abstain=vote.votes_abstain,
                               **{"for": vote.votes_for})
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

    def _check_tally_input(self, sessions, fields_changed):
        """The paper tally is the secretary's to type while it is unconfirmed; an electronic ballot
        counts itself. Whoever types it is remembered: they never confirm it nor close the session."""
        typed = TALLY_FIELDS & fields_changed
        if not typed or self.env.su:
            return
        if not self.env.user.has_group("chilang_thidua.group_appraiser"):
            raise AccessError(self.env._("The council's secretary (the appraising office) types the counted tally."))
        for session in sessions:
            if session.vote_mode == "electronic" and typed & BALLOT_FIELDS:
                raise UserError(
                    self.env._("The session votes by electronic secret ballot: each member present votes from their "
                               "own login and the tally counts itself."))
            if session.tally_confirmed_by_id:
                raise UserError(self.env._("The tally has been confirmed by the chair: it can no longer change."))
            session._workflow_write(tally_user_ids=[Command.link(self.env.user.id)])

    @api.model_create_multi
    def create(self, vals_list):
        unlocked = self.env.su
        if not unlocked:
            for vals in vals_list:
                session = self.env["thidua.council.session"].browse(vals.get("session_id"))
                if not self._vals_unlocked(vals):
                    self._check_tally_input(session, set(vals))
        votes = super().create(vals_list)
        votes._check_session_open()
        # sudo: the ballot boxes are nobody's to read or write; each dossier put to the vote gets one
        self.env["thidua.council.ballot.box"].sudo().create(
            [{"vote_id": vote.id, "company_id": vote.company_id.id} for vote in votes])
        return votes

    def write(self, vals):
        self._check_session_open()
        if "session_id" in vals and not self.env.su:
            raise UserError(self.env._("A vote belongs to its session: it cannot be moved to another one."))
        if not self._workflow_unlocked():
            self._check_tally_input(self.session_id, set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_session_open()
        # sudo: counting the roll only, to keep a dossier members have voted on
        if not self.env.su and self.env["thidua.council.voter"].sudo().search_count([("vote_id", "in", self.ids)]):
            raise UserError(self.env._("Members have voted on this dossier: it stays on the session's agenda."))

    # ------------------------------------------------------------------
    # Electronic secret ballot
    # ------------------------------------------------------------------
    def action_cast_ballot(self, choice=None):
        """A member present casts their secret ballot on this dossier: ``for``, ``against`` or ``abstain``.

        One method for the three choices, so that nothing outside the request's body (the URL in a
        server log, the method name) says which one it was.
        """
        self.ensure_one()
        if choice not in BALLOT_COUNTERS:
            raise UserError(self.env._("A ballot is for, against or abstaining."))
        self.check_access("read")
        session = self.session_id
        user = self.env.user
        partner = user.partner_id
        if session.state != "draft":
            raise UserError(self.env._("The session is closed: the ballot is over."))
        if session.vote_mode != "electronic":
            raise UserError(self.env._("This session votes by paper ballot: the secretary types the counted tally."))
        if not (user._is_internal() and user.has_group("chilang_thidua.group_council")) \
                or partner not in session.member_ids:
            raise AccessError(self.env._("Only the members of the council vote in its sessions."))
        if partner not in session.attendee_ids:
            raise AccessError(
                self.env._("You are not recorded as present at this session: ask the secretary to record your "
                           "attendance before voting."))
        if self.dossier_id.state != "appraised":
            raise UserError(self.env._("%(dossier)s is no longer awaiting the council.",
                                       dossier=self.dossier_id.display_name))
        # sudo: members may not write the roll or the ballot box; the checks above are theirs
        roll = self.env["thidua.council.voter"].sudo()
        if roll.search_count([("vote_id", "=", self.id), ("partner_id", "=", partner.id)]):
            raise UserError(self.env._("You have already voted on %(nominee)s: a ballot is cast once.",
                                       nominee=self.nominee_name))
        roll.create({"session_id": session.id, "vote_id": self.id, "partner_id": partner.id,
                     "company_id": self.company_id.id})
        # one anonymous counter goes up by one, in SQL: no ORM write, so no author, date or tracking
        # (a line put to the vote before ballot boxes existed gets its box now)
        self.env.cr.execute(SQL(
            """INSERT INTO thidua_council_ballot_box (vote_id, company_id, count_for, count_against, count_abstain)
               VALUES (%(vote)s, %(company)s, 0, 0, 0) ON CONFLICT (vote_id) DO NOTHING""",
            vote=self.id, company=self.company_id.id,
        ))
        self.env.cr.execute(SQL(
            "UPDATE thidua_council_ballot_box SET %(counter)s = %(counter)s + 1 WHERE vote_id = %(vote)s",
            counter=BALLOT_COUNTERS[choice], vote=self.id,
        ))
        self.env["thidua.council.ballot.box"].invalidate_model()
        self.invalidate_recordset(["voted_count", "has_voted", "can_vote"])
        return True

    def _open_ballot_boxes(self):
        """At closing: the electronic tally becomes the vote lines' counts (totals only)."""
        # sudo: only the closing session reads its ballot boxes, after the chair's checks
        boxes = self.env["thidua.council.ballot.box"].sudo().search([("vote_id", "in", self.ids)])
        counts = {box.vote_id.id: box for box in boxes}
        with workflow_unlocked(self):
            for vote in self:
                box = counts.get(vote.id)
                # sudo: the chair closing may only read vote lines; the counts come from the boxes above
                vote.sudo().write({
                    "votes_for": box.count_for if box else 0,
                    "votes_against": box.count_against if box else 0,
                    "votes_abstain": box.count_abstain if box else 0,
                })
