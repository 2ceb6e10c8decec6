"""A dossier's editable Word documents (docs/law.md §5, §6): the achievement report of its kind and
the Tờ trình, downloaded by whoever may read the dossier and opened back with python-docx."""

import io

from docx import Document
from docx.shared import Pt

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_dossier import DossierCommon

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def text_of(document):
    """Every paragraph's text, the tables' cells included, in order."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [paragraph.text for paragraph in cell.paragraphs]
    return lines


@tagged("post_install", "-at_install")
class TestDossierDocx(HttpCase, DossierCommon):

    def _download(self, dossier, kind, login):
        self.authenticate(login, login)
        return self.url_open(f"/thidua/dossier/{dossier.id}/docx/{kind}")

    def _open(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], DOCX)
        return Document(io.BytesIO(response.content))

    def _check_layout(self, document):
        section = document.sections[0]
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        self.assertEqual((round(section.left_margin.mm), round(section.right_margin.mm)), (30, 15))
        normal = document.styles["Normal"].font
        self.assertEqual((normal.name, normal.size), ("Times New Roman", Pt(14)))
        sizes = {run.font.size for paragraph in document.paragraphs for run in paragraph.runs if run.font.size}
        self.assertTrue(sizes <= {Pt(10), Pt(12), Pt(13), Pt(14)}, sizes)

    def test_individual_achievement_report(self):
        dossier = self._eligible_individual(nominee_name="Nguyễn Văn An",
                                            achievement="Hoàn thành xuất sắc nhiệm vụ cải cách hành chính")
        document = self._open(self._download(dossier, "achievement", "t_commune_a"))
        self._check_layout(document)
        lines = text_of(document)
        for expected in ("BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND HUYỆN",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                         "NGƯỜI BÁO CÁO THÀNH TÍCH"):
            self.assertIn(expected, lines)
        self.assertIn("- Họ và tên: Nguyễn Văn An", lines)
        self.assertIn("- Chức vụ, đơn vị công tác: Công chức Văn phòng - Thống kê xã An Bình", lines)
        self.assertIn("2. Thành tích đạt được: Hoàn thành xuất sắc nhiệm vụ cải cách hành chính", lines)
        self.assertIn((self.unit_commune_a.name or "").upper(), lines)

    def test_collective_achievement_report_lists_its_registered_items(self):
        # the village's accepted registration (fixture), its item 80 % done
        item = self.env["thidua.registration.item"].search([
            ("registration_id.unit_id", "=", self.unit_village_a.id),
            ("registration_id.campaign_id", "=", self.campaign.id)])
        self.env.cr.execute("UPDATE thidua_registration_item SET progress = 80 WHERE id = %s", [item.id])
        item.invalidate_recordset()
        dossier = self._eligible_collective(nominee_unit_id=self.unit_village_a.id)
        lines = text_of(self._open(self._download(dossier, "achievement", "t_commune_a")))
        self.assertIn("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", lines)
        self.assertIn("Tên tập thể đề nghị khen thưởng: Thôn Bản Mới", lines)
        self.assertIn("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN", lines)
        self.assertIn("- Mô hình thôn sáng - xanh - sạch - đẹp (80%)", lines)
        self.assertNotIn("I. SƠ LƯỢC LÝ LỊCH", lines)

    def test_proposal_letter(self):
        dossier = self._eligible_individual(nominee_name="Nguyễn Văn An")
        document = self._open(self._download(dossier, "proposal", "t_appraiser"))
        self._check_layout(document)
        lines = text_of(document)
        self.assertIn("TỜ TRÌNH", lines)
        self.assertIn("Về việc đề nghị tặng Giấy khen của Chủ tịch UBND huyện", lines)
        self.assertTrue(any(line.startswith("Kính gửi: Chủ tịch Ủy ban nhân dân huyện") for line in lines), lines)
        self.assertIn("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", lines)
        self.assertIn("Nguyễn Văn An", lines)  # the list's row
        self.assertTrue(any(line.startswith("Số: ") and "/TTr-" in line for line in lines), lines)

    def test_only_who_reads_the_dossier_downloads_it(self):
        dossier = self._eligible_individual()
        self.unit_commune_b.officer_ids = [Command.link(self.user_commune_b.id)]
        response = self._download(dossier, "achievement", "t_commune_b")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self._download(dossier, "nothing", "t_commune_a").status_code, 404)
