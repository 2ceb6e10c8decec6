"""Documents that read right: no "phong trào Phong trào", money in whole đồng, shares as
percentages, numbered council minutes, and a Tờ trình addressed by its proposing body to the
level above it."""

import re
from datetime import date

from odoo import Command
from odoo.tests import tagged

from ..tools.document_format import campaign_name_in_text
from .report_common import ThiduaReportCommon

DOUBLED = re.compile(r"phong\s+trào\s+phong\s+trào", re.IGNORECASE)
# "1.520.000,00" or "0,80": a decimal part printed where whole đồng or a percentage belongs
DECIMALS = re.compile(r"\d,00\b|\b0[.,]\d+\b")


@tagged("post_install", "-at_install")
class TestDocumentWording(ThiduaReportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the name a campaign usually has: it starts with its kind
        cls.campaign.write({
            "name": "Phong trào thi đua “Dân vận khéo” năm 2026",
            "document_number": "05/KH-UBND", "date_issued": date(2024, 1, 5),
        })

    def assertReadsRight(self, text):
        self.assertNotRegex(text, DOUBLED)
        self.assertNotRegex(text, DECIMALS)

    def _closed_session(self, dossiers, members=7, present=7, votes_for=6, **values):
        """A council session of the test campaign that votes the dossiers through, closed."""
        council = self._council(members)
        dossiers.sudo()._set_state("appraised")
        session = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "date": date(2024, 11, 8), "campaign_id": self.campaign.id, "council_id": council.id,
            "vote_mode": "paper", "attendee_ids": [Command.set(council.member_ids[:present].ids)],
            "vote_ids": [Command.create({"dossier_id": dossier.id, "votes_for": votes_for}) for dossier in dossiers],
            **values,
        })
        session.with_user(self.user_council).action_close()
        return session

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def test_campaign_name_without_its_kind(self):
        for name, expected in (
            ("Phong trào thi đua “Dân vận khéo” năm 2026", "thi đua “Dân vận khéo” năm 2026"),
            ("PHONG TRÀO  Thi đua đặc biệt", "thi đua đặc biệt"),
            ("phong\ntrào thi đua", "thi đua"),
            ("Thi đua đặc biệt chào mừng 60 năm", "thi đua đặc biệt chào mừng 60 năm"),
            ("“Chuyển đổi số” năm 2026", "“Chuyển đổi số” năm 2026"),
            ("VNeID cho mọi nhà", "VNeID cho mọi nhà"),
            ("Phong tràoX", "Phong tràoX"),
            ("Phong trào Xanh - Sạch - Đẹp 2024", "Xanh - Sạch - Đẹp 2024"),
        ):
            self.assertEqual(campaign_name_in_text(name), expected)
        self.assertEqual(self.fmt.campaign_phrase(self.campaign), "phong trào thi đua “Dân vận khéo” năm 2026")

    def test_money_and_shares(self):
        self.assertEqual(self.fmt.amount(1_520_000, "đồng"), "1.520.000 đồng")
        self.assertEqual(self.fmt.amount(1_519_999.6, ""), "1.520.000")
        for ratio, text in ((0.8, "80%"), (6 / 7, "85,7%"), (2 / 3, "66,7%"), (0.5, "50%"), (1, "100%"), (0, "0%")):
            self.assertEqual(self.fmt.percent(ratio), text)

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------
    def test_decision_reads_right(self):
        # on the base salary of 01/07/2026 (2,530,000 đ, NĐ 152/2025): 0.6 → 1,520,000; 0.3 → 760,000
        decision = self._make_decision(self._make_dossiers(collectives=1, individuals=1),
                                       decision_date=date(2026, 7, 15))
        self.assertIn("trong phong trào thi đua “Dân vận khéo” năm 2026", decision.subject)
        self.assertNotRegex(decision.subject, DOUBLED)
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", decision))
        for expected in ("Mỗi tập thể được thưởng 1.520.000 đồng", "Mỗi cá nhân được thưởng 760.000 đồng",
                         "Tổng số tiền thưởng: 2.280.000 đồng", "Tổng cộng",
                         "trong phong trào thi đua “Dân vận khéo” năm 2026"):
            self.assertIn(expected, text)
        self.assertReadsRight(text)
        # certificates of the same awards
        certificates = self.pdf_text(self.render_pdf("chilang_thidua.action_report_certificate",
                                                     decision.line_ids.dossier_id))
        self.assertReadsRight(certificates)

    def test_subject_stored_with_the_doubled_word_prints_once(self):
        """A decision whose subject was computed (or typed) before the names were cleaned."""
        draft = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Cũ "), sign=False)
        draft.subject = "Về việc tặng Giấy khen trong phong trào Phong trào thi đua “Dân vận khéo” năm 2026"
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", draft))
        self.assertIn("trong phong trào thi đua “Dân vận khéo” năm 2026", text)
        self.assertReadsRight(text)

    def test_plan_reads_right(self):
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_campaign_plan", self.campaign))
        self.assertIn("Phát động phong trào thi đua “Dân vận khéo” năm 2026", text)
        self.assertReadsRight(text)

    # ------------------------------------------------------------------
    # Council minutes
    # ------------------------------------------------------------------
    def test_minutes_numbered_with_percentages(self):
        first = self._closed_session(self._make_dossiers(collectives=0, individuals=1, prefix="Một "))
        # a provincial-style council: at least 80 % of ALL members, written votes counted
        council = self._council(10, name="Hội đồng Thi đua - Khen thưởng (thử)",
                                issuing_unit_id=self.unit_district.id, approval_ratio=0.8, approval_inclusive=True,
                                written_votes_count=True)
        dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Hai ")
        dossiers.sudo()._set_state("appraised")
        second = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "date": date(2024, 11, 20), "campaign_id": self.campaign.id, "council_id": council.id,
            "vote_mode": "paper",
        })
        second.attendee_ids = [Command.set(second.member_ids[:8].ids)]
        second.with_user(self.user_appraiser).vote_ids = [
            Command.create({"dossier_id": dossiers[0].id, "votes_for": 7, "written_votes_for": 1}),
            Command.create({"dossier_id": dossiers[1].id, "votes_for": 7})]
        second.with_user(self.user_council).action_close()
        self.assertEqual((first.number, second.number), ("01/BB-HĐTĐKT", "02/BB-HĐTĐKT"))

        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_council_minutes", first,
                                             user=self.user_council))
        for expected in ("Số: 01/BB-HĐTĐKT", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                         "từ 66,7% tổng số thành viên trở lên, tối thiểu 05 thành viên",
                         "(trên 50% tổng số thành viên Hội đồng)", "85,7%",
                         "trong phong trào thi đua “Dân vận khéo” năm 2026"):
            self.assertIn(expected, text)
        self.assertReadsRight(text)

        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_council_minutes", second))
        for expected in ("Số: 02/BB-HĐTĐKT", "(từ 80% tổng số thành viên Hội đồng trở lên, kể cả phiếu tán thành "
                         "bằng văn bản của thành viên vắng mặt)", "70%", "Không đạt"):
            self.assertIn(expected, text)
        # 7 present and 1 in writing of 10 members: 80 %, printed in the rule and in the vote table
        self.assertEqual(text.count("80%"), 2, text)
        self.assertEqual(dossiers.mapped("state"), ["approved", "rejected"])
        self.assertReadsRight(text)

    # ------------------------------------------------------------------
    # Tờ trình
    # ------------------------------------------------------------------
    def test_proposal_of_the_appraising_office_to_its_chairman(self):
        """The district's own award for its units' dossiers: Phòng Nội vụ writes to the Chairman,
        whose title the shared award form gives without the place."""
        form = self.award_form.copy({"name": "Giấy khen của Chủ tịch UBND huyện (thử)", "code": "GK_THU",
                                     "grantor_title": "Chủ tịch Ủy ban nhân dân huyện"})
        dossiers = self._make_dossiers(collectives=1, individuals=1, award_form=form)
        session = self._closed_session(dossiers)
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_proposal", dossiers,
                                             user=self.user_appraiser))
        for expected in (
            "UBND HUYỆN THỬ NGHIỆM PHÒNG NỘI VỤ (THỬ)", "/TTr-NV", "TỜ TRÌNH",
            "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm.",
            f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng huyện Thử Nghiệm tại Biên bản số {session.number} "
            "ngày 08/11/2024,",
            "Phòng Nội vụ (thử) kính trình Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm xem xét",
            "trong phong trào thi đua “Dân vận khéo” năm 2026", "TRƯỞNG PHÒNG NỘI VỤ",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("TM. ỦY BAN NHÂN DÂN", text)
        self.assertReadsRight(text)

    def test_proposal_of_a_commune_to_the_district(self):
        """A commune with its own People's Committee data proposes to the district's Chairman."""
        self.unit_commune_a.write({
            "authority_name": "Ủy ban nhân dân xã An Bình", "doc_abbreviation": "UBND", "place_name": "An Bình",
            "head_title": "Chủ tịch", "head_name": "Lò Văn Xã",
        })
        dossiers = self._make_dossiers(collectives=0, individuals=0, families=1)
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_proposal", dossiers))
        for expected in ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", "/TTr-UBND", "An Bình, ngày",
                         # the award form's grantor, as the data names it
                         "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Chi Lăng.",
                         "Xét đề nghị của Hội đồng Thi đua - Khen thưởng xã An Bình,",
                         "Ủy ban nhân dân xã An Bình kính trình Chủ tịch Ủy ban nhân dân huyện Chi Lăng",
                         "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lò Văn Xã"):
            self.assertIn(expected, text)
        self.assertNotIn("Nguyễn Văn Chủ", text, "the district's signer does not sign the commune's letter")

    def test_proposal_to_the_province_after_the_council(self):
        """The council's most exemplary, proposed higher: the district writes to the province."""
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Xuất sắc ")
        session = self._closed_session(dossiers)
        self.assertEqual(dossiers.state, "approved")
        dossiers.with_user(self.user_appraiser).action_propose_higher()
        higher = self.env["thidua.dossier"].search([("origin_dossier_id", "in", dossiers.ids)])
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_proposal", higher,
                                             user=self.user_appraiser))
        for expected in ("ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM", "/TTr-UBND",
                         "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                         "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn.",
                         f"tại Biên bản số {session.number} ngày 08/11/2024",
                         "Ủy ban nhân dân huyện Thử Nghiệm kính trình Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
                         "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn Chủ"):
            self.assertIn(expected, text)
        self.assertReadsRight(text)
