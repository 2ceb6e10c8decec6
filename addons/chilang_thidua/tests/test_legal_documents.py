"""Legal bases as records that know when they are in force (docs/law.md §12).

NĐ 98/2023 ended on 30/06/2025 when NĐ 152/2025 came into force: a plan or decision dated after
that which still cites it is warned, does not print it, and its appraiser gets a to-do; a 2024
decision prints its bases as it did when it was signed.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import document_format as fmt
from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestLegalDocuments(DossierCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.law = cls.env.ref("chilang_thidua.legal_document_law_06_2022")
        cls.nd98 = cls.env.ref("chilang_thidua.legal_document_nd_98_2023")
        cls.nd152 = cls.env.ref("chilang_thidua.legal_document_nd_152_2025")
        cls.activity_type = cls.env.ref("chilang_thidua.mail_activity_type_legal_basis")

    def _campaign(self, issued, documents, **values):
        vals = {
            "name": f"Phong trào thi đua {issued.isoformat()}",
            "issuing_unit_id": self.unit_district.id,
            "date_issued": issued,
            "date_start": issued,
            "date_end": date(issued.year + 1, 10, 31),
            "registration_deadline": date(issued.year + 1, 1, 20),
            "user_id": self.user_appraiser.id,
            "legal_document_ids": [(6, 0, documents.ids)],
            "content_ids": [(0, 0, {"name": "Chuyển đổi số"})],
        }
        vals.update(values)
        return self.env["thidua.campaign"].with_user(self.user_appraiser).create(vals)

    def _todos(self, records):
        return self.env["mail.activity"].search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids),
            ("activity_type_id", "=", self.activity_type.id)])

    @freeze_time("2025-09-01")
    def test_campaign_citing_nd_98_after_july_2025_is_warned(self):
        campaign = self._campaign(date(2025, 8, 15), self.law | self.nd98)
        self.assertIn("98/2023/NĐ-CP", campaign.legal_warning)
        self.assertIn("30/06/2025", campaign.legal_warning)
        self.assertIn("152/2025/NĐ-CP", campaign.legal_warning)  # its successor is named
        # the plan prints the law, not the decree that had ended on its date
        bases = campaign.legal_document_ids._basis_lines(campaign.legal_basis, campaign.date_issued)
        self.assertEqual(bases, [self.law.citation])
        # the same campaign citing the decree in force is not warned
        campaign.legal_document_ids = self.law | self.nd152
        self.assertFalse(campaign.legal_warning)
        self.assertEqual(campaign.legal_document_ids._basis_lines(False, campaign.date_issued),
                         [self.law.citation, self.nd152.citation])

    @freeze_time("2025-09-01")
    def test_appraiser_gets_one_todo_per_campaign(self):
        warned = self._campaign(date(2025, 8, 15), self.law | self.nd98)
        fine = self._campaign(date(2025, 8, 16), self.law | self.nd152)
        self.env["thidua.legal.document"]._cron_check_citations()
        todo = self._todos(warned)
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.user_appraiser)
        self.assertIn("98/2023/NĐ-CP", str(todo.note))
        self.assertFalse(self._todos(fine))
        # the next day: the open to-do is not repeated
        self.env["thidua.legal.document"]._cron_check_citations()
        self.assertEqual(len(self._todos(warned)), 1)

    @freeze_time("2027-01-05")
    def test_document_ending_within_60_days_is_announced(self):
        """NĐ 152/2025 ends on 28/02/2027 on its public record [unsure]: 54 days ahead."""
        campaign = self._campaign(date(2026, 12, 1), self.law | self.nd152)
        self.assertIn("28/02/2027", campaign.legal_warning)
        self.env["thidua.legal.document"]._cron_check_citations()
        self.assertEqual(len(self._todos(campaign)), 1)
        # a campaign that is done is history: no warning, no to-do
        done = self._campaign(date(2026, 12, 2), self.law | self.nd152)
        self.env.cr.execute("UPDATE thidua_campaign SET state = 'done' WHERE id = %s", [done.id])
        done.invalidate_recordset()
        self.assertFalse(done.legal_warning)

    @freeze_time("2025-09-01")
    def test_cron_query_count_does_not_grow_with_records(self):
        Document = self.env["thidua.legal.document"]
        self._campaign(date(2025, 8, 15), self.law | self.nd98, name="Phong trào A")
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Document._cron_check_citations()
        self.env.flush_all()
        one = self.env.cr.sql_log_count - start
        for index in range(6):
            self._campaign(date(2025, 8, 20), self.law | self.nd98, name=f"Phong trào B{index}")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            Document._cron_check_citations()
            self.env.flush_all()
        self.assertEqual(len(self._todos(self.env["thidua.campaign"].search([("name", "like", "Phong trào B")]))), 6)

    def test_decision_cites_the_law_and_the_decree_of_its_date(self):
        individual = self._eligible_individual()
        self._approve(individual)
        decision = self._decision(date(2026, 7, 15))
        self.assertEqual(decision.legal_document_ids, self.law | self.nd152)
        report = self.env["report.chilang_thidua.report_decision"]
        bases = report._decision_values(decision)["bases"]
        # each basis once: the records in force, then the campaign's plan from the text
        self.assertEqual(bases[:2], [self.law.citation, self.nd152.citation])
        self.assertEqual(len([line for line in bases if "152/2025" in line]), 1)
        self.assertFalse([line for line in bases if "98/2023" in line])

    def test_2024_decision_prints_its_bases_as_before(self):
        """The 2024 decisions print the same "Căn cứ" lines as their text (what was signed)."""
        individual = self._eligible_individual()
        self._approve(individual)
        decision = self._decision(date(2024, 12, 5))
        self.assertEqual(decision.legal_document_ids, self.law | self.nd98)
        report = self.env["report.chilang_thidua.report_decision"]
        self.assertEqual(report._decision_values(decision)["bases"], fmt.text_lines(decision.legal_basis))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        # a signed decision without records (signed before they existed) prints its text
        self.env.cr.execute("DELETE FROM thidua_decision_legal_document_rel WHERE decision_id = %s", [decision.id])
        decision.invalidate_recordset()
        self.assertEqual(report._decision_values(decision)["bases"], fmt.text_lines(decision.legal_basis))
        self.assertFalse(decision.legal_warning)
