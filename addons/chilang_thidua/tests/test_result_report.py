from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestResultReport(DossierCommon):
    """End-of-campaign result reports: filled from the registration, submitted, reviewed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_village = cls.env["res.users"].create({
            "name": "Cán bộ thôn Bản Mới", "login": "t_village", "email": "village@example.com",
            "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)], "lang": "vi_VN",
        })
        cls.unit_village_a.officer_ids = cls.user_village

    def _report(self, user=None):
        return self.env["thidua.result.report"].with_user(user or self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        })

    def test_filed_by_the_unit_and_accepted_by_home_affairs(self):
        report = self._report()
        registration = self.env["thidua.registration"].search(
            [("campaign_id", "=", self.campaign.id), ("unit_id", "=", self.unit_village_a.id)]
        )
        self.assertEqual(report.registration_id, registration)
        self.assertEqual(report.line_ids.item_id, registration.item_ids, "one line per registered item")
        with self.assertRaises(UserError) as caught:
            report.action_submit()
        self.assertIn("kết quả", str(caught.exception))
        report.line_ids.write({"result": "Hoàn thành 100%, 12 hộ tham gia", "progress": 100, "is_completed": True})
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertTrue(report.sudo().activity_ids.filtered(lambda a: a.user_id.has_group(
            "chilang_thidua.group_appraiser")))
        # the unit cannot change it any more, nor accept it
        with self.assertRaises(UserError):
            report.line_ids.write({"result": "Sửa sau khi gửi"})
        with self.assertRaises(AccessError):
            report.action_accept()
        report.with_user(self.user_appraiser).action_accept()
        self.assertEqual(report.state, "accepted")
        self.assertEqual(self.campaign.unreported_unit_count, 0)

    def test_returned_then_corrected(self):
        report = self._report()
        report.line_ids.write({"result": "Đạt 80%"})
        report.action_submit()
        wizard = self.env["thidua.result.report.return.wizard"].with_user(self.user_appraiser).create(
            {"report_id": report.id, "reason": "Bổ sung minh chứng"}
        )
        wizard.action_confirm()
        self.assertEqual((report.state, report.review_note), ("returned", "Bổ sung minh chứng"))
        report.line_ids.write({"result": "Đạt 80%, có ảnh minh chứng"})
        report.action_submit()
        self.assertEqual(report.state, "submitted")

    def test_other_units_cannot_file_or_read(self):
        with self.assertRaises(AccessError):
            self._report(user=self.user_commune_b)
        report = self._report()
        self.assertFalse(self.env["thidua.result.report"].with_user(self.user_commune_b).search(
            [("id", "=", report.id)]))
        self.assertTrue(self.env["thidua.result.report"].with_user(self.user_council).search(
            [("id", "=", report.id)]))

    def test_home_affairs_sees_who_has_not_reported(self):
        self.assertEqual(self.campaign.unreported_unit_count, 1)
        rows = self.env["thidua.participation.statistics"].with_user(self.user_appraiser).search(
            [("campaign_id", "=", self.campaign.id), ("not_reported_count", "=", 1)])
        self.assertEqual(rows.unit_id, self.unit_village_a)
        action = self.campaign.with_user(self.user_appraiser).action_view_unreported_units()
        self.assertIn(("not_reported_count", "=", 1), action["domain"])

    def test_unit_without_registration_has_nothing_to_report(self):
        with self.assertRaises(ValidationError):
            self.env["thidua.result.report"].with_user(self.user_commune_b).create({
                "campaign_id": self.campaign.id, "unit_id": self.unit_commune_b.id,
            })
