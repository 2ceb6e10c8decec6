"""No single insider decides for the council, and nobody learns how a member voted.

Replayed as the real roles, over JSON-RPC where a browser would go: an appraiser (the council's
secretary) who tries to approve a dossier alone, and an administrator who tries every route the
web client offers to learn one member's secret ballot.
"""

import json
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common_dossier import DossierCommon


class CouncilRpc:
    """JSON-RPC calls as the logged-in user; a refusal comes back as the error's class name."""

    def _rpc(self, model, method, args, **kwargs):
        kwargs.setdefault("context", {"lang": "vi_VN"})
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": json.loads(json.dumps(args, default=str)), "kwargs": kwargs,
        })

    def _refused(self, model, method, args, **kwargs):
        """The call fails (any server-side refusal); returns the error name."""
        with mute_logger("odoo.http", "odoo.sql_db"):
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method} {args} was accepted") as refusal:
                self._rpc(model, method, args, **kwargs)
        return str(refusal.exception)

    def _button(self, model, method, ids, *args):
        """What the web client sends for a button: the model and method in the URL, nothing else."""
        return self.make_jsonrpc_request(f"/web/dataset/call_button/{model}/{method}", {
            "model": model, "method": method, "args": [ids, *args], "kwargs": {"context": {"lang": "vi_VN"}},
        })


@tagged("post_install", "-at_install")
class TestLoneAppraiser(CouncilRpc, HttpCase, DossierCommon):
    """The appraiser (Phòng Nội vụ, the council's secretary) tries to approve a dossier alone."""

    def setUp(self):
        super().setUp()
        self.dossier = self._eligible_individual(nominee_name="Người tự duyệt")
        self._appraise(self.dossier)
        Council = self.env["thidua.council"]
        vals = {"name": "Hội đồng thường trực", "decision_number": "15/QĐ-UBND", "decision_date": date(2024, 1, 5),
                "member_ids": [Command.set(self._council_members(7).ids)]}
        vals["chair_id"] = vals["member_ids"][0][2][0]
        # keep to the fields the model has, so the same replay runs against older code
        self.council = Council.create({key: value for key, value in vals.items() if key in Council._fields})
        self.meeting = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "campaign_id": self.campaign.id, "council_id": self.council.id, "date": date(2024, 11, 20),
            "attendee_ids": [Command.set(self.council.member_ids[:5].ids)],
        })
        self.authenticate("t_appraiser", "t_appraiser")

    def test_appraiser_cannot_mint_an_approval(self):
        me = self.user_appraiser.partner_id
        Session = "thidua.council.session"
        # a session of no council, or of a council that does not exist
        self._refused(Session, "create", [{"campaign_id": self.campaign.id, "member_ids": [Command.set([me.id])],
                                           "attendee_ids": [Command.set([me.id])], "quorum_ratio": 1.0,
                                           "approval_ratio": 0.01}])
        self._refused(Session, "create", [{"campaign_id": self.campaign.id, "council_id": 999999}])
        self._refused(Session, "create", [{"campaign_id": self.campaign.id, "council_id": self.council.id,
                                           "member_ids": [Command.set([me.id])]}])
        # a council of their own, or the standing council rewritten
        self._refused("thidua.council", "create", [{"name": "Hội đồng riêng", "member_ids": [Command.set([me.id])],
                                                    "quorum_ratio": 1.0, "approval_ratio": 0.01}])
        for values in ({"member_ids": [Command.set([me.id])]}, {"quorum_ratio": 0.01}, {"approval_ratio": 0.01},
                       {"approval_inclusive": True}, {"name": "Hội đồng đã sửa"}):
            self._refused("thidua.council", "write", [self.council.ids, values])
        self._refused("thidua.council", "unlink", [self.council.ids])
        # the session's members and rules, rewritten
        for values in ({"member_ids": [Command.set([me.id])]}, {"member_ids": [Command.link(me.id)]},
                       {"quorum_ratio": 0.01}, {"approval_ratio": 0.01}, {"approval_inclusive": True},
                       {"written_votes_count": True}, {"member_count": 1}, {"attendee_count": 1}):
            self._refused(Session, "write", [self.meeting.ids, values])
        # attendance: only the council's members, never the appraiser
        self._refused(Session, "write", [self.meeting.ids, {"attendee_ids": [Command.set([me.id])]}])
        self._refused(Session, "write", [self.meeting.ids, {"attendee_ids": [Command.link(me.id)]}])
        # the secretary may type a tally, but not confirm it nor close the session
        self._rpc(Session, "action_load_dossiers", [self.meeting.ids])
        vote = self.meeting.vote_ids
        self.assertEqual(vote.dossier_id, self.dossier)
        if "vote_mode" in self.meeting._fields:
            self._rpc(Session, "write", [self.meeting.ids, {"vote_mode": "paper"}])
        self._rpc("thidua.council.vote", "write", [vote.ids, {"votes_for": 5}])
        if "action_confirm_tally" in dir(self.env[Session]):
            self._refused(Session, "action_confirm_tally", [self.meeting.ids])
        self._refused(Session, "action_close", [self.meeting.ids])
        # the chair names the appraiser's accomplice? only the chair names a delegate, a present member
        self._refused(Session, "write", [self.meeting.ids, {"delegate_id": me.id}])
        self.meeting.invalidate_recordset()
        self.council.invalidate_recordset()
        self.assertEqual(self.dossier.state, "appraised")
        self.assertEqual(self.meeting.state, "draft")
        self.assertFalse(self.meeting.number)
        self.assertEqual((self.meeting.member_count, self.meeting.attendee_count), (7, 5))
        self.assertAlmostEqual(self.meeting.quorum_ratio, 2 / 3)
        self.assertEqual(self.council.member_ids.user_ids & self.user_appraiser, self.env["res.users"])

    def test_the_chair_confirms_what_the_secretary_typed(self):
        """The paper tally takes effect when the chair closes, and the chair's name is on it."""
        self._rpc("thidua.council.session", "write", [self.meeting.ids, {"vote_mode": "paper"}])
        self._rpc("thidua.council.session", "action_load_dossiers", [self.meeting.ids])
        self._rpc("thidua.council.vote", "write", [self.meeting.vote_ids.ids, {"votes_for": 5}])
        self.authenticate("t_council", "t_council")
        self._button("thidua.council.session", "action_close", self.meeting.ids)
        self.assertEqual(self.dossier.state, "approved")
        self.assertEqual(self.meeting.tally_user_ids, self.user_appraiser)
        self.assertEqual(self.meeting.tally_confirmed_by_id, self.user_council)


@tagged("post_install", "-at_install")
class TestCouncilDuties(DossierCommon):
    """Who may do what in a session, each as their real user."""

    def test_only_managers_set_up_a_council_of_member_users(self):
        with self.assertRaises(AccessError):
            self._council(3).with_user(self.user_appraiser).write({"quorum_ratio": 0.1})
        with self.assertRaises(AccessError):
            self.env["thidua.council"].with_user(self.user_appraiser).create({"name": "Hội đồng riêng"})
        council = self._council(3)
        with self.assertRaises(AccessError):
            council.with_user(self.user_council).unlink()
        # a member is a user who votes from their own login: a bare contact, or a user outside the group, is not
        contact = self.env["res.partner"].create({"name": "Người ngoài"})
        for outsider in (contact, self.user_appraiser.partner_id, self.user_portal_school.partner_id):
            with self.assertRaises(ValidationError):
                council.with_user(self.user_manager).member_ids = [Command.link(outsider.id)]
        # the chair is one of the members; the secretary is of the appraising office
        with self.assertRaises(ValidationError):
            council.with_user(self.user_manager).chair_id = self.user_manager.partner_id
        with self.assertRaises(ValidationError):
            council.with_user(self.user_manager).secretary_id = self.user_council.partner_id

    def test_typist_never_confirms_even_as_chair_or_delegate(self):
        """A member who may also type the tally (a manager holds the appraiser's rights too; an ordinary
        user cannot be appraiser and council member at once) types it: neither as the chair's delegate
        nor as the chair may they confirm it or close the session."""
        both = new_test_user(self.env, "t_council_appraiser", groups="chilang_thidua.group_manager",
                             name="Ủy viên kiêm thư ký")
        members = self._council_members(5) | both.partner_id
        council = self._council(members)
        dossier = self._eligible_individual(nominee_name="Người được bình xét")
        self._appraise(dossier)
        session = self._session(council=council, present=6)
        session.with_user(both).action_load_dossiers()
        session.vote_ids.with_user(both).write({"votes_for": 6})
        # only the chair names a delegate, a member present
        with self.assertRaises(AccessError):
            session.with_user(both).delegate_id = both.partner_id
        with self.assertRaises(ValidationError):
            session.with_user(self.user_council).delegate_id = self.user_appraiser.partner_id
        session.with_user(self.user_council).delegate_id = both.partner_id
        for action in ("action_confirm_tally", "action_close"):
            with self.assertRaises(AccessError) as refusal:
                getattr(session.with_user(both), action)()
            self.assertIn("Bạn đã nhập", str(refusal.exception))
        # another member, not delegated, cannot either
        other = self._member_user(members[1])
        for action in ("action_confirm_tally", "action_close"):
            with self.assertRaises(AccessError):
                getattr(session.with_user(other), action)()
        # the chair confirms; once confirmed, the tally stays
        session.with_user(self.user_council).action_confirm_tally()
        with self.assertRaises(UserError):
            session.vote_ids.with_user(both).write({"votes_for": 2})
        # the chair who typed a tally would be refused too
        self.assertNotIn(self.user_council, session.tally_user_ids)
        session.with_user(self.user_council).action_close()
        self.assertEqual(dossier.state, "approved")
        self.assertEqual(session.tally_confirmed_by_id, self.user_council)
        text = self.env["ir.actions.report"].with_user(self.user_council)._render_qweb_html(
            "chilang_thidua.action_report_council_minutes", session.ids)[0].decode()
        for expected in ("bỏ phiếu kín bằng giấy", both.name, "xác nhận", self.user_council.name, "15/QĐ-UBND"):
            self.assertIn(expected, text)

    def test_the_council_change_does_not_rewrite_a_closed_session(self):
        session = self._session(members=7, present=6)
        dossier = self._eligible_individual(nominee_name="Người đã xét")
        self._appraise(dossier)
        session.action_load_dossiers()
        session.vote_ids.with_user(self.user_appraiser).write({"votes_for": 6})
        session.with_user(self.user_council).action_close()
        session.council_id.with_user(self.user_manager).write({
            "member_ids": [Command.unlink(session.member_ids[-1].id)], "approval_ratio": 0.9})
        session.invalidate_recordset()
        self.assertEqual((session.member_count, session.approval_ratio), (7, 0.5))


@tagged("post_install", "-at_install")
class TestSecretBallot(CouncilRpc, HttpCase, DossierCommon):
    """Each member present votes once from their own login; nobody learns how one of them voted."""

    def setUp(self):
        super().setUp()
        self.council = self._council(5)
        self.members = self.council.member_ids
        self.users = self.members.user_ids.sorted(lambda user: list(self.members.ids).index(user.partner_id.id))
        first = self._eligible_individual(nominee_name="Nguyễn Văn Kín")
        second = self._eligible_individual(nominee_name="Trần Thị Phiếu")
        self._appraise(first | second)
        self.dossiers = first | second
        # four of five present; the fifth absent
        self.meeting = self._session(council=self.council, present=4, vote_mode="electronic")
        self.meeting.with_user(self.user_appraiser).action_load_dossiers()
        self.line = self.meeting.vote_ids.filtered(lambda vote: vote.dossier_id == first)
        self.other_line = self.meeting.vote_ids - self.line
        self.admin = self.env.ref("base.user_admin")

    def _tally_as_admin(self):
        """Everything an administrator's client can ask about the tally of the session's lines."""
        lines = self.meeting.vote_ids.with_user(self.admin)
        lines.invalidate_recordset()
        fields = [name for name in lines._fields if name not in ("voted_count", "has_voted", "can_vote")]
        return {
            "read": lines.read(fields),
            "group": lines.read_group([("session_id", "=", self.meeting.id)],
                                      ["votes_for:sum", "votes_against:sum", "votes_abstain:sum"], ["dossier_id"]),
            "session": self.meeting.with_user(self.admin).read(
                # the roll (voter_ids) says who has voted, by design; the session's own last change is
                # not a tally
                [name for name in self.meeting._fields
                 if name not in ("voter_ids", "message_ids", "website_message_ids", "write_date", "write_uid")]),
        }

    def test_members_vote_once_and_nobody_learns_how(self):
        messages = self.env["mail.message"].search_count([])
        trackings = self.env["mail.tracking.value"].search_count([])
        before = self._tally_as_admin()
        # the first member votes from their phone: one call, the choice in the body only
        self.authenticate(self.users[0].login, self.users[0].login)
        self._button("thidua.council.vote", "action_cast_ballot", self.line.ids, "against")
        # polling the tally between two ballots tells nothing
        self.assertEqual(self._tally_as_admin(), before)
        for user, choice in zip(self.users[1:4], ("for", "for", "abstain"), strict=True):
            self.line.with_user(user).action_cast_ballot(choice)
            self.assertEqual(self._tally_as_admin(), before)
        for user in self.users[:4]:
            self.other_line.with_user(user).action_cast_ballot("for")
        # nothing in the chatter, the tracking or the log tables
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(self.env["mail.tracking.value"].search_count([]), trackings)
        # the roll says who voted, and has no place for how, nor when
        roll = self.env["thidua.council.voter"].with_user(self.admin)
        self.assertEqual(set(roll._fields), {"id", "display_name", "session_id", "vote_id", "dossier_id",
                                             "partner_id", "company_id"})
        self.assertEqual(set(roll.fields_get()) - {"display_name", "id"},
                         {"session_id", "vote_id", "dossier_id", "partner_id", "company_id"})
        self.assertEqual(roll.search([("vote_id", "=", self.line.id)]).partner_id, self.members[:4])
        # the ballot boxes are nobody's: not through the ORM, not over RPC, not by export
        Box = self.env["thidua.council.ballot.box"]
        for user in (self.admin, self.user_manager, self.user_appraiser, self.user_council):
            with self.assertRaises(AccessError):
                Box.with_user(user).search_read([], ["count_for"])
            with self.assertRaises(AccessError):
                Box.with_user(user).read_group([], ["count_for:sum"], ["vote_id"])
        self.authenticate("admin", "admin")
        box_ids = Box.search([("vote_id", "in", self.meeting.vote_ids.ids)]).ids  # ids an attacker would guess
        self.assertEqual(len(box_ids), 2)
        for method, args, kwargs in (
            ("read", [box_ids, ["count_for", "count_against", "count_abstain"]], {}),
            ("export_data", [box_ids, ["vote_id", "count_for"]], {}),
            ("search_read", [[]], {"fields": ["count_for", "count_against", "count_abstain", "vote_id"]}),
            ("read_group", [[], ["count_for:sum"], ["vote_id"]], {}),
            ("web_search_read", [], {"domain": [], "specification": {"count_for": {}}}),
        ):
            self._refused("thidua.council.ballot.box", method, args, **kwargs)
        # nor a vote line's own export, a roll export, nor the session's minutes, before the chair closes
        exported = self._rpc("thidua.council.vote", "export_data",
                             [self.line.ids, ["votes_for", "votes_against", "votes_abstain", "voted_count"]])
        self.assertEqual(exported["datas"], [["0", "0", "0", "4"]] if isinstance(exported["datas"][0][0], str)
                         else [[0, 0, 0, 4]])
        exported = self._rpc("thidua.council.voter", "export_data",
                             [roll.search([]).ids, ["partner_id", "vote_id", "dossier_id"]])
        self.assertTrue(all(len(row) == 3 for row in exported["datas"]))
        self._refused("thidua.council.voter", "export_data", [roll.search([]).ids, ["create_date"]])
        html = self.env["ir.actions.report"].with_user(self.admin)._render_qweb_html(
            "chilang_thidua.action_report_council_minutes", self.meeting.ids)[0].decode()
        self.assertNotIn("Không đạt", html)
        # a second ballot is refused, in Vietnamese
        for user in self.users[:4]:
            with self.assertRaises(UserError) as refusal:
                self.line.with_user(user).action_cast_ballot("for")
            self.assertIn("đã bỏ phiếu", str(refusal.exception))
        # the chair closes: totals only, as the minutes print them
        self.meeting.with_user(self.user_council).action_close()
        self.assertEqual((self.line.votes_for, self.line.votes_against, self.line.votes_abstain), (2, 1, 1))
        self.assertEqual(self.dossiers.mapped("state"), ["rejected", "approved"],
                         "2 of 5 is not more than half; 4 of 5 is")
        html = self.env["ir.actions.report"].with_user(self.admin)._render_qweb_html(
            "chilang_thidua.action_report_council_minutes", self.meeting.ids)[0].decode()
        self.assertIn("bỏ phiếu kín điện tử", html)
        for member in self.members[:4]:
            self.assertIn(member.name, html, "attendance is listed")
        # and after closing, nobody reopens a ballot box or votes again
        with self.assertRaises(UserError):
            self.line.with_user(self.users[4]).action_cast_ballot("for")

    def test_who_may_not_vote(self):
        absent = self.users[4]
        with self.assertRaises(AccessError) as refusal:
            self.line.with_user(absent).action_cast_ballot("for")
        self.assertIn("có mặt", str(refusal.exception))
        for outsider in (self.user_appraiser, self.user_manager, self.admin, self.user_internal,
                         self.user_portal_school, self.user_commune_a):
            with self.assertRaises(AccessError):
                self.line.with_user(outsider).action_cast_ballot("for")
        with self.assertRaises(UserError):
            self.line.with_user(self.users[0]).action_cast_ballot("yes please")
        # a member marked absent after voting: refused, the roll stands
        self.line.with_user(self.users[1]).action_cast_ballot("for")
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_appraiser).attendee_ids = [Command.unlink(self.members[1].id)]
        # nor the mode switched to a typed tally once ballots are cast
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_appraiser).vote_mode = "paper"
        # nor a typed tally on an electronic session
        with self.assertRaises(UserError):
            self.line.with_user(self.user_appraiser).write({"votes_for": 4})
        # the roll and the box are written by the ballot only
        with self.assertRaises(AccessError):
            self.env["thidua.council.voter"].with_user(self.users[2]).create({
                "session_id": self.meeting.id, "vote_id": self.line.id, "partner_id": self.members[2].id,
                "company_id": self.meeting.company_id.id})
        # over HTTP: a portal user, and a member of another council's session
        self.authenticate("t_portal_school", "t_portal_school")
        self._refused("thidua.council.vote", "action_cast_ballot", [self.line.ids, "for"])
        stranger = new_test_user(self.env, "t_stranger", groups="chilang_thidua.group_council",
                                 name="Ủy viên hội đồng khác")
        other = self._session(council=self._council(self.user_council.partner_id | stranger.partner_id), present=2,
                              vote_mode="electronic")
        self.assertIn(stranger.partner_id, other.attendee_ids)
        with self.assertRaises(AccessError):
            self.line.with_user(stranger).action_cast_ballot("for")
        self.assertEqual(self.line.voted_count, 1)
