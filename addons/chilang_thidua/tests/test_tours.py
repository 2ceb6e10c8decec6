from datetime import date, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """Each role's day, played in a real browser (headless Chromium) against the demo data.

    Every tour logs in as its demo user (password = login) and finds its work in Vietnamese.
    What a tour needs beyond the demo is prepared here, as the administrator, so the tours do not
    depend on each other's order (each test runs in its own rolled-back transaction).
    """

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False):
            self.skipTest("the tours play on the demo data")

    def _ref(self, xmlid):
        return self.env.ref(f"chilang_thidua.{xmlid}")

    def _campaign(self, name, close=False):
        """A campaign of the district opened today (and ended, for dossiers, when ``close``)."""
        today = date.today()
        campaign = self.env["thidua.campaign"].create({
            "name": name,
            "issuing_unit_id": self._ref("unit_ubnd_huyen").id,
            "date_start": today - timedelta(days=30),
            "date_end": today + timedelta(days=300),
            "registration_deadline": today + timedelta(days=10),
            "signer_name": "Vi Nông Trường",
            "award_form_ids": [Command.set(self._ref("award_form_giay_khen_huyen").ids)],
            "content_ids": [Command.create({"name": "Đổi mới phương pháp dạy và học", "sequence": 1})],
        })
        campaign.action_open()
        if close:
            campaign.action_close()
        return campaign

    def test_appraiser_opens_campaign(self):
        """Phòng Nội vụ: open the campaign, see the late units, accept a late registration."""
        self.start_tour("/odoo", "chilang_thidua_appraiser_campaign", login="noivu")
        self.assertEqual(self._ref("registration_tt_dong_mo").state, "accepted")

    def test_school_officer_on_portal(self):
        """A school's officer registers on the portal and submits; then proposes a dossier with a file."""
        self._campaign("Phong trào thi đua Dạy tốt - Học tốt năm học 2026")
        self._campaign("Phong trào thi đua Chuyển đổi số năm 2025", close=True)
        self.start_tour("/my/thidua", "chilang_thidua_school_portal", login="thcs.dongmo")
        registration = self.env["thidua.registration"].search([
            ("unit_id", "=", self._ref("unit_thcs_dong_mo").id),
            ("campaign_id.name", "=", "Phong trào thi đua Dạy tốt - Học tốt năm học 2026"),
        ])
        self.assertEqual(registration.state, "submitted")
        self.assertEqual(registration.item_ids.name, "Câu lạc bộ Toán tuổi thơ")
        dossier = self.env["thidua.dossier"].search([("nominee_name", "=", "Hoàng Thị Mai")])
        self.assertEqual(dossier.state, "submitted")
        self.assertEqual(dossier.attachment_ids.mapped("name"), ["bao_cao_thanh_tich.pdf"])

    def test_education_office_forwards(self):
        """Phòng GD&ĐT finds a school's submitted registration and forwards it to Phòng Nội vụ."""
        campaign = self._campaign("Phong trào thi đua Dạy tốt - Học tốt năm học 2026")
        registration = self.env["thidua.registration"].create({
            "campaign_id": campaign.id,
            "unit_id": self._ref("unit_thcs_dong_mo").id,
            "item_ids": [Command.create({"name": "Câu lạc bộ Toán tuổi thơ", "item_type": "model",
                                         "content_id": campaign.content_ids.id})],
        })
        registration.action_submit()
        self.start_tour("/odoo", "chilang_thidua_education_forward", login="gddt")
        self.assertEqual(registration.state, "forwarded")

    def test_council_records_votes(self):
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

    def test_manager_signs_decision(self):
        """The Chairman's office builds the decision from the approved dossiers, signs it, prints the package."""
        self._ref("decision_demo_60_nam").unlink()
        self.start_tour("/odoo", "chilang_thidua_manager_decision", login="lanhdao")
        decision = self.env["thidua.decision"].search([("campaign_id", "=", self._ref("campaign_60_nam").id)])
        self.assertEqual(decision.state, "signed")
        self.assertEqual(self._ref("dossier_demo_teacher").state, "awarded")
