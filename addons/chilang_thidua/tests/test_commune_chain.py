"""A commune People's Committee runs the whole chain (after 01/07/2025, docs/law.md §8).

Its appraising office is Phòng Văn hóa – Xã hội, its Chairman awards the commune Giấy khen under
NĐ 152/2025 on the 2026 base salary, and every document names the commune and its office, never
a district or "Phòng Nội vụ".
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .report_common import ThiduaReportCommon


@tagged("post_install", "-at_install")
class TestCommuneChain(ThiduaReportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["thidua.unit"]
        cls.commune = Unit.create({
            "name": "Ủy ban nhân dân xã Chi Lăng", "code": "XA_CL", "unit_type": "commune",
            "authority_name": "Ủy ban nhân dân xã Chi Lăng", "authority_parent_name": "Ủy ban nhân dân tỉnh Lạng Sơn",
            "doc_abbreviation": "UBND", "place_name": "Chi Lăng",
        })
        cls.office = Unit.create({
            "name": "Phòng Văn hóa – Xã hội", "code": "XA_CL_VHXH", "unit_type": "office",
            "parent_id": cls.commune.id, "doc_abbreviation": "VHXH",
        })
        cls.commune.write({"appraising_office_id": cls.office.id,
                           "appraising_office_head": "Trưởng phòng Văn hóa – Xã hội"})
        cls.village = Unit.create({"name": "Thôn Bản Cưởm", "code": "XA_CL_BC", "unit_type": "village",
                                   "parent_id": cls.commune.id})
        cls.officer = new_test_user(cls.env, "t_ban_cuom", groups="chilang_thidua.group_user",
                                    name="Trưởng thôn Bản Cưởm", lang="vi_VN", tz="Asia/Ho_Chi_Minh")
        cls.village.officer_ids = cls.officer
        cls.form = cls.env.ref("chilang_thidua.award_form_giay_khen_xa")
        cls.commune_campaign = cls.env["thidua.campaign"].create({
            "name": "Phong trào thi đua xây dựng nông thôn mới năm 2026", "issuing_unit_id": cls.commune.id,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 10, 31), "registration_deadline": date(2026, 1, 31),
            "signer_name": "Hoàng Văn Xã", "signer_title": "CHỦ TỊCH", "award_form_ids": [Command.set(cls.form.ids)],
            "content_ids": [Command.create({"name": "Xây dựng nông thôn mới"})],
        })

    def test_commune_awards_its_village_and_a_household(self):
        campaign = self.commune_campaign
        campaign.with_user(self.user_appraiser).action_open()
        registration = self._make_registration(self.village, self.officer, campaign=campaign)
        registration.with_user(self.officer).action_submit()
        registration.with_user(self.user_appraiser).action_accept()
        campaign.with_user(self.user_appraiser).action_close()
        Dossier = self.env["thidua.dossier"].with_user(self.officer)
        common = {"campaign_id": campaign.id, "unit_id": self.village.id, "award_form_id": self.form.id,
                  "achievement": "xuất sắc trong phong trào xây dựng nông thôn mới năm 2026"}
        village = Dossier.create(dict(common, subject_type="collective", nominee_name="Thôn Bản Cưởm",
                                      nominee_unit_id=self.village.id))
        household = Dossier.create(dict(common, subject_type="family", nominee_name="Hộ ông Lương Văn Tình",
                                        annual_income=180_000_000))
        dossiers = village | household
        # the law's "one of": a household that contributed to the commune need not also run a business
        household.criterion_ids.filtered(lambda line: line.kind == "manual" and (
            not line.alternative_group or "đóng góp" in line.name)).write({"is_met": True})
        village.criterion_ids.filtered(lambda line: line.kind == "manual").write({"is_met": True})
        for dossier in dossiers:
            document = self.env["ir.attachment"].with_user(self.officer).create({
                "name": "bao_cao_thanh_tich.pdf", "raw": b"%PDF-1.4 bao cao"})
            dossier.attachment_ids = [Command.link(document.id)]
        self.assertTrue(household.eligible, household.eligibility_report)
        self.assertIn("Không cần", household.eligibility_report)
        dossiers.action_submit()
        dossiers.with_user(self.user_appraiser).action_appraise()
        self.assertIn("Phòng Văn hóa – Xã hội", village.message_ids[:1].body)
        council = self._council(7)
        session = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "campaign_id": campaign.id, "date": date(2026, 11, 10), "council_id": council.id,
            "vote_mode": "paper", "attendee_ids": [Command.set(council.member_ids[:6].ids)],
        })
        session.with_user(self.user_appraiser).action_load_dossiers()
        session.vote_ids.with_user(self.user_appraiser).write({"votes_for": 5})
        session.with_user(self.user_council).action_close()
        self.assertEqual(set(dossiers.mapped("state")), {"approved"})
        decision = self.env["thidua.decision"].with_user(self.user_appraiser).create({
            "campaign_id": campaign.id, "award_form_id": self.form.id, "date_decision": date(2026, 11, 20),
        })
        decision.action_load_dossiers()
        self.assertEqual(decision.proposal_text, "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội")
        self.assertIn("VHXH", decision.recipients)
        self.assertIn("152/2025/NĐ-CP", decision.legal_basis)
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.name, "01/QĐ-UBND")
        amounts = {line.dossier_id: line.bonus_amount for line in decision.line_ids}
        # NĐ 152/2025 on 2,530,000 đ: collective 0.6 → 1,518,000 → 1,520,000; household 0.45 → 1,140,000
        self.assertEqual((amounts[village], amounts[household]), (1_520_000, 1_140_000))
        self.assertEqual(set(dossiers.mapped("state")), {"awarded"})

        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", decision))
        for expected in ("ỦY BAN NHÂN DÂN", "XÃ CHI LĂNG", "Chi Lăng, ngày 20 tháng 11 năm 2026",
                         "Trưởng phòng Văn hóa – Xã hội", "1.520.000", "1.140.000", "Hoàng Văn Xã"):
            self.assertIn(expected, text)
        for foreign in ("HUYỆN", "Nội vụ"):
            self.assertNotIn(foreign, text)
        certificate = self.pdf_text(self.render_pdf("chilang_thidua.action_report_certificate", household))
        self.assertIn("GIẤY KHEN", certificate)
        self.assertIn("Hộ ông Lương Văn Tình", certificate)
        self.assertIn("Quyết định số 01/QĐ-UBND ngày 20/11/2026", certificate)

    def test_commune_recognises_an_annual_title(self):
        """The yearly chain of a title: the village registers Tập thể lao động tiên tiến, is proposed,
        appraised, voted and recognised by the commune Chairman (0.8 × 2,530,000 đ → 2,030,000 đ)."""
        title = self.env.ref("chilang_thidua.award_form_tap_the_lao_dong_tien_tien")
        campaign = self.env["thidua.campaign"].create({
            "name": "Phong trào thi đua thường xuyên năm 2026", "issuing_unit_id": self.commune.id,
            "date_start": date(2026, 1, 1), "date_end": date(2026, 11, 30), "registration_deadline": date(2026, 2, 15),
            "signer_name": "Hoàng Văn Xã", "signer_title": "CHỦ TỊCH", "award_form_ids": [Command.set(title.ids)],
            "content_ids": [Command.create({"name": "Thực hiện nhiệm vụ chính trị"})],
        })
        campaign.with_user(self.user_appraiser).action_open()
        registration = self.env["thidua.registration"].with_user(self.officer).create({
            "campaign_id": campaign.id, "unit_id": self.village.id,
            "item_ids": [Command.create({"name": "Đăng ký danh hiệu Tập thể lao động tiên tiến năm 2026",
                                         "item_type": "title", "title_id": title.id})],
        })
        registration.with_user(self.officer).action_submit()
        registration.with_user(self.user_appraiser).action_accept()
        campaign.with_user(self.user_appraiser).action_close()
        dossier = self.env["thidua.dossier"].with_user(self.officer).create({
            "campaign_id": campaign.id, "unit_id": self.village.id, "award_form_id": title.id,
            "subject_type": "collective", "nominee_name": "Thôn Bản Cưởm", "nominee_unit_id": self.village.id,
            "achievement": "hoàn thành tốt nhiệm vụ năm 2026",
        })
        # the title's own criteria (Law Art. 28) and its documents, as data
        self.assertEqual(len(dossier.criterion_ids), 5)
        self.assertFalse(dossier.eligible)
        report = self.env["ir.attachment"].with_user(self.officer).create({
            "name": "bien_ban_binh_xet.pdf", "raw": b"%PDF-1.4 bien ban"})
        dossier.attachment_ids = [Command.link(report.id)]
        dossier.criterion_ids.filtered(lambda line: line.kind == "manual").write({"is_met": True})
        self.assertTrue(dossier.eligible, dossier.eligibility_report)
        dossier.action_submit()
        dossier.with_user(self.user_appraiser).action_appraise()
        council = self._council(5)
        session = self.env["thidua.council.session"].with_user(self.user_appraiser).create({
            "campaign_id": campaign.id, "date": date(2026, 12, 1), "council_id": council.id,
            "vote_mode": "paper", "attendee_ids": [Command.set(council.member_ids.ids)],
        })
        session.action_load_dossiers()
        session.vote_ids.with_user(self.user_appraiser).write({"votes_for": 5})
        session.with_user(self.user_council).action_close()
        decision = self.env["thidua.decision"].with_user(self.user_appraiser).create({
            "campaign_id": campaign.id, "award_form_id": title.id, "date_decision": date(2026, 12, 5),
        })
        decision.action_load_dossiers()
        self.assertEqual(decision.subject, "Về việc công nhận danh hiệu Tập thể lao động tiên tiến trong "
                                           "phong trào thi đua thường xuyên năm 2026")
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.amount_total, 2_030_000)
        text = self.pdf_text(self.render_pdf("chilang_thidua.action_report_decision", decision))
        self.assertIn("Công nhận danh hiệu Tập thể lao động tiên tiến cho", text)
        self.assertIn("2.030.000", text)

    def test_tax_office_confirmation_as_configured(self):
        """A province that wants the tax office's confirmation configures that check: the criterion is
        met once the enterprise's taxes are marked paid and the confirming document is attached."""
        campaign = self.commune_campaign
        self.env["thidua.criterion.template"].create({
            "name": "Được cơ quan thuế xác nhận hoàn thành nghĩa vụ thuế", "award_form_id": self.form.id,
            "campaign_id": campaign.id, "subject_type": "enterprise", "kind": "auto", "check": "tax_office_confirmed",
        })
        campaign.with_user(self.user_appraiser).action_open()
        campaign.with_user(self.user_appraiser).action_close()
        dossier = self.env["thidua.dossier"].with_user(self.officer).create({
            "campaign_id": campaign.id, "unit_id": self.village.id, "award_form_id": self.form.id,
            "subject_type": "enterprise", "nominee_name": "Hợp tác xã Bản Cưởm", "taxes_paid": True,
        })
        self.assertFalse(dossier.eligible)
        self.assertIn("cơ quan thuế", dossier.eligibility_report)
        letter = self.env["ir.attachment"].with_user(self.officer).create({
            "name": "xac_nhan_thue.pdf", "raw": b"%PDF-1.4 xac nhan"})
        dossier.tax_confirmation_ids = [Command.link(letter.id)]
        self.assertTrue(dossier.eligible, dossier.eligibility_report)
