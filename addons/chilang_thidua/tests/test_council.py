from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestCouncilSession(DossierCommon):
    """Quorum of two thirds of the members, approval by more than half of ALL members (DOMAIN §4)."""

    def _two_appraised(self):
        first = self._eligible_individual(nominee_name="Nguyễn Văn An")
        second = self._eligible_individual(nominee_name="Hà Thị Bích")
        self._appraise(first | second)
        return first, second

    def test_session_without_quorum_cannot_close(self):
        first, _second = self._two_appraised()
        session = self._session(members=9, present=5)
        self.assertEqual((session.member_count, session.attendee_count), (9, 5))
        self.assertEqual(session.attendance_needed, 6)
        self.assertFalse(session.has_quorum)
        session.with_user(self.user_appraiser).action_load_dossiers()
        session.vote_ids.with_user(self.user_appraiser).write({"votes_for": 5})
        with self.assertRaises(UserError) as refusal:
            session.with_user(self.user_council).action_close()
        self.assertIn("không đủ", str(refusal.exception))
        self.assertEqual(session.state, "draft")
        self.assertEqual(first.state, "appraised")
        # one more member arrives, the secretary records it: the session can decide
        session.with_user(self.user_appraiser).attendee_ids = [(4, session.member_ids[5].id)]
        self.assertTrue(session.has_quorum)
        session.with_user(self.user_council).action_close()
        self.assertEqual(session.state, "closed")

    def test_threshold_is_more_than_half_of_all_members(self):
        first, second = self._two_appraised()
        session = self._session(members=9, present=6)
        self.assertEqual(session.votes_needed, 5)
        session.with_user(self.user_appraiser).action_load_dossiers()
        vote_first = session.vote_ids.filtered(lambda vote: vote.dossier_id == first)
        vote_second = session.vote_ids.filtered(lambda vote: vote.dossier_id == second)
        # the secretary types the counted ballots, the chair (a council member) confirms and closes
        vote_first.with_user(self.user_appraiser).write({"votes_for": 5, "votes_against": 1})
        vote_second.with_user(self.user_appraiser).write({"votes_for": 4, "votes_against": 2})
        session.with_user(self.user_council).action_close()
        self.assertEqual(session.tally_user_ids, self.user_appraiser)
        self.assertEqual((session.tally_confirmed_by_id, session.closed_by_id), (self.user_council, self.user_council))
        self.assertEqual(first.state, "approved")
        self.assertEqual(second.state, "rejected", "4 of 9 members is not more than half, though most of those present")
        self.assertTrue(session.message_ids.filtered(lambda message: "Hà Thị Bích" in (message.body or "")),
                        "the result is logged in the chatter")
        self.assertFalse(session.minutes, "the minutes stay the secretary's notes")
        self.assertIn(self.user_commune_a.partner_id, second.message_ids[:1].notified_partner_ids)
        # closed: votes frozen, minutes still editable
        with self.assertRaises(UserError):
            vote_second.with_user(self.user_appraiser).write({"votes_for": 9})
        session.with_user(self.user_council).minutes = "<p>Biên bản đã ký.</p>"

    def test_votes_typed_by_the_secretary_while_open_only(self):
        first, second = self._two_appraised()
        session = self._session(members=9, present=7)
        session.with_user(self.user_appraiser).action_load_dossiers()
        vote_first = session.vote_ids.filtered(lambda vote: vote.dossier_id == first)
        # unit staff, other internal users and the members themselves cannot type tallies
        for user in (self.user_commune_a, self.user_internal, self.user_council):
            with self.assertRaises(AccessError):
                vote_first.with_user(user).write({"votes_for": 7})
        # while the session is a draft, its secretary (an appraiser) types them
        vote_first.with_user(self.user_appraiser).write({"votes_for": 6, "votes_against": 1})
        session.vote_ids.filtered(lambda vote: vote.dossier_id == second).with_user(self.user_appraiser).write(
            {"votes_for": 3, "votes_against": 4})
        session.with_user(self.user_council).action_close()
        self.assertEqual((first.state, second.state), ("approved", "rejected"))
        # closed: nobody changes, adds or removes a vote, nor through the session
        third = self._eligible_individual(nominee_name="Lục Văn Cường")
        self._appraise(third)
        for user in (self.user_council, self.user_appraiser, self.user_manager):
            with self.assertRaises(UserError):
                vote_first.with_user(user).write({"votes_for": 9})
            with self.assertRaises(UserError):
                session.with_user(user).write({"vote_ids": [(1, vote_first.id, {"votes_for": 9})]})
            with self.assertRaises(UserError):
                self.env["thidua.council.vote"].with_user(user).create(
                    {"session_id": session.id, "dossier_id": third.id, "votes_for": 7})
            with self.assertRaises(UserError):
                vote_first.with_user(user).unlink()
        self.assertEqual((vote_first.votes_for, len(session.vote_ids)), (6, 2))

    def test_exactly_half_is_not_enough_and_settings_apply(self):
        session = self._session(members=10, present=7)
        self.assertEqual(session.attendance_needed, 7)
        self.assertEqual(session.votes_needed, 6)
        # a council using "at least 70 %" for emulation titles: its managers change the council, and
        # the draft session follows
        session.council_id.with_user(self.user_manager).write({"approval_ratio": 0.7, "approval_inclusive": True})
        self.assertEqual(session.votes_needed, 7)
        # the settings page gives a new council its default rules
        self.env["ir.config_parameter"].set_param("chilang_thidua.council_approval_ratio", "0.7")
        self.assertEqual(self._session().approval_ratio, 0.7)

    def test_votes_cannot_exceed_those_present(self):
        first, _second = self._two_appraised()
        session = self._session(members=9, present=6)
        session.with_user(self.user_appraiser).action_load_dossiers()
        with self.assertRaises(ValidationError):
            session.vote_ids[:1].with_user(self.user_appraiser).write({"votes_for": 5, "votes_against": 2})
        with self.assertRaises(ValidationError):
            session.vote_ids[:1].with_user(self.user_appraiser).write({"votes_for": 5, "votes_abstain": 2})

    def test_minutes_are_numbered_when_closed(self):
        """Each closed session draws the next minutes number of its issuing body for its year
        (05/BB-HĐTĐKT); a draft has none, and no client writes one."""
        first, second = self._two_appraised()
        third = self._eligible_individual(nominee_name="Lục Văn Cường")
        self._appraise(third)
        sessions = self._session() | self._session() | self._session(date=date(2025, 1, 10))
        for session, dossier in zip(sessions, first | second | third, strict=True):
            session.with_user(self.user_appraiser).write(
                {"vote_ids": [Command.create({"dossier_id": dossier.id, "votes_for": 7})]})
            self.assertFalse(session.number, "a draft has no number")
            session.with_user(self.user_council).action_close()
        self.assertEqual(sessions.mapped("number"), ["01/BB-HĐTĐKT", "02/BB-HĐTĐKT", "01/BB-HĐTĐKT"],
                         "one number per session, restarting with the year")
        self.assertEqual(sessions.mapped("number_year"), [2024, 2024, 2025])
        self.assertEqual(sessions.number_authority_id, self.unit_district)
        # nobody but the workflow writes a number: not on create, not on a draft, not on a closed session
        draft = self._session()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_appraiser).write({"number": "07/BB-HĐTĐKT"})
        with self.assertRaises(AccessError):
            self._session(number="08/BB-HĐTĐKT")
        with self.assertRaises(UserError):
            sessions[0].with_user(self.user_manager).write({"number": "09/BB-HĐTĐKT"})
        # and the database keeps a number once per issuing body and year
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            sessions[1].sudo().write({"number": sessions[0].number})
            sessions.flush_recordset()

    def test_unit_staff_have_no_access_to_sessions(self):
        session = self._session()
        with self.assertRaises(AccessError):
            session.with_user(self.user_commune_a).read(["name"])
        with self.assertRaises(AccessError):
            self.env["thidua.council.session"].with_user(self.user_council).create({
                "campaign_id": self.campaign.id, "council_id": session.council_id.id,
            })


@tagged("post_install", "-at_install")
class TestCouncilRules(DossierCommon):
    """Each council its own rules: a provincial-style council needs 80 % of all members and lets
    absent members vote in writing (docs/law.md §4)."""

    def test_council_rules_and_written_votes(self):
        council = self._council(10, quorum_ratio=2 / 3, approval_ratio=0.8, approval_inclusive=True,
                                written_votes_count=True)
        members = council.member_ids
        for user in (self.user_council, self.user_appraiser):
            with self.assertRaises(AccessError):
                council.with_user(user).write({"approval_ratio": 0.1})
        first = self._eligible_individual(nominee_name="Người A")
        second = self._eligible_individual(nominee_name="Người B")
        self._appraise(first | second)
        session = self._session(council=council, present=7)
        self.assertEqual((session.member_count, session.attendee_count, session.votes_needed), (10, 7, 8))
        session.with_user(self.user_appraiser).action_load_dossiers()
        vote_a, vote_b = session.vote_ids.sorted(lambda vote: vote.nominee_name)
        # 7 present in favour and 1 absent in writing reach 80 %; 7 alone do not
        vote_a.with_user(self.user_appraiser).write({"votes_for": 7, "written_votes_for": 1})
        vote_b.with_user(self.user_appraiser).write({"votes_for": 7})
        with self.assertRaises(ValidationError):
            vote_b.with_user(self.user_appraiser).write({"written_votes_for": 4})  # only 3 are absent
        session.with_user(self.user_council).action_close()
        self.assertEqual((first.state, second.state), ("approved", "rejected"))
        # a council that does not count written votes; the closed session keeps the rules it was decided under
        council.with_user(self.user_manager).written_votes_count = False
        self.assertTrue(session.written_votes_count)
        third = self._eligible_individual(nominee_name="Người C")
        self._appraise(third)
        again = self._session(council=council, present=7)
        self.assertFalse(again.written_votes_count)
        self.assertEqual(again.member_ids, members)
        again.action_load_dossiers()
        again.vote_ids.with_user(self.user_appraiser).write({"votes_for": 7, "written_votes_for": 3})
        again.with_user(self.user_council).action_close()
        self.assertEqual(third.state, "rejected")

    def test_a_button_with_nothing_to_do_says_so(self):
        session = self._session()
        action = session.with_user(self.user_appraiser).action_load_dossiers()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Không có hồ sơ", action["params"]["message"])
        decision = self._decision(date(2024, 12, 5))
        action = decision.with_user(self.user_appraiser).action_load_dossiers()
        self.assertIn("Không có hồ sơ", action["params"]["message"])
