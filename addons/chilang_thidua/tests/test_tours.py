from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDayTours(HttpCase):
    """The README's "A day with the demo", played in a real browser (headless Chromium), role by role
    in its order, on the fresh demo: nothing is prepared beyond it. Every tour logs in as its demo
    user (password = login) and starts where that user would: the portal home, or the to-do of the
    activity menu. Each test runs in its own rolled-back transaction; the class below plays the same
    day on a phone.
    """

    browser_size = "1366x900"

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.campaign_today_open", raise_if_not_found=False):
            self.skipTest("the tours play on the demo data")

    def _ref(self, xmlid):
        return self.env.ref(f"chilang_thidua.{xmlid}")

    def _registration(self, unit_xmlid):
        return self.env["thidua.registration"].search([
            ("campaign_id", "=", self._ref("campaign_today_open").id), ("unit_id", "=", self._ref(unit_xmlid).id),
        ])

    def test_1_school_registers_on_the_portal(self):
        self.start_tour("/my/thidua", "chilang_thidua_day_1_school", login="thcs.dongmo")
        registration = self._registration("unit_thcs_dong_mo")
        self.assertEqual(registration.state, "submitted")
        self.assertIn("Thư viện xanh thân thiện", registration.item_ids.name)

    def test_2_commune_completes_its_returned_registration(self):
        self.start_tour("/my/thidua", "chilang_thidua_day_2_commune", login="quanglang")
        registration = self._ref("registration_today_xa_quang_lang")
        self.assertEqual(registration.state, "submitted")
        self.assertIn("320 hộ", registration.item_ids.target)

    def test_3_town_registers_in_the_backend(self):
        self.start_tour("/odoo", "chilang_thidua_day_3_town", login="dongmo")
        self.assertEqual(self._registration("unit_tt_dong_mo").state, "submitted")
        self.assertFalse(self.env.ref("chilang_thidua.activity_today_dongmo", raise_if_not_found=False),
                         "the to-do is done")

    def test_4_education_office_forwards(self):
        self.start_tour("/odoo", "chilang_thidua_day_4_education", login="gddt")
        self.assertEqual(self._ref("registration_today_th_quang_lang").state, "forwarded")

    def test_5_appraiser_appraises(self):
        self.start_tour("/odoo", "chilang_thidua_day_5_appraiser", login="noivu")
        self.assertEqual(self._ref("dossier_today_submitted").state, "appraised")

    def test_6_council_votes_and_the_chair_closes(self):
        """The demo's council day: the secretary (noivu) has recorded attendance, members vote by secret
        ballot, hoidong from My Ballots (the phone's card list), then the chair (chutich) closes."""
        session = self._ref("council_session_today_next")
        first, second = self._ref("dossier_today_appraised_1"), self._ref("dossier_today_appraised_2")
        chair = self._ref("user_demo_council_member_1")
        for vote in session.vote_ids:
            vote.with_user(chair).action_cast_ballot("for")
        self.start_tour("/odoo", "chilang_thidua_council_session", login="hoidong")
        self.assertEqual(session.voter_ids.filtered(lambda line: line.dossier_id == second).partner_id,
                         session.attendee_ids.filtered(lambda partner: partner != self._ref(
                             "council_member_demo_5")))
        self.start_tour("/odoo", "chilang_thidua_council_close", login="chutich")
        self.assertEqual(session.state, "closed")
        self.assertEqual(session.closed_by_id, chair)
        self.assertEqual((first.state, second.state), ("approved", "approved"))
        self.assertEqual(second.vote_ids.filtered(lambda vote: vote.session_id == session).votes_for, 4)

    def test_7_chairman_signs(self):
        self.start_tour("/odoo", "chilang_thidua_day_7_manager", login="lanhdao")
        decision = self._ref("decision_today")
        self.assertEqual(decision.state, "signed")
        self.assertEqual(self._ref("dossier_today_approved_1").state, "awarded")


@tagged("post_install", "-at_install")
class TestDayToursPhone(TestDayTours):
    """The same day on a phone (390×844, touch)."""

    browser_size = "390x844"
    touch_enabled = True
    # the day's tests are the desktop's
    allow_inherited_tests_method = True

    def test_6_council_votes_and_the_chair_closes(self):
        """On the phone the member casts the ballot from My Ballots' cards; the chair closes at the desk
        (the desktop test)."""
        session = self._ref("council_session_today_next")
        self.start_tour("/odoo/action-chilang_thidua.thidua_council_ballot_action",
                        "chilang_thidua_council_ballot_phone", login="hoidong")
        self.assertIn(self._ref("user_demo_council").partner_id, session.voter_ids.partner_id)
        self.assertEqual(session.state, "draft")
