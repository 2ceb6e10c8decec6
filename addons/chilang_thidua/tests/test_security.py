from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestFoundationSecurity(ThiduaCommon):
    """Record rules with real users of each group."""

    def test_commune_officer_sees_own_units_only(self):
        Unit = self.env["thidua.unit"].with_user(self.user_commune_a)
        visible = Unit.search([])
        self.assertIn(self.unit_commune_a, visible)
        self.assertIn(self.unit_village_a, visible, "sub-units are visible")
        self.assertIn(self.unit_district, visible, "ancestors are visible so the parent can be named")
        self.assertNotIn(self.unit_commune_b, visible)
        self.assertNotIn(self.unit_school, visible)
        with self.assertRaises(AccessError):
            self.unit_commune_b.with_user(self.user_commune_a).read(["name"])

    def test_unit_staff_cannot_edit_units(self):
        with self.assertRaises(AccessError):
            self.unit_commune_a.with_user(self.user_commune_a).write({"name": "Đổi tên"})

    def test_appraiser_and_council_see_all(self):
        all_units = self.env["thidua.unit"].search([])
        for user in (self.user_appraiser, self.user_council, self.user_manager):
            self.assertEqual(self.env["thidua.unit"].with_user(user).search([]), all_units, user.name)

    def test_portal_officer_sees_own_unit(self):
        Unit = self.env["thidua.unit"].with_user(self.user_portal_school)
        self.assertIn(self.unit_school, Unit.search([]))
        self.assertNotIn(self.unit_commune_a, Unit.search([]))
        with self.assertRaises(AccessError):
            Unit.browse(self.unit_commune_a.id).read(["name"])

    def test_campaign_visibility_follows_participation(self):
        self.campaign.unit_ids = self.unit_commune_a
        self.assertTrue(self.campaign.with_user(self.user_commune_a).read(["name"]))
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_commune_b).read(["name"])
        # a campaign for every unit is visible to all
        self.campaign.unit_ids = False
        self.assertTrue(self.campaign.with_user(self.user_commune_b).read(["name"]))

    def test_plain_internal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["thidua.campaign"].with_user(self.user_internal).search([])
        with self.assertRaises(AccessError):
            self.env["thidua.unit"].with_user(self.user_internal).search([])

    def test_only_manager_configures_award_forms(self):
        with self.assertRaises(AccessError):
            self.award_form.coefficient_ids[:1].with_user(self.user_appraiser).write({"bonus_coef_individual": 5})
        self.award_form.coefficient_ids[:1].with_user(self.user_manager).write({"bonus_coef_individual": 0.3})

    def test_appraiser_creates_campaign_unit_staff_cannot(self):
        vals = {
            "name": "X", "date_start": "2025-01-01", "date_end": "2025-12-31", "registration_deadline": "2025-02-01",
        }
        self.env["thidua.campaign"].with_user(self.user_appraiser).create(vals)
        with self.assertRaises(AccessError):
            self.env["thidua.campaign"].with_user(self.user_commune_a).create(vals)
