from datetime import date

from odoo.tests import tagged

from .report_common import ThiduaReportCommon


@tagged("post_install", "-at_install")
class TestDocumentFormat(ThiduaReportCommon):
    """The writing rules of NĐ 30/2020 that every printed document shares."""

    def test_date_line_leading_zeros(self):
        # days below 10 and months 1 and 2 take a leading 0; other months do not
        self.assertEqual(self.fmt.date_line("Chi Lăng", date(2024, 1, 5)), "Chi Lăng, ngày 05 tháng 01 năm 2024")
        self.assertEqual(self.fmt.date_line("Chi Lăng", date(2024, 2, 29)), "Chi Lăng, ngày 29 tháng 02 năm 2024")
        self.assertEqual(self.fmt.date_line("Chi Lăng", date(2024, 3, 15)), "Chi Lăng, ngày 15 tháng 3 năm 2024")
        self.assertEqual(self.fmt.date_line("Chi Lăng", date(2024, 12, 5)), "Chi Lăng, ngày 05 tháng 12 năm 2024")
        self.assertEqual(self.fmt.date_line("Đồng Mỏ", date(2024, 10, 1)), "Đồng Mỏ, ngày 01 tháng 10 năm 2024")
        self.assertEqual(self.fmt.date_short(date(2024, 12, 5)), "05/12/2024")

    def test_undated_draft_keeps_blanks(self):
        blank = "\u00a0" * 6
        self.assertEqual(self.fmt.date_line("Chi Lăng", False), f"Chi Lăng, ngày{blank}tháng{blank}năm")

    def test_document_number(self):
        self.assertEqual(self.fmt.document_number(5, "QĐ", "UBND"), "05/QĐ-UBND")
        self.assertEqual(self.fmt.document_number("125", "QĐ", "UBND"), "125/QĐ-UBND")
        self.assertEqual(self.fmt.document_number("245/KH-UBND", "KH", "UBND"), "245/KH-UBND")
        # a letter (công văn) has no type code
        self.assertEqual(self.fmt.document_number(12, "", "UBND"), "12/UBND")
        self.assertTrue(self.fmt.document_number(False, "QĐ", "UBND").endswith("/QĐ-UBND"))

    def test_amounts_in_figures_and_words(self):
        self.assertEqual(self.fmt.amount(1410000), "1.410.000 đ")
        self.assertEqual(self.fmt.amount(2830000, "đồng"), "2.830.000 đồng")
        self.assertEqual(self.fmt.amount(0), "0 đ")
        self.assertEqual(self.fmt.amount_words(2830000), "Hai triệu tám trăm ba mươi nghìn đồng")
        self.assertEqual(self.fmt.amount_words(710000), "Bảy trăm mười nghìn đồng")

    def test_authority_block(self):
        auth = self.fmt.authority(self.unit_commune_a)  # inherits the district's issuing data
        self.assertEqual(auth["lines"], ["ỦY BAN NHÂN DÂN", "HUYỆN THỬ NGHIỆM"])
        self.assertEqual(auth["collective"], "ỦY BAN NHÂN DÂN")
        self.assertEqual(auth["place"], "Thử Nghiệm")
        self.assertEqual(auth["area"], "huyện Thử Nghiệm")
        self.unit_home_affairs.write({
            "authority_parent_name": "UBND huyện Thử Nghiệm", "authority_name": "Phòng Nội vụ",
            "doc_abbreviation": "NV",
        })
        auth = self.fmt.authority(self.unit_home_affairs)
        self.assertEqual(auth["parent"], "UBND HUYỆN THỬ NGHIỆM")
        self.assertEqual(auth["lines"], ["PHÒNG NỘI VỤ"])
        self.assertEqual(auth["collective"], "")

    def test_signer_lines(self):
        self.assertEqual(self.fmt.signer_lines("KT. Chủ tịch\nPhó Chủ tịch"), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])


@tagged("post_install", "-at_install")
class TestCampaignPlanReport(ThiduaReportCommon):
    """The plan (Kế hoạch) printed from the campaign record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({
            "document_number": "05/KH-UBND",
            "date_issued": date(2024, 1, 5),
            "theme": "Đoàn kết, sáng tạo, thi đua lập thành tích",
            "legal_basis": "Luật Thi đua, khen thưởng ngày 15/6/2022;\nNghị định số 98/2023/NĐ-CP ngày 31/12/2023.",
            "doc_recipients": "Thường trực Huyện ủy\nCác xã, thị trấn\nLưu: VT, NV",
        })

    def test_plan_pdf_text(self):
        pdf = self.render_pdf("chilang_thidua.action_report_campaign_plan", self.campaign, user=self.user_appraiser)
        text = self.pdf_text(pdf)
        for expected in (
            "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 05/KH-UBND",
            "Thử Nghiệm, ngày 05 tháng 01 năm 2024",
            "KẾ HOẠCH",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023;",
            "Cải cách hành chính",
            "Xây dựng nông thôn mới",
            "từ ngày 01/01/2024 đến ngày 31/10/2024",
            "trước ngày 20/01/2024",
            "tối thiểu 01 công việc",
            "Giấy khen của Chủ tịch UBND huyện",
            "Nơi nhận: - Thường trực Huyện ủy; - Các xã, thị trấn; - Lưu: VT, NV.",
            "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
            "Nguyễn Văn Chủ",
        ):
            self.assertIn(expected, text)
        # a campaign still in draft prints its plan as a draft
        self.assertIn("DỰ THẢO", text)
        # nothing of the demo locality leaks into another body's document
        self.assertNotIn("Chi Lăng", text)
        self.assertFontsEmbedded(pdf)

    def test_launched_plan_is_not_a_draft(self):
        self.campaign.with_user(self.user_appraiser).action_open()
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_campaign_plan", self.campaign))
        self.assertNotIn("DỰ THẢO", text)
        self.assertIn("Số: 05/KH-UBND", text)
