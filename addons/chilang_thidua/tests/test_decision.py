from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestDecisionBonus(DossierCommon):
    """Bonus = coefficient × base salary on the decision date, rounded UP to 10,000 đ.

    Expected figures are docs/law.md §2's, written out, not the code's formula:
    Giấy khen of a district Chairman: individual 0.3, collective 0.6;
    base salary 2,340,000 from 01/07/2024, 1,800,000 from 01/07/2023.
    """

    def _approved_trio(self):
        collective = self._eligible_collective()
        first = self._eligible_individual(nominee_name="Nguyễn Văn An")
        second = self._eligible_individual(nominee_name="Hà Thị Bích", subject_type="public_employee",
                                           job_title="Viên chức Trạm Y tế xã An Bình")
        dossiers = collective | first | second
        self.assertTrue(all(dossiers.mapped("eligible")), [d.eligibility_report for d in dossiers])
        self._approve(dossiers)
        self.assertEqual(set(dossiers.mapped("state")), {"approved"})
        return collective, first, second

    def test_bonus_december_2024(self):
        collective, first, second = self._approved_trio()
        decision = self._decision(date(2024, 12, 5))
        decision.action_load_dossiers()
        self.assertEqual(len(decision.line_ids), 3)
        self.assertEqual(decision.base_salary, 2_340_000)
        amounts = {line.dossier_id: line.bonus_amount for line in decision.line_ids}
        self.assertEqual(amounts[first], 710_000, "0.3 × 2,340,000 = 702,000, rounded up to 710,000")
        self.assertEqual(amounts[second], 710_000)
        self.assertEqual(amounts[collective], 1_410_000, "0.6 × 2,340,000 = 1,404,000, rounded up to 1,410,000")
        self.assertEqual(decision.amount_total, 2_830_000)
        self.assertEqual(decision.amount_total_words, "Hai triệu tám trăm ba mươi nghìn đồng")

    def test_bonus_june_2024(self):
        collective, first, _second = self._approved_trio()
        decision = self._decision(date(2024, 6, 14))
        decision.action_load_dossiers()
        amounts = {line.dossier_id: line.bonus_amount for line in decision.line_ids}
        self.assertEqual(amounts[first], 540_000, "0.3 × 1,800,000 = 540,000")
        self.assertEqual(amounts[collective], 1_080_000, "0.6 × 1,800,000 = 1,080,000")
        self.assertEqual(decision.amount_total, 2_160_000)
        self.assertEqual(decision.amount_total_words, "Hai triệu một trăm sáu mươi nghìn đồng")
        # moving the date across 01/07/2024 follows the base salary in force
        decision.date_decision = date(2024, 7, 1)
        self.assertEqual(decision.amount_total, 2_830_000)

    def test_family_takes_the_family_coefficient(self):
        family = self._dossier(subject_type="family", nominee_name="Hộ bà Lục Thị Mai", annual_income=150_000_000,
                               job_title=False)
        self._tick(family)
        self._approve(family)
        self.env.ref("chilang_thidua.award_coefficient_giay_khen_huyen_nd98").bonus_coef_family = 0.5
        decision = self._decision(date(2024, 12, 5))
        decision.action_load_dossiers()
        self.assertEqual(decision.line_ids.bonus_amount, 1_170_000, "0.5 × 2,340,000")

    def test_defaults_from_campaign(self):
        decision = self._decision(date(2024, 12, 5))
        self.assertEqual(decision.issuing_unit_id, self.unit_district)
        self.assertEqual(decision.signer_name, "Nguyễn Văn Chủ")
        self.assertEqual(decision.signer_title, "CHỦ TỊCH")
        self.assertIn("Luật Thi đua, khen thưởng", decision.legal_basis)
        self.assertIn("Nghị định số 98/2023/NĐ-CP", decision.legal_basis)
        self.assertFalse(decision.name)

    def test_defaults_in_vietnamese_for_an_english_user(self):
        self.user_appraiser.lang = "en_US"
        decision = self._decision(date(2024, 12, 5))
        self.assertIn("Về việc tặng Giấy khen", decision.subject)
        self.assertNotIn("On awarding", decision.subject)
        self.assertIn("Luật Thi đua, khen thưởng", decision.legal_basis)
        self.assertIn("Xét đề nghị của Trưởng phòng Nội vụ", decision.proposal_text)
        self.assertIn("Quỹ thi đua, khen thưởng", decision.article_funding)
        self.assertIn("chịu trách nhiệm thi hành Quyết định này", decision.article_execution)
        self.assertIn("Như Điều 3", decision.recipients)


@tagged("post_install", "-at_install")
class TestDecisionSigning(DossierCommon):

    def _signed(self, decision_date, nominee="Nguyễn Văn An"):
        dossier = self._eligible_individual(nominee_name=nominee)
        self._approve(dossier)
        decision = self._decision(decision_date)
        decision.action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        return decision, dossier

    def test_sign_numbers_awards_and_freezes(self):
        decision, dossier = self._signed(date(2024, 12, 5))
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.signed_by_id, self.user_manager)
        self.assertEqual(dossier.state, "awarded")
        self.assertEqual(dossier.decision_id, decision)
        self.assertEqual(dossier.bonus_amount, 710_000)
        self.assertEqual(dossier.date_awarded, date(2024, 12, 5))
        self.assertGreaterEqual(len(dossier.verify_token), 32)

        as_manager = decision.with_user(self.user_manager)
        for attempt in (
            lambda: as_manager.write({"signer_name": "Người khác"}),
            lambda: as_manager.write({"date_decision": date(2024, 12, 6)}),
            as_manager.unlink,
            lambda: as_manager.line_ids.write({"sequence": 5}),
            as_manager.line_ids.unlink,
            as_manager.action_cancel,
        ):
            with self.assertRaises(UserError):
                attempt()
        # nor the administrator (any RPC call runs as a user, never as the superuser)
        as_admin = decision.with_user(self.env.ref("base.user_admin"))
        with self.assertRaises(UserError):
            as_admin.write({"signer_title": "CHỦ TỊCH"})
        with self.assertRaises(UserError):
            as_admin.unlink()
        self.assertEqual(decision.amount_total, 710_000)
        # the awarded dossier keeps its nominee and award
        with self.assertRaises(UserError):
            dossier.with_user(self.user_appraiser).write({"nominee_name": "Tên khác"})
        # later changes of the coefficients or of the base salary never reach a signed amount
        self.env.ref("chilang_thidua.award_coefficient_giay_khen_huyen_nd98").bonus_coef_individual = 0.5
        self.env["thidua.base.salary"].create({"date_from": date(2024, 12, 1), "amount": 3_000_000})
        self.env.flush_all()
        decision.invalidate_recordset()
        self.assertEqual(decision.line_ids.bonus_amount, 710_000)

    def test_numbering_gap_free_and_yearly(self):
        first, _ = self._signed(date(2024, 12, 5), "Người thứ nhất")
        # a draft has no number; a refused signature takes none
        draft = self._decision(date(2024, 12, 10))
        self.assertFalse(draft.name)
        dossier = self._eligible_individual(nominee_name="Người thứ hai")
        self._approve(dossier)
        draft.action_load_dossiers()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_council).action_sign()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_appraiser).action_sign()
        self.assertFalse(draft.name)
        draft.with_user(self.user_manager).action_sign()
        self.assertEqual((first.name, draft.name), ("01/QĐ-UBND", "02/QĐ-UBND"))
        # a new year starts again at 01
        next_year, _ = self._signed(date(2025, 1, 10), "Người thứ ba")
        self.assertEqual(next_year.name, "01/QĐ-UBND")

    def test_cannot_sign_empty_or_unapproved(self):
        decision = self._decision(date(2024, 12, 5))
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_sign()
        self.assertFalse(decision.name)

    def test_unit_reads_decisions_awarding_its_dossiers_only(self):
        decision, _dossier = self._signed(date(2024, 12, 5))
        self.assertTrue(decision.with_user(self.user_commune_a).read(["name"]))
        with self.assertRaises(AccessError):
            decision.with_user(self.user_commune_b).read(["name"])
        with self.assertRaises(AccessError):
            self._decision(date(2024, 12, 6), user=self.user_commune_a)
        self.assertTrue(decision.with_user(self.user_council).read(["amount_total_words"]))


@tagged("post_install", "-at_install")
class TestDossierDemo(DossierCommon):
    """The seed's dossiers: a family below the income threshold, the decision of 05/12/2024 signed (history)."""

    def test_demo_dossiers_and_draft_decision(self):
        decision = self.env.ref("chilang_thidua.decision_demo_60_nam", raise_if_not_found=False)
        if not decision:
            self.skipTest("database installed without demo data")
        family = self.env.ref("chilang_thidua.dossier_demo_family")
        self.assertFalse(family.eligible)
        self.assertIn("95.000.000 đ/năm < 120.000.000 đ", family.eligibility_report)
        # the district's 2024 plan is history: the demo signed its decision through action_sign
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.date_decision, date(2024, 12, 5))
        self.assertEqual(decision.amount_total, 1_420_000)
        self.assertEqual(decision.amount_total_words, "Một triệu bốn trăm hai mươi nghìn đồng")
        self.assertIn("Luật Thi đua, khen thưởng", decision.legal_basis)
        self.assertEqual(decision.signed_by_id, self.env.ref("chilang_thidua.user_demo_manager"))
        self.assertRegex(decision.name, r"^\d+/QĐ-UBND$")
