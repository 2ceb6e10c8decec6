from odoo import http
from odoo.tests import HttpCase, tagged

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestDossierPortal(DossierCommon, HttpCase):
    """A school's portal officer proposes, completes and submits a dossier on /my/thidua/dossiers."""

    def test_portal_officer_creates_and_submits(self):
        other = self._dossier(nominee_name="Hồ sơ của xã An Bình")
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open("/my/thidua/dossiers/new", data={
            "csrf_token": http.Request.csrf_token(self),
            "campaign_id": self.campaign.id,
            "unit_id": self.unit_school.id,
            "subject_type": "public_employee",
            "nominee_name": "Lăng Thị Hoa",
            "job_title": "Giáo viên Trường Tiểu học Thử",
            "achievement": "Đã có thành tích xuất sắc trong đổi mới phương pháp dạy học",
        }, files={"attachments": ("bao_cao_thanh_tich.pdf", b"%PDF-1.4 test", "application/pdf")})
        self.assertEqual(response.status_code, 200)
        dossier = self.env["thidua.dossier"].search([("nominee_name", "=", "Lăng Thị Hoa")])
        self.assertEqual(dossier.unit_id, self.unit_school)
        self.assertEqual(dossier.attachment_ids.name, "bao_cao_thanh_tich.pdf")
        self.assertIn(f"/my/thidua/dossiers/{dossier.id}", response.url)

        listing = self.url_open("/my/thidua/dossiers").text
        self.assertIn("Lăng Thị Hoa", listing)
        self.assertNotIn("Hồ sơ của xã An Bình", listing)
        # another unit's dossier is not shown
        response = self.url_open(f"/my/thidua/dossiers/{other.id}")
        self.assertNotIn("Hồ sơ của xã An Bình", response.text)

        # tick the judgement criteria and submit
        data = {"csrf_token": http.Request.csrf_token(self), "submit": "1", "subject_type": "public_employee",
                "nominee_name": "Lăng Thị Hoa", "achievement": dossier.achievement}
        data.update({f"criterion_{line.id}": "on" for line in dossier.criterion_ids if line.kind == "manual"})
        self.url_open(f"/my/thidua/dossiers/{dossier.id}", data=data)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.state, "submitted")
        self.assertTrue(dossier.eligible)
        # submitted: the page shows it read-only and a change is refused
        page = self.url_open(f"/my/thidua/dossiers/{dossier.id}", data={
            "csrf_token": http.Request.csrf_token(self), "nominee_name": "Tên khác",
        })
        self.assertIn("alert-danger", page.text)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.nominee_name, "Lăng Thị Hoa")

    def test_dossier_list_search(self):
        """An officer with many dossiers finds one by the nominee's name or the reference."""
        for name in ("Cô giáo Lò Thị Mai", "Thầy giáo Hà Văn Tùng"):
            self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id, nominee_name=name)
        self.authenticate("t_portal_school", "t_portal_school")
        page = self.url_open("/my/thidua/dossiers?search=Lò  Thị&search_in=all").text
        self.assertIn("Cô giáo Lò Thị Mai", page)
        self.assertNotIn("Hà Văn Tùng", page)
        everything = self.url_open("/my/thidua/dossiers").text
        self.assertIn("Hà Văn Tùng", everything)
