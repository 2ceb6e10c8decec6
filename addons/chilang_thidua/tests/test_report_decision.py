import re
import shutil
import subprocess
import tempfile

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .report_common import ThiduaReportCommon


@tagged("post_install", "-at_install")
class TestDecisionReport(ThiduaReportCommon):
    """The signed decision and its annex, as the district prints them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers = cls._make_dossiers(collectives=1, individuals=2)
        cls.decision = cls._make_decision(cls.dossiers)

    def test_signed_decision_pdf(self):
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        pdf = self.render_pdf("chilang_thidua.action_report_decision", self.decision, user=self.user_manager)
        self.assertEqual(self.pdf_pages(pdf), 2, "the decision, then its annex on a page of its own")
        text = self.pdf_text(pdf)
        for expected in (
            "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 01/QĐ-UBND",
            "Thử Nghiệm, ngày 05 tháng 12 năm 2024",
            "QUYẾT ĐỊNH",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CHI LĂNG",  # the award form's grantor (data)
            "QUYẾT ĐỊNH:",
            "Điều 1.", "Điều 2.", "Điều 3.",
            "cho 01 tập thể và 02 cá nhân",
            "Mỗi tập thể được thưởng 1.410.000 đồng",
            "Mỗi cá nhân được thưởng 710.000 đồng",
            "Nơi nhận:",
            "CHỦ TỊCH",
            "Nguyễn Văn Chủ",
            # the annex
            "DANH SÁCH",
            "Kèm theo Quyết định số 01/QĐ-UBND ngày 05/12/2024",
            "Trường Tiểu học Hữu Lũng 1",
            "Nguyễn Thị Thu Hường 1",
            "Nguyễn Thị Thu Hường 2",
            "Tổng cộng 2.830.000",
            "Tổng số tiền thưởng: 2.830.000 đồng",
            "Bằng chữ: Hai triệu tám trăm ba mươi nghìn đồng",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("DỰ THẢO", text)
        self.assertFontsEmbedded(pdf)

    def test_draft_decision_is_marked_and_unnumbered(self):
        draft = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Dự "), sign=False)
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", draft))
        self.assertIn("DỰ THẢO", text)
        self.assertIn("/QĐ-UBND", text)
        self.assertNotIn("01/QĐ-UBND", text)
        self.assertIn("Thử Nghiệm, ngày tháng năm", text)
        self.assertIn("Tổng số tiền thưởng: 710.000 đồng", text)

    def test_package_is_decision_then_certificates(self):
        pdf = self.render_pdf("chilang_thidua.action_report_decision_package", self.decision, user=self.user_manager)
        self.assertEqual(self.pdf_pages(pdf), 2 + 3)
        info = self._poppler("pdfinfo", pdf, "-f", "1", "-l", "5")
        widths = [line.split("size:")[1].split()[0] for line in info.splitlines()
                  if re.match(r"^Page\s+\d+ size:", line)]
        # A4 portrait (595 pt wide) for the decision and annex, landscape (842 pt) for the certificates
        self.assertEqual([width.startswith("595") for width in widths], [True, True, False, False, False])
        text = self.pdf_text(pdf)
        self.assertLess(text.index("QUYẾT ĐỊNH"), text.index("GIẤY KHEN"))
        self.assertEqual(text.count("GIẤY KHEN"), 3)
        action = self.decision.with_user(self.user_manager).action_print_package()
        self.assertEqual(action["report_name"], "chilang_thidua.report_decision_package")


@tagged("post_install", "-at_install")
class TestCertificateReport(ThiduaReportCommon):
    """Giấy khen: one landscape page per awardee; only awarded dossiers print as final."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers = cls._make_dossiers(collectives=1, individuals=2)
        cls.decision = cls._make_decision(cls.dossiers)

    def test_awarded_certificates(self):
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", self.dossiers, user=self.user_appraiser)
        self.assertEqual(self.pdf_pages(pdf), 3)
        self.assertIn("842 x 595", self._poppler("pdfinfo", pdf).split("Page size:")[1].split("\n")[0])
        pages = self._poppler("pdftotext", pdf, "-enc", "UTF-8").split("\f")
        for raw_page, dossier in zip(pages, self.dossiers, strict=False):
            page = " ".join(raw_page.split())
            self.assertIn("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CHI LĂNG", page)
            self.assertIn("TẶNG GIẤY KHEN", page)
            self.assertIn(dossier.nominee_name, page)
            self.assertIn("Đã có thành tích xuất sắc trong phong trào thi đua năm 2024", page)
            self.assertIn("Quyết định số 01/QĐ-UBND ngày 05/12/2024", page)
            self.assertIn("Thử Nghiệm, ngày 05 tháng 12 năm 2024", page)
            # the printed address may wrap at the end of its cell
            self.assertIn(f"/thidua/verify/{dossier.verify_token}", page.replace(" ", ""))
            self.assertNotIn("DỰ THẢO", page)
        self.assertIn("Chuyên viên Phòng Nội vụ", pages[1])
        self.assertFontsEmbedded(pdf)

    def test_certificate_qr_code_scans_to_the_verification_page(self):
        """The printed QR code decodes (zbarimg, as a phone would) to the certificate's own check page."""
        if not shutil.which("zbarimg"):
            self.skipTest("zbarimg (Debian: zbar-tools) is not installed")
        dossier = self.dossiers[:1]
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", dossier)
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/certificate.pdf"
            with open(path, "wb") as handle:
                handle.write(pdf)
            subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", path, f"{folder}/page"], check=True)
            scanned = subprocess.run(
                ["zbarimg", "-q", "--raw", f"{folder}/page.png"], capture_output=True, text=True, check=False
            ).stdout.split()
        self.assertEqual(len(scanned), 1, "one QR code per certificate")
        self.assertTrue(scanned[0].endswith(f"/thidua/verify/{dossier.verify_token}"), scanned[0])

    def test_not_awarded_prints_as_draft(self):
        pending = self._make_dossiers(collectives=0, individuals=1, prefix="Chờ ")
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_certificate", pending))
        self.assertIn("DỰ THẢO", text)
        self.assertIn("Chờ Nguyễn Thị Thu Hường 1", text)
        self.assertNotIn("/thidua/verify/", text)
        self.assertNotIn("01/QĐ-UBND", text)

    def test_batch_one_pdf_one_page_each(self):
        batch = self._make_dossiers(collectives=4, individuals=8, prefix="Lô ")
        self._make_decision(batch)
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", batch)
        self.assertEqual(self.pdf_pages(pdf), 12)

    def test_unit_user_cannot_print_another_units_certificate(self):
        with self.assertRaises(AccessError):
            self.render_pdf("chilang_thidua.action_report_certificate", self.dossiers[1:], user=self.user_commune_b)


@tagged("post_install", "-at_install")
class TestCouncilAndProposalReports(ThiduaReportCommon):
    """Council minutes (biên bản) and the proposal (Tờ trình) to the higher level."""

    def test_council_minutes(self):
        dossiers = self._make_dossiers(collectives=1, individuals=1)
        dossiers.sudo()._set_state("appraised")
        Partner = self.env["res.partner"]
        members = Partner.create([{"name": f"Thành viên Hội đồng {index}"} for index in range(1, 10)])
        session = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "date": "2024-11-08", "campaign_id": self.campaign.id,
            "member_ids": [(6, 0, members.ids)], "attendee_ids": [(6, 0, members[:7].ids)],
        })
        session.action_load_dossiers()
        for vote, (votes_for, against) in zip(session.vote_ids.sorted("id"), [(7, 0), (4, 3)], strict=True):
            vote.votes_for, vote.votes_against = votes_for, against
        draft_text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_council_minutes", session))
        self.assertIn("DỰ THẢO", draft_text)
        session.minutes = "<p>Thư ký ghi: Hội đồng thảo luận từng hồ sơ.</p>"
        session.action_close()
        self.assertNotIn("Hữu Lũng", session.minutes, "the vote table is not appended to the notes")
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_council_minutes", session,
                                             user=self.user_council))
        for expected in (
            "UBND HUYỆN THỬ NGHIỆM", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "/BB-HĐTĐKT",
            "Thử Nghiệm, ngày 08 tháng 11 năm 2024", "BIÊN BẢN",
            "Họp Hội đồng Thi đua - Khen thưởng huyện Thử Nghiệm",
            "Tổng số thành viên Hội đồng: 09; có mặt: 07", "tối thiểu 06 thành viên",
            "ít nhất 05 thành viên Hội đồng tán thành",
            "Trường Tiểu học Hữu", "Nguyễn Thị Thu Hường 1", "77,8%", "Đạt", "Không đạt",
            "CHỦ TỊCH HỘI ĐỒNG",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("DỰ THẢO", text)
        self.assertIn("Thư ký ghi: Hội đồng thảo luận từng hồ sơ.", text)
        # the results print once: in the report's own vote table
        self.assertEqual(text.count("Nguyễn Thị Thu Hường 1"), 1, text)
        self.assertEqual(text.count("44,4%"), 1, text)
        self.assertEqual(text.count("KẾT QUẢ BIỂU QUYẾT"), 1)

    def test_proposal_to_province(self):
        province = self.env.ref("chilang_thidua.award_form_bang_khen_tinh")
        dossiers = self._make_dossiers(collectives=1, individuals=1, award_form=province, prefix="Tỉnh ")
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_proposal", dossiers,
                                             user=self.user_appraiser))
        for expected in (
            "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM", "/TTr-UBND", "TỜ TRÌNH",
            "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
            "cho 01 tập thể và 01 cá nhân", "Tỉnh Trường Tiểu học Hữu Lũng 1", "Tỉnh Nguyễn Thị Thu",
            "xem xét, quyết định./.", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn Chủ",
        ):
            self.assertIn(expected, text)


@tagged("post_install", "-at_install")
class TestCertificateVerification(HttpCase, ThiduaReportCommon):
    """The QR code's public page: the award for the right token, nothing for any other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers = cls._make_dossiers(collectives=0, individuals=1)
        cls.decision = cls._make_decision(cls.dossiers)

    def test_valid_token_shows_the_award(self):
        dossier = self.dossiers
        self.assertGreaterEqual(len(dossier.verify_token), 32, "tokens are unguessable")
        response = self.url_open(f"/thidua/verify/{dossier.verify_token}")
        self.assertEqual(response.status_code, 200)
        for expected in ("Khen thưởng hợp lệ", dossier.nominee_name, "01/QĐ-UBND", "05/12/2024",
                         "Giấy khen của Chủ tịch UBND huyện"):
            self.assertIn(expected, response.text)

    def test_wrong_token_shows_nothing(self):
        token = self.dossiers.verify_token
        for wrong in (token[:-1] + ("a" if token[-1] != "a" else "b"), "x" * 40, token.upper(), "abc", "' OR 1=1 --"):
            response = self.url_open(f"/thidua/verify/{wrong}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(self.dossiers.nominee_name, response.text)
            self.assertNotIn("01/QĐ-UBND", response.text)
            self.assertIn("Không tìm thấy", response.text)
