"""The law as it stood on each decision's date (docs/law.md §2, §2b, §3).

The same three dossiers (an individual, a collective, a household) decided on 05/12/2024 under
NĐ 98/2023 and the 2,340,000 đ base salary, on 01/08/2025 under NĐ 152/2025 with the same base
salary, and on 15/07/2026 under NĐ 152/2025 with the 2,530,000 đ base salary.
"""

from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_dossier import DossierCommon

# (decision date, individual, collective, household, decree printed)
REGIMES = [
    (date(2024, 12, 5), 710_000, 1_410_000, 710_000, "98/2023/NĐ-CP"),  # 0.3/0.6/0.3 × 2,340,000
    (date(2025, 6, 30), 710_000, 1_410_000, 710_000, "98/2023/NĐ-CP"),  # the last day of NĐ 98
    (date(2025, 8, 1), 710_000, 1_410_000, 1_060_000, "152/2025/NĐ-CP"),  # 0.45 × 2,340,000 = 1,053,000
    (date(2026, 6, 30), 710_000, 1_410_000, 1_060_000, "152/2025/NĐ-CP"),
    (date(2026, 7, 15), 760_000, 1_520_000, 1_140_000, "152/2025/NĐ-CP"),  # × 2,530,000
]


@tagged("post_install", "-at_install")
class TestLegalRegimes(DossierCommon):

    def setUp(self):
        super().setUp()
        self.collective = self._eligible_collective()
        self.individual = self._eligible_individual(nominee_name="Nguyễn Văn An")
        self.household = self._dossier(subject_type="family", nominee_name="Hộ ông Hoàng Văn Đẳng",
                                       annual_income=150_000_000, job_title=False)
        self._tick(self.household)
        self._approve(self.collective | self.individual | self.household)

    def _amounts(self, decision):
        by_dossier = {line.dossier_id: line.bonus_amount for line in decision.line_ids}
        return by_dossier[self.individual], by_dossier[self.collective], by_dossier[self.household]

    def test_each_decision_date_takes_its_regime_and_base_salary(self):
        decision = self._decision(REGIMES[0][0])
        decision.with_user(self.user_appraiser).action_load_dossiers()
        for day, individual, collective, household, decree in REGIMES:
            with self.subTest(day=day):
                decision.with_user(self.user_appraiser).date_decision = day
                self.assertEqual(self._amounts(decision), (individual, collective, household))
                self.assertIn(decree, decision.legal_basis)
                other = "152/2025" if "98/2023" in decree else "98/2023"
                self.assertNotIn(other, decision.legal_basis)

    def test_provincial_certificate_of_merit_under_nd_152(self):
        """Bằng khen of the provincial Chairman: 1.5 / 3.0 / 2.25 × the base salary since 01/07/2025."""
        form = self.award_form_province
        self.assertEqual((form.bonus_coef_individual, form.bonus_coef_collective, form.bonus_coef_family),
                         (1.5, 3.0, 2.25))
        regime = form._regime_at(date(2026, 7, 15))
        self.assertEqual(regime.bonus_coef_individual * 2_530_000, 3_795_000)
        self.assertEqual(form._regime_at(date(2024, 12, 5)).bonus_coef_individual, 1.0)

    def test_signed_2024_decision_is_unchanged_by_later_law(self):
        decision = self._decision(date(2024, 12, 5))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        signed = (self._amounts(decision), decision.amount_total, decision.legal_basis)
        self.assertEqual(signed[0], (710_000, 1_410_000, 710_000))
        # what an update of the law brings: a corrected NĐ 98 row, a new base salary row for 2024
        self.env.ref("chilang_thidua.award_coefficient_giay_khen_huyen_nd98").bonus_coef_family = 0.45
        self.env["thidua.base.salary"].create({"date_from": date(2024, 12, 1), "amount": 2_530_000})
        self.env.flush_all()
        decision.invalidate_recordset()
        decision.line_ids.invalidate_recordset()
        self.assertEqual((self._amounts(decision), decision.amount_total, decision.legal_basis), signed)

    def test_no_regime_in_force_is_a_plain_refusal(self):
        decision = self._decision(date(2023, 6, 1))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        self.assertEqual(decision.amount_total, 0)
        with self.assertRaisesRegex(UserError, "01/06/2023"):
            decision.with_user(self.user_manager).action_sign()
        self.assertEqual((decision.state, decision.name), ("draft", False))

    def test_regimes_of_one_award_do_not_overlap(self):
        with self.assertRaises(ValidationError):
            self.env["thidua.award.coefficient"].create({
                "award_form_id": self.award_form.id, "date_from": date(2025, 1, 1), "legal_basis": "Trùng",
            })

    def test_one_achievement_one_award_across_award_forms(self):
        """Law Art. 5: an awarded nominee proposed again in the same campaign under another award
        form is flagged with the earlier decision."""
        decision = self._decision(date(2024, 12, 5))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        self.campaign.award_form_ids = [(4, self.award_form_province.id)]
        again = self._dossier(nominee_name="  nguyễn văn  An ", award_form_id=self.award_form_province.id,
                              user=self.user_commune_b, unit_id=self.unit_commune_b.id)
        # the other unit is warned without the award it may not read; the appraiser reads it in full
        self.assertIn("1 khen thưởng khác cùng năm", again.duplicate_warning)
        self.assertNotIn(decision.name, again.duplicate_warning)
        warning = again.with_user(self.user_appraiser).duplicate_warning
        self.assertIn(decision.name, warning)
        self.assertIn(self.award_form.name, warning)
        # an award already given cannot go up for the same achievement
        with self.assertRaisesRegex(UserError, decision.name):
            self.individual.with_user(self.user_appraiser).action_propose_higher()

    def test_higher_proposal_replaces_the_lower_one(self):
        """An approved dossier proposed to the province waits for that award: no Giấy khen meanwhile."""
        action = self.individual.with_user(self.user_appraiser).action_propose_higher()
        proposal = self.env["thidua.dossier"].browse(action["res_id"])
        self.assertFalse(proposal.duplicate_warning)  # its own way up, not a second award
        self.assertIn("thay thế", self.individual.message_ids[:1].body)
        decision = self._decision(date(2026, 7, 15))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        self.assertNotIn(self.individual, decision.line_ids.dossier_id)
        self.assertIn(self.collective, decision.line_ids.dossier_id)
