from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo data is the seed plan: a newcomer logs in and finds it."""

    def test_seed_campaign(self):
        campaign = self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False)
        if not campaign:
            self.skipTest("database installed without demo data")
        self.assertEqual(str(campaign.date_start), "2024-01-01")
        self.assertEqual(str(campaign.date_end), "2024-10-31")
        self.assertEqual(str(campaign.registration_deadline), "2024-01-20")
        self.assertEqual(len(campaign.content_ids), 7)
        self.assertEqual(campaign.signer_name, "Vi Nông Trường")
        self.assertEqual(campaign.place_name, "Chi Lăng")
        self.assertIn(self.env.ref("chilang_thidua.award_form_giay_khen_huyen"), campaign.award_form_ids)

    def test_schools_are_reviewed_by_education_office(self):
        if not self.env.ref("chilang_thidua.unit_phong_gddt", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        education = self.env.ref("chilang_thidua.unit_phong_gddt")
        schools = self.env["thidua.unit"].search([("unit_type", "=", "school")])
        self.assertTrue(schools)
        self.assertEqual(schools.review_unit_id, education)

    def test_demo_users_each_role_in_vietnamese(self):
        if not self.env.ref("chilang_thidua.user_demo_appraiser", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        for xmlid, group in [
            ("user_demo_appraiser", "chilang_thidua.group_appraiser"),
            ("user_demo_council", "chilang_thidua.group_council"),
            ("user_demo_council_member_1", "chilang_thidua.group_council"),
            ("user_demo_manager", "chilang_thidua.group_manager"),
            ("user_demo_dong_mo", "chilang_thidua.group_user"),
            ("user_demo_portal_school", "base.group_portal"),
        ]:
            user = self.env.ref(f"chilang_thidua.{xmlid}")
            self.assertTrue(user.has_group(group), xmlid)
            self.assertEqual(user.lang, "vi_VN")

    def test_seed_campaign_reads_in_vietnamese(self):
        """A vi_VN user sees the campaign's state and menus in Vietnamese."""
        if not self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        env = self.env(context={"lang": "vi_VN"})
        states = dict(env["thidua.campaign"]._fields["state"]._description_selection(env))
        self.assertEqual(states["open"], "Đang diễn ra")
        menu = env.ref("chilang_thidua.menu_thidua_root")
        self.assertEqual(menu.name, "Thi đua – Khen thưởng")


@tagged("post_install", "-at_install")
class TestDemoToday(HttpCase):
    """Installed on any day, the demo gives every demo user their next step, dated from that day.

    Each user is looked at as themselves: what their record rules let them find, the to-do in
    their own activity list, and for the portal officers the page they land on.
    """

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.campaign_today_open", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        self.today = fields.Date.context_today(self.env.user.with_context(tz="Asia/Ho_Chi_Minh"))

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def _todo(self, login, model):
        """The user's own open to-dos on ``model``, read as the user."""
        user = self._user(login)
        activities = self.env["mail.activity"].with_user(user).search(
            [("user_id", "=", user.id), ("res_model", "=", model)])
        self.assertTrue(activities, f"{login} has no to-do on {model}")
        for activity in activities:
            self.assertGreaterEqual(activity.date_deadline, self.today, f"{login}: to-do already overdue")
            # the record the to-do points to opens for its user
            self.env[model].with_user(user).browse(activity.res_id).check_access("read")
        return activities

    def test_dates_follow_the_installation_day(self):
        open_campaign = self.env.ref("chilang_thidua.campaign_today_open")
        ended = self.env.ref("chilang_thidua.campaign_today_ended")
        self.assertTrue(open_campaign.is_registration_open)
        self.assertGreater(open_campaign.registration_deadline, self.today)
        self.assertEqual(open_campaign.state, "open")
        self.assertLess(ended.date_end, self.today)
        self.assertEqual(ended.state, "closed")
        # the current law: a commune's Giấy khen, bonus from the coefficient in force today
        decision = self.env.ref("chilang_thidua.decision_today")
        self.assertEqual(decision.date_decision, self.today)
        self.assertEqual(decision.issuing_unit_id, self.env.ref("chilang_thidua.unit_ubnd_xa_chi_lang"))
        self.assertEqual(decision.base_salary, self.env["thidua.base.salary"]._amount_at(decision.date_decision))
        self.assertGreaterEqual(decision.base_salary, 2_530_000)  # NĐ 161/2026, from 01/07/2026
        # the 2024 district campaign is still there, as history
        self.assertEqual(str(self.env.ref("chilang_thidua.campaign_60_nam").date_start), "2024-01-01")

    def test_school_officer_has_a_campaign_to_register_for(self):
        """thcs.dongmo (portal): the open campaign is offered with its Register button."""
        self.authenticate("thcs.dongmo", "thcs.dongmo")
        page = self.url_open("/my/thidua")
        self.assertEqual(page.status_code, 200)
        campaign = self.env.ref("chilang_thidua.campaign_today_open")
        self.assertIn(campaign.name, page.text)
        self.assertIn(f'name="campaign_id" value="{campaign.id}"', page.text)
        school = self.env.ref("chilang_thidua.unit_thcs_dong_mo")
        self.assertFalse(self.env["thidua.registration"].search(
            [("campaign_id", "=", campaign.id), ("unit_id", "=", school.id)]))

    def test_commune_officer_finds_the_returned_registration(self):
        """quanglang (portal): the registration came back, with the reason, to correct."""
        registration = self.env.ref("chilang_thidua.registration_today_xa_quang_lang")
        self.assertEqual(registration.state, "returned")
        self.authenticate("quanglang", "quanglang")
        page = self.url_open(f"/my/thidua/registration/{registration.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("bổ sung chỉ tiêu", page.text)

    def test_town_officer_has_a_todo_to_register(self):
        activity = self._todo("dongmo", "thidua.campaign")
        self.assertEqual(activity.res_id, self.env.ref("chilang_thidua.campaign_today_open").id)
        campaign = self.env["thidua.campaign"].with_user(self._user("dongmo")).browse(activity.res_id)
        self.assertTrue(campaign.is_registration_open)

    def test_education_office_has_a_registration_to_forward(self):
        user = self._user("gddt")
        registration = self.env.ref("chilang_thidua.registration_today_th_quang_lang")
        waiting = self.env["thidua.registration"].with_user(user).search([("state", "=", "submitted")])
        self.assertIn(registration, waiting)
        self.assertIn(registration.id, self._todo("gddt", "thidua.registration").mapped("res_id"))

    def test_education_office_forwards_over_rpc(self):
        """gddt is not among the campaign's units, the school is: gddt still reads the campaign and
        forwards, as a browser would ask it (the campaign's name is read with the registration)."""
        registration = self.env.ref("chilang_thidua.registration_today_th_quang_lang")
        self.authenticate("gddt", "gddt")
        read = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "thidua.registration", "method": "web_read", "args": [registration.ids],
            "kwargs": {"specification": {"campaign_id": {"fields": {"display_name": {}, "registration_deadline": {}}},
                                         "state": {}}},
        })
        self.assertEqual(read[0]["campaign_id"]["display_name"], registration.campaign_id.name)
        self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "thidua.registration", "method": "action_forward", "args": [registration.ids], "kwargs": {},
        })
        self.assertEqual(registration.state, "forwarded")

    def test_appraiser_has_a_dossier_to_appraise(self):
        dossier = self.env.ref("chilang_thidua.dossier_today_submitted")
        self.assertEqual(dossier.state, "submitted")
        self.assertIn(dossier.id, self._todo("noivu", "thidua.dossier").mapped("res_id"))

    def test_council_has_a_session_with_dossiers_to_vote_on(self):
        session = self.env.ref("chilang_thidua.council_session_today_next")
        self.assertEqual(session.state, "draft")
        self.assertEqual(session.date, self.today, "the council meets today")
        self.assertEqual(session.vote_mode, "electronic")
        self.assertEqual(
            set(session.vote_ids.dossier_id.mapped("nominee_name")), {"Lý Văn Thắng", "Khối phố Hòa Bình"})
        self.assertIn(session.id, self._todo("hoidong", "thidua.council.session").mapped("res_id"))
        self.assertIn(session.id, self._todo("chutich", "thidua.council.session").mapped("res_id"))
        # the council is the Chairman's decision's: chutich chairs, noivu is the secretary, hoidong a member
        council = session.council_id
        self.assertTrue(council.decision_number and council.decision_date)
        self.assertEqual(council.chair_id, self._user("chutich").partner_id)
        self.assertEqual(council.secretary_id, self._user("noivu").partner_id)
        self.assertIn(self._user("hoidong").partner_id, council.member_ids)
        self.assertEqual(len(council.member_ids.user_ids), len(council.member_ids), "each member has a login")
        # the secretary recorded attendance; hoidong is present and has a ballot to cast on each dossier
        hoidong = self._user("hoidong")
        self.assertIn(hoidong.partner_id, session.attendee_ids)
        ballots = self.env["thidua.council.vote"].with_user(hoidong).search(
            [("session_id", "=", session.id)])
        self.assertEqual(ballots.mapped("can_vote"), [True, True])
        # three members have voted: the roll says who, nothing says how before the chair closes
        self.assertEqual(len(session.voter_ids.partner_id), 3)
        self.assertEqual(session.vote_ids.mapped("votes_for"), [0, 0])
        # last week's session approved two dossiers through the council's own action
        approved = self.env.ref("chilang_thidua.dossier_today_approved_1") | self.env.ref(
            "chilang_thidua.dossier_today_approved_2")
        self.assertEqual(set(approved.mapped("state")), {"approved"})
        closed = self.env.ref("chilang_thidua.council_session_today_closed")
        self.assertEqual(closed.tally_user_ids, self._user("noivu"))
        self.assertEqual(closed.tally_confirmed_by_id, self._user("chutich"))
        # and told the units so in Vietnamese, in the chair's name
        notes = approved.message_ids.filtered(lambda m: m.author_id == self._user("chutich").partner_id)
        self.assertTrue(notes)
        self.assertNotIn("Approved by the Council", " ".join(notes.mapped("body")))

    def test_chairman_has_a_decision_to_sign(self):
        decision = self.env.ref("chilang_thidua.decision_today")
        self.assertEqual(decision.state, "draft")
        self.assertEqual(set(decision.line_ids.dossier_id.mapped("nominee_name")),
                         {"Hà Thị Ngọc Ánh", "Hộ ông Vi Văn Chiến"})
        self.assertTrue(decision.amount_total)
        # the web client knows the đồng: amounts show as 1.900.000 ₫, not 1.900.000,00
        currencies = self.env["ir.http"].with_user(self._user("lanhdao")).get_currencies()
        self.assertEqual(currencies[decision.currency_id.id]["digits"][1], 0)
        self.assertIn(decision.id, self._todo("lanhdao", "thidua.decision").mapped("res_id"))
