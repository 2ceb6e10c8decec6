"""The titles a commune recognises or proposes since NĐ 152/2025 (docs/law.md §2b), on a decision of
15/07/2026 (base salary 2,530,000 đ, amounts rounded up to the next 10,000 đ):

- Thôn, tổ dân phố văn hóa: 1.5 × 2,530,000 = 3,795,000 → 3,800,000 đ;
- Xã, phường, đặc khu tiêu biểu: 2.0 × 2,530,000 = 5,060,000 đ;
- Gia đình văn hóa: recognised without money, the decision printing no amount.
"""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common_dossier import DossierCommon

DAY = date(2026, 7, 15)


@tagged("post_install", "-at_install")
class TestCommuneTitles(DossierCommon):

    def _recognise(self, xmlid, **values):
        title = self.env.ref(xmlid)
        self.campaign.award_form_ids = [Command.link(title.id)]
        dossier = self._dossier(award_form_id=title.id, job_title=False, **values)
        if dossier.criterion_ids.filtered(lambda line: line.check == "attachment_required"):
            report = self.env["ir.attachment"].with_user(self.user_commune_a).create({
                "name": "bien_ban_binh_xet.pdf", "raw": b"%PDF-1.4 bien ban"})
            dossier.attachment_ids = [Command.link(report.id)]
        self._tick(dossier)
        self.assertTrue(dossier.eligible, dossier.eligibility_report)
        self._approve(dossier)
        decision = self._decision(DAY, award_form=title)
        decision.with_user(self.user_appraiser).action_load_dossiers()
        return title, dossier, decision

    def _html(self, decision):
        html = self.env["ir.actions.report"]._render_qweb_html("chilang_thidua.action_report_decision",
                                                                decision.ids)[0]
        return html.decode()

    def test_village_of_culture(self):
        title, _dossier, decision = self._recognise(
            "chilang_thidua.award_form_thon_van_hoa", subject_type="collective", nominee_name="Thôn Bản Mới",
            nominee_unit_id=self.unit_village_a.id)
        self.assertEqual((title.level, title.kind, title.bonus_coef_collective), ("commune", "title", 1.5))
        self.assertEqual(decision.line_ids.bonus_amount, 3_800_000)
        self.assertTrue(decision.subject.startswith("Về việc công nhận danh hiệu Thôn, tổ dân phố văn hóa"))
        # its criteria are readings to check, and say so
        self.assertTrue(all("[likely]" in (template.description or "") for template in
                            self.env["thidua.criterion.template"].search([("award_form_id", "=", title.id)])))
        decision.with_user(self.user_manager).action_sign()
        html = self._html(decision)
        self.assertIn("3.800.000", html)
        self.assertIn("Công nhận", html)
        self.assertIn("Nghị định số 152/2025/NĐ-CP", html)

    def test_exemplary_commune(self):
        title, _dossier, decision = self._recognise(
            "chilang_thidua.award_form_xa_tieu_bieu", subject_type="collective", nominee_name="Xã An Bình",
            nominee_unit_id=self.unit_commune_a.id)
        self.assertEqual((title.level, title.bonus_coef_collective), ("province", 2.0))
        self.assertEqual(decision.line_ids.bonus_amount, 5_060_000)
        self.assertTrue(decision.subject.startswith("Về việc công nhận danh hiệu Xã, phường, đặc khu tiêu biểu"))
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "signed")
        self.assertIn("5.060.000", self._html(decision))

    def test_family_of_culture_without_money(self):
        _title, _dossier, decision = self._recognise(
            "chilang_thidua.award_form_gia_dinh_van_hoa", subject_type="family",
            nominee_name="Hộ ông Hoàng Văn Đẳng", annual_income=150_000_000)
        self.assertTrue(decision._without_bonus())
        self.assertEqual(decision.amount_total, 0)
        self.assertFalse(decision.article_funding)
        self.assertTrue(decision.recipients.startswith("Như Điều 2"))
        decision.with_user(self.user_manager).action_sign()  # no amount is not a refusal here
        self.assertEqual(decision.state, "signed")
        html = self._html(decision)
        self.assertIn("Về việc công nhận danh hiệu Gia đình văn hóa", html)
        self.assertIn("Hộ ông Hoàng Văn Đẳng", html)
        self.assertIn("Điều 2.", html)
        for absent in ("Tổng số tiền thưởng", "Số tiền thưởng", "Điều 3.", "được thưởng", "Không đồng"):
            self.assertNotIn(absent, html)
