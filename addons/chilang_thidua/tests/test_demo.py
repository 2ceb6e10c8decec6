from odoo.tests import TransactionCase, tagged


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
