from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestDossierEligibility(DossierCommon):
    """Criteria per subject type, each explained; appraisal refuses an ineligible dossier."""

    def test_family_below_income_threshold_is_ineligible_and_says_why(self):
        dossier = self._dossier(subject_type="family", nominee_name="Hộ ông Hoàng Văn Dũng",
                                annual_income=95_000_000, job_title=False)
        self._tick(dossier)
        self.assertFalse(dossier.eligible)
        self.assertIn("Thu nhập bình quân 95.000.000 đ/năm < 120.000.000 đ", dossier.eligibility_report)
        income_line = dossier.criterion_ids.filtered(lambda line: line.check == "min_income")
        self.assertEqual(income_line.kind, "auto")
        self.assertFalse(income_line.is_met)
        # every criterion of the plan's c) is listed, met or not
        self.assertEqual(len(dossier.eligibility_report.splitlines()), len(dossier.criterion_ids))
        self.assertEqual(len(dossier.criterion_ids), 3)

        dossier.with_user(self.user_commune_a).action_submit()
        with self.assertRaises(UserError) as refusal:
            dossier.with_user(self.user_appraiser).action_appraise()
        self.assertIn("95.000.000 đ/năm < 120.000.000 đ", str(refusal.exception))
        self.assertEqual(dossier.state, "submitted")

        # the unit corrects the income after a return: the automatic line follows
        dossier.with_user(self.user_appraiser).action_return("Thu nhập chưa đạt, đề nghị kiểm tra lại.")
        dossier.with_user(self.user_commune_a).annual_income = 130_000_000
        self.assertTrue(dossier.eligible)
        self.assertIn("Thu nhập bình quân 130.000.000 đ/năm ≥ 120.000.000 đ", dossier.eligibility_report)

    def test_enterprise_with_unpaid_taxes_is_ineligible(self):
        dossier = self._dossier(subject_type="enterprise", nominee_name="Công ty TNHH Thử Nghiệm",
                                taxes_paid=False, stable_worker_income=True, job_title=False)
        self._tick(dossier)
        self.assertFalse(dossier.eligible)
        self.assertIn("✗", dossier.eligibility_report)
        self.assertIn("Chưa chấp hành đầy đủ, kịp thời nghĩa vụ tài chính, thuế", dossier.eligibility_report)
        self.assertIn("Bảo đảm thu nhập ổn định cho người lao động", dossier.eligibility_report)
        dossier.with_user(self.user_commune_a).taxes_paid = True
        self.assertTrue(dossier.eligible)

    def test_automatic_criteria_cannot_be_ticked(self):
        dossier = self._dossier(subject_type="family", annual_income=50_000_000, job_title=False)
        income_line = dossier.criterion_ids.filtered(lambda line: line.kind == "auto")
        with self.assertRaises(UserError):
            income_line.with_user(self.user_commune_a).write({"is_met": True})

    def test_criteria_follow_the_subject_type_and_campaign_override(self):
        dossier = self._dossier()
        self.assertEqual(len(dossier.criterion_ids), 3)
        dossier.with_user(self.user_commune_a).write({"subject_type": "enterprise", "job_title": False})
        self.assertEqual(set(dossier.criterion_ids.mapped("check")) - {False}, {"taxes_paid", "stable_worker_income"})
        # a campaign may raise the income threshold: its own list replaces the award form's
        template = self.env["thidua.criterion.template"]._get_for(self.award_form, False, "farmer").filtered("check")
        template.copy({"campaign_id": self.campaign.id, "threshold": 150_000_000})
        farmer = self._dossier(subject_type="farmer", annual_income=130_000_000, job_title=False)
        self.assertEqual(len(farmer.criterion_ids), 1)
        self.assertIn("130.000.000 đ/năm < 150.000.000 đ", farmer.eligibility_report)

    def test_collective_needs_an_accepted_registration(self):
        dossier = self._dossier(subject_type="collective", nominee_name="Xã Bình Yên",
                                unit_id=self.unit_commune_b.id, nominee_unit_id=self.unit_commune_b.id,
                                user=self.user_commune_b, job_title=False)
        line = dossier.criterion_ids.filtered(lambda line: line.check == "registration_accepted")
        self.assertFalse(line.is_met)
        self.assertIn("chưa có đăng ký", line.note)
        self._accept_registration(self.unit_commune_b)
        dossier.with_user(self.user_commune_b).action_check_criteria()
        self.assertTrue(line.is_met)
        # the village registered in the fixtures: its collective dossier meets the criterion
        village = self._dossier(subject_type="collective", nominee_name="Thôn Bản Mới",
                                nominee_unit_id=self.unit_village_a.id, job_title=False)
        self.assertTrue(village.criterion_ids.filtered(lambda line: line.check == "registration_accepted").is_met)


@tagged("post_install", "-at_install")
class TestDossierWorkflow(DossierCommon):

    def test_dossiers_wait_for_the_end_of_the_campaign(self):
        campaign = self.campaign.copy({"name": "Phong trào đang chạy"})
        campaign.action_open()
        with self.assertRaises(UserError) as refusal:
            self._dossier(campaign_id=campaign.id)
        self.assertIn("khi phong trào đã kết thúc", str(refusal.exception))

    def test_submit_appraise_and_notify_the_unit(self):
        dossier = self._eligible_individual()
        self.assertTrue(dossier.eligible)
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_commune_b).action_submit()
        dossier.with_user(self.user_commune_a).action_submit()
        self.assertEqual(dossier.state, "submitted")
        # the unit can no longer edit a submitted dossier
        with self.assertRaises(UserError):
            dossier.with_user(self.user_commune_a).nominee_name = "Tên khác"
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_council).action_appraise()
        dossier.with_user(self.user_appraiser).action_appraise()
        self.assertEqual(dossier.state, "appraised")
        self.assertEqual(dossier.appraiser_id, self.user_appraiser)
        self.assertTrue(all(dossier.criterion_ids.filtered(lambda line: line.kind == "manual").mapped("confirmed")))
        message = dossier.message_ids[:1]
        self.assertIn(self.user_commune_a.partner_id, message.notified_partner_ids)

    def test_return_with_reason(self):
        dossier = self._eligible_individual()
        dossier.with_user(self.user_commune_a).action_submit()
        wizard_action = dossier.with_user(self.user_appraiser).action_return()
        self.assertEqual(wizard_action["res_model"], "thidua.return.wizard")
        wizard = self.env["thidua.return.wizard"].with_user(self.user_appraiser).browse(wizard_action["res_id"])
        self.assertIn(dossier.nominee_name, wizard.record_names)
        wizard.reason = "Thiếu biên bản họp Hội đồng thi đua của đơn vị."
        wizard.action_confirm()
        self.assertEqual(dossier.state, "returned")
        self.assertEqual(dossier.review_note, "Thiếu biên bản họp Hội đồng thi đua của đơn vị.")
        self.assertIn(self.user_commune_a.partner_id, dossier.message_ids[:1].notified_partner_ids)
        self.assertIn("Thiếu biên bản", dossier.message_ids[:1].body)
        # corrected and submitted again
        dossier.with_user(self.user_commune_a).achievement = "Đã có thành tích xuất sắc, bổ sung biên bản"
        dossier.with_user(self.user_commune_a).action_submit()
        self.assertEqual(dossier.state, "submitted")

    def test_double_award_warning_and_history_across_campaigns(self):
        first = self._eligible_individual(nominee_name="Trần Thị Bình")
        self._approve(first)
        decision = self._decision(date(2024, 12, 5))
        decision.action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(first.state, "awarded")

        # another campaign over the same period, proposed by another unit
        other_campaign = self.campaign.copy({"name": "Phong trào chuyên đề 2024"})
        other_campaign.action_open()
        other_campaign.action_close()
        second = self._dossier(campaign_id=other_campaign.id, unit_id=self.unit_commune_b.id,
                               user=self.user_commune_b, nominee_name="trần thị bình")
        # the other unit cannot read the first dossier: it is warned, the award counted without its
        # decision; the appraiser reads the history in full
        with self.assertRaises(AccessError):
            first.with_user(self.user_commune_b).read(["nominee_name"])
        second = second.with_user(self.user_commune_b)
        self.assertIn("1 khen thưởng khác cùng năm", second.duplicate_warning)
        self.assertNotIn(decision.name, second.award_history)
        self.assertIn(decision.name, second.with_user(self.user_appraiser).award_history)
        self.assertIn("Luật", second.with_user(self.user_appraiser).duplicate_warning)
        # a warning, not a block
        self._tick(second, self.user_commune_b)
        second.action_submit()
        self.assertEqual(second.state, "submitted")

        # a later period: history shown, no warning
        later = self.campaign.copy({"name": "Phong trào 2026", "date_start": date(2026, 1, 1),
                                    "date_end": date(2026, 10, 31), "registration_deadline": date(2026, 1, 20)})
        later.action_open()
        later.action_close()
        third = self._dossier(campaign_id=later.id, nominee_name="Trần Thị Bình")
        self.assertFalse(third.duplicate_warning)
        self.assertTrue(third.award_history)

    def test_propose_higher_award(self):
        dossier = self._eligible_individual()
        self._approve(dossier)
        self.assertEqual(dossier.state, "approved")
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_commune_a).action_propose_higher()
        action = dossier.with_user(self.user_council).action_propose_higher()
        higher = self.env["thidua.dossier"].browse(action["res_id"])
        self.assertEqual(higher.award_form_id, self.award_form_province)
        self.assertEqual(higher.origin_dossier_id, dossier)
        self.assertEqual(higher.state, "draft")
        self.assertEqual(higher.nominee_name, dossier.nominee_name)
        with self.assertRaises(UserError):
            dossier.with_user(self.user_council).action_propose_higher()

    def test_only_drafts_are_deleted(self):
        dossier = self._eligible_individual()
        dossier.with_user(self.user_commune_a).action_submit()
        with self.assertRaises(UserError):
            dossier.with_user(self.user_appraiser).unlink()
        draft = self._dossier(nominee_name="Bản nháp")
        draft.with_user(self.user_commune_a).unlink()
        self.assertFalse(draft.exists())


@tagged("post_install", "-at_install")
class TestDossierAccess(DossierCommon):

    def test_unit_officer_reads_only_own_units_dossiers(self):
        mine = self._dossier()
        theirs = self._dossier(unit_id=self.unit_commune_b.id, user=self.user_commune_b, nominee_name="Lê Văn Cường")
        Dossier = self.env["thidua.dossier"].with_user(self.user_commune_a)
        self.assertIn(mine, Dossier.search([]))
        self.assertNotIn(theirs, Dossier.search([]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_commune_a).read(["nominee_name"])
        with self.assertRaises(AccessError):
            self._dossier(unit_id=self.unit_commune_b.id, user=self.user_commune_a)

    def test_council_reads_all_but_does_not_edit_or_appraise(self):
        dossier = self._eligible_individual()
        self.assertTrue(dossier.with_user(self.user_council).read(["nominee_name", "eligibility_report"]))
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_council).write({"nominee_name": "Sửa tên"})

    def test_portal_officer_proposes_for_own_unit(self):
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                nominee_name="Lăng Thị Hoa", subject_type="public_employee")
        self.assertEqual(dossier.state, "draft")
        self._tick(dossier, self.user_portal_school)
        dossier.with_user(self.user_portal_school).action_submit()
        with self.assertRaises(UserError):
            dossier.with_user(self.user_portal_school).write({"achievement": "Sửa sau khi gửi"})
        other = self._dossier()
        with self.assertRaises(AccessError):
            other.with_user(self.user_portal_school).read(["nominee_name"])
