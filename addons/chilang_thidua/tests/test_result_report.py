from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

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
        action = report.with_user(self.user_appraiser).action_return()
        wizard = self.env["thidua.return.wizard"].with_user(self.user_appraiser).browse(action["res_id"])
        wizard.reason = "Bổ sung minh chứng"
        wizard.action_confirm()
        self.assertEqual((report.state, report.review_note), ("returned", "Bổ sung minh chứng"))
        report.line_ids.write({"result": "Đạt 80%, có ảnh minh chứng"})
        report.action_submit()
        self.assertEqual(report.state, "submitted")

    def test_workflow_fields_are_not_written_directly(self):
        report = self._report()
        report.line_ids.write({"result": "Đạt 80%"})
        # a late report cannot be back-dated, nor a return reason forged, by the unit or an appraiser
        for user in (self.user_village, self.user_appraiser):
            for vals in ({"date_submitted": "2024-11-01"}, {"review_note": "Đã xem"}):
                with self.assertRaises(AccessError) as refusal:
                    report.with_user(user).write(vals)
                self.assertIn("chỉ do quy trình", str(refusal.exception))
        with self.assertRaises(AccessError):
            self.env["thidua.result.report"].with_user(self.user_commune_a).create({
                "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id, "date_submitted": "2024-11-01",
            })
        self.assertFalse(report.date_submitted)
        report.action_submit()
        self.assertEqual(report.date_submitted, fields.Date.context_today(report))
        with self.assertRaises(AccessError):
            report.write({"date_submitted": "2024-11-01"})

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


@tagged("post_install", "-at_install")
class TestResultReportPortal(HttpCase, DossierCommon):
    """The village's portal officer files the result report on /my/thidua/results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_village = cls.env["res.users"].create({
            "name": "Cán bộ thôn Bản Mới", "login": "t_village_portal", "password": "t_village_portal",
            "email": "village.portal@example.com", "lang": "vi_VN",
            "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
        })
        cls.unit_village_a.officer_ids = cls.user_village

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def test_portal_officer_files_and_submits(self):
        registration = self.env["thidua.registration"].search(
            [("campaign_id", "=", self.campaign.id), ("unit_id", "=", self.unit_village_a.id)]
        )
        self.authenticate("t_village_portal", "t_village_portal")
        response = self.url_open("/my/thidua/results")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Báo cáo kết quả", response.text)
        response = self._post("/my/thidua/result/new", {"registration_id": registration.id})
        report = self.env["thidua.result.report"].search([("unit_id", "=", self.unit_village_a.id)])
        self.assertTrue(report)
        self.assertIn(registration.item_ids.name, response.text)
        line = report.line_ids
        self._post(f"/my/thidua/result/{report.id}/save", {
            f"result_{line.id}": "Hoàn thành, 30 hộ tham gia", f"progress_{line.id}": "100",
            f"completed_{line.id}": "on", "summary": "Đơn vị hoàn thành tốt phong trào",
        }, files={"attachments": ("anh_minh_chung.pdf", b"%PDF-1.4 test", "application/pdf")})
        self.assertEqual((line.result, line.progress, line.is_completed), ("Hoàn thành, 30 hộ tham gia", 100, True))
        self.assertEqual(report.attachment_ids.name, "anh_minh_chung.pdf")
        response = self._post(f"/my/thidua/result/{report.id}/submit")
        self.assertEqual(report.state, "submitted")
        self.assertIn("Đã nộp", response.text)

    def test_wrong_type_upload_is_refused_and_nothing_is_saved(self):
        """The evidence upload limits (type, size) apply to result-report files too."""
        report = self.env["thidua.result.report"].with_user(self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        })
        self.authenticate("t_village_portal", "t_village_portal")
        self._post(f"/my/thidua/result/{report.id}/save", {"summary": "Tóm tắt mới"},
                   files={"attachments": ("virus.exe", b"MZ\x90\x00", "application/octet-stream")})
        self.assertFalse(report.attachment_ids)
        self.assertNotEqual(report.summary, "Tóm tắt mới", "the whole save is rolled back")

    def test_other_unit_gets_not_found(self):
        report = self.env["thidua.result.report"].with_user(self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        })
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open(f"/my/thidua/result/{report.id}")
        self.assertIn(response.status_code, (403, 404))
        response = self._post(f"/my/thidua/result/{report.id}/submit")
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(report.state, "draft")
