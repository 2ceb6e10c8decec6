import re
import shutil
import subprocess
import tempfile

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools.pdf_render import certificate_chunks, render_certificate_runs
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


MM = 72 / 25.4  # PDF points per millimetre


@tagged("post_install", "-at_install")
class TestReportPageNumbers(ThiduaReportCommon):
    """NĐ 30/2020 page numbers: centred in the top margin, 14 pt, from page 2 on, none on page 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.long_decision = cls._make_decision(cls._make_dossiers(collectives=2, individuals=60, prefix="Dài "))
        cls.short_decision = cls._make_decision(cls._make_dossiers(collectives=1, individuals=1, prefix="Ngắn "))

    def page_words(self, pdf, page):
        """(text, x_min, y_min, x_max, y_max) of every word of ``page``, in points from the top left."""
        html = self._poppler("pdftotext", pdf, "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page))
        return [
            (text, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
            )
        ]

    def top_margin_words(self, pdf, page):
        """The words printed above the 20 mm top margin of the portrait paperformat."""
        return [word for word in self.page_words(pdf, page) if word[4] < 20 * MM]

    def assertPageNumber(self, pdf, page, number):
        words = self.top_margin_words(pdf, page)
        self.assertEqual([word[0] for word in words], [str(number)], f"page {page}: {words}")
        _text, x0, y0, x1, y1 = words[0]
        # centred over the text column: left margin 30 mm, right margin 15 mm of the 210 mm page
        self.assertAlmostEqual((x0 + x1) / 2, (30 + (210 - 15)) / 2 * MM, delta=1.5)
        self.assertGreater(y0, 5 * MM, "inside the paper's top margin")
        self.assertAlmostEqual(y1 - y0, 14 * 0.91, delta=1.5, msg="14 pt")

    def test_numbers_from_page_two(self):
        pdf = self.render_pdf("chilang_thidua.action_report_decision", self.long_decision, user=self.user_manager)
        pages = self.pdf_pages(pdf)
        self.assertGreaterEqual(pages, 3, "60 awardees run the annex over several pages")
        self.assertEqual(self.top_margin_words(pdf, 1), [], "no number on page 1")
        self.assertIn("QUYẾT ĐỊNH", self.pdf_text(pdf))
        for page in range(2, pages + 1):
            self.assertPageNumber(pdf, page, page)
        self.assertFontsEmbedded(pdf)

    def test_each_document_counts_its_own_pages(self):
        """Several decisions printed at once: each starts at its own page 1 (unnumbered)."""
        decisions = self.short_decision | self.long_decision
        pdf = self.render_pdf("chilang_thidua.action_report_decision", decisions, user=self.user_manager)
        long_pages = self.pdf_pages(
            self.render_pdf("chilang_thidua.action_report_decision", self.long_decision, user=self.user_manager)
        )
        self.assertEqual(self.pdf_pages(pdf), 2 + long_pages)
        self.assertEqual(self.top_margin_words(pdf, 1), [])
        self.assertPageNumber(pdf, 2, 2)
        self.assertEqual(self.top_margin_words(pdf, 3), [], "the second decision starts unnumbered")
        self.assertPageNumber(pdf, 4, 2)
        self.assertPageNumber(pdf, 5, 3)

    def test_certificates_carry_no_page_number(self):
        dossiers = self.short_decision.line_ids.dossier_id
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", dossiers, user=self.user_manager)
        self.assertEqual(self.pdf_pages(pdf), 2)
        self.assertNotIn("2", [word[0] for word in self.page_words(pdf, 2) if word[4] < 20 * MM])


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

    def test_register_number_is_the_annex_row(self):
        """Số sổ vàng is the awardee's STT in the decision's annex, which numbers its rows across the
        groups (collectives first), whatever the order of the decision's lines."""
        dossiers = self._make_dossiers(collectives=1, individuals=2)
        for dossier, name in zip(dossiers, ("Sổ Tập thể A", "Sổ Cá nhân B", "Sổ Cá nhân C"), strict=True):
            dossier.nominee_name = name  # short: one line in the annex's cell
        decision = self._make_decision(dossiers, sign=False)
        collective = decision.line_ids.filtered(lambda line: line.dossier_id.subject_type == "collective")
        collective.sudo().sequence = 99  # listed last among the lines, first in the annex
        decision.with_user(self.user_manager).action_sign()
        annex = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", decision), layout=True)
        stt = {}
        for line in annex.splitlines():
            match = re.match(r"^\s*(\d+)\s+(Sổ \S.*?)(\s{2,}|$)", line)
            if match:
                stt[match.group(2).strip()] = int(match.group(1))
        names = {dossier.nominee_name for dossier in dossiers}
        self.assertEqual(set(stt), names, annex)
        self.assertEqual(sorted(stt.values()), [1, 2, 3])
        self.assertEqual(stt["Sổ Tập thể A"], 1)

        pdf = self.render_pdf("chilang_thidua.action_report_certificate", dossiers)
        info = self._poppler("pdfinfo", pdf, "-f", "1", "-l", "3")
        sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
        self.assertEqual(len(sizes), 3)
        for width, height in sizes:  # A4 landscape: 297 x 210 mm
            self.assertAlmostEqual(float(width) / MM, 297, delta=1)
            self.assertAlmostEqual(float(height) / MM, 210, delta=1)
        pages = self._poppler("pdftotext", pdf, "-enc", "UTF-8").split("\f")
        for raw_page, dossier in zip(pages, dossiers, strict=False):
            page = " ".join(raw_page.split())
            self.assertIn(dossier.nominee_name, page)
            self.assertIn(f"Số sổ vàng: {stt[dossier.nominee_name]} ", page + " ")
            self.assertIn(f"Quyết định số {decision.name} ngày 05/12/2024", page)

    def test_certificate_template(self):
        """NĐ 98/2023 Art. 104 template: emblem at the top centre, grantor and GIẤY KHEN in red,
        the rest in black, the references bottom left, the signer bottom right."""
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", self.dossiers[:1])
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/certificate.pdf"
            with open(path, "wb") as handle:
                handle.write(pdf)
            html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", path, "-"], capture_output=True,
                                  text=True, check=True).stdout
        words = {
            text: (float(x0), float(y0))
            for x0, y0, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
        }
        # top to bottom: motto, grantor, TẶNG, GIẤY KHEN, name
        order = ["CỘNG", "ỦY", "TẶNG", "GIẤY", self.dossiers[:1].nominee_name.split()[0]]
        heights = [words[word][1] for word in order]
        self.assertEqual(heights, sorted(heights))
        self.assertLess(words["Số"][0], 842 / 2, "decision and award-book number bottom left")
        self.assertGreater(words["Thử"][0], 842 / 2, "place and date bottom right")
        self.assertGreater(words["Số"][1], words["GIẤY"][1])

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
        council = self._council(9)
        members = council.member_ids
        session = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "date": "2024-11-08", "campaign_id": self.campaign.id, "council_id": council.id, "vote_mode": "paper",
            "attendee_ids": [(6, 0, members[:7].ids)],
        })
        session.action_load_dossiers()
        for vote, (votes_for, against) in zip(session.vote_ids.sorted("id"), [(7, 0), (4, 3)], strict=True):
            vote.with_user(self.user_appraiser).write({"votes_for": votes_for, "votes_against": against})
        draft_text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_council_minutes", session))
        self.assertIn("DỰ THẢO", draft_text)
        session.minutes = "<p>Thư ký ghi: Hội đồng thảo luận từng hồ sơ.</p>"
        session.with_user(self.user_council).action_close()
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


@tagged("post_install", "-at_install")
class TestCertificateChunks(ThiduaReportCommon):
    """A batch of certificates converted by several wkhtmltopdf runs at once, merged: the
    same pages, in the order asked for, as one run gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch = cls._make_dossiers(collectives=2, individuals=5, prefix="Khối ")
        cls._make_decision(cls.batch)

    def pages_text(self, pdf):
        pages = self._poppler("pdftotext", pdf, "-enc", "UTF-8").split("\f")
        return [" ".join(page.split()) for page in pages if page.strip()]

    def test_chunks_keep_the_order_and_the_text_of_one_run(self):
        report = self.env["ir.actions.report"]._get_report("chilang_thidua.action_report_certificate")
        Report = self.env["ir.actions.report"].with_context(lang="vi_VN")
        # not the ids' order: the pages follow the order asked for
        ids = self.batch.ids[3:] + self.batch.ids[:3]
        stats = {}
        chunked = render_certificate_runs(Report, report, ids, chunk_size=3, stats=stats)
        self.assertEqual(stats["sizes"], [2, 2, 3], "three runs merged")
        single = render_certificate_runs(Report, report, ids, chunk_size=len(ids))
        self.assertEqual(self.pdf_pages(chunked), 7)
        chunked_pages, single_pages = self.pages_text(chunked), self.pages_text(single)
        self.assertEqual(chunked_pages, single_pages)
        for page, dossier in zip(chunked_pages, self.batch.browse(ids), strict=True):
            self.assertRegex(page, re.escape(dossier.nominee_name) + r"(?!\d)")
            self.assertIn(f"/thidua/verify/{dossier.verify_token}", page.replace(" ", ""))
        self.assertFontsEmbedded(chunked)

    def test_settings_cap_the_parallel_runs(self):
        """The administrator's cap (several Odoo workers printing at once): one process at a time."""
        report = self.env["ir.actions.report"]._get_report("chilang_thidua.action_report_certificate")
        self.env["ir.config_parameter"].sudo().set_param("chilang_thidua.certificate_parallel_runs", "1")
        stats = {}
        pdf = render_certificate_runs(
            self.env["ir.actions.report"], report, self.batch.ids, chunk_size=3, stats=stats)
        self.assertEqual((stats["runs"], stats["workers"]), (3, 1))
        self.assertEqual(self.pdf_pages(pdf), len(self.batch))

    def test_printed_batch_is_one_pdf_in_dossier_order(self):
        """As a user prints it (a batch this small is one run)."""
        dossiers = self.batch.sorted("id", reverse=True)
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", dossiers, user=self.user_appraiser)
        pages = self.pages_text(pdf)
        self.assertEqual(len(pages), len(dossiers))
        for page, dossier in zip(pages, dossiers, strict=True):
            self.assertRegex(page, re.escape(dossier.nominee_name) + r"(?!\d)")

    def test_chunk_plan(self):
        """One run for a small batch; about three runs per core, 25 to 100 certificates each."""
        ids = list(range(1000))
        self.assertEqual([len(chunk) for chunk in certificate_chunks(ids[:20], 2)], [20])
        self.assertEqual([len(chunk) for chunk in certificate_chunks(ids[:300], 2)], [50] * 6)
        self.assertEqual([len(chunk) for chunk in certificate_chunks(ids, 2)], [100] * 10)
        self.assertEqual([len(chunk) for chunk in certificate_chunks(ids[:300], 1)], [100] * 3)
        self.assertEqual([len(chunk) for chunk in certificate_chunks(ids[:7], 2, size=3)], [2, 2, 3])
        for cores in (1, 2, 3, 8, 64):
            for count in (1, 24, 26, 299, 1000):
                chunks = certificate_chunks(ids[:count], cores)
                self.assertEqual([i for chunk in chunks for i in chunk], ids[:count], "all, in order, once")
                self.assertLessEqual(max(map(len, chunks)), 100)
