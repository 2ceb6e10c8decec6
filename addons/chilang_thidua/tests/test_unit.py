from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestUnit(ThiduaCommon):
    def test_hierarchy_and_complete_name(self):
        self.assertEqual(self.unit_village_a.complete_name, "UBND huyện Thử Nghiệm / Xã An Bình / Thôn Bản Mới")
        children = self.env["thidua.unit"].search([("id", "child_of", self.unit_commune_a.id)])
        self.assertEqual(children, self.unit_commune_a | self.unit_village_a)
        self.assertEqual(self.unit_commune_a.child_count, 1)

    def test_duplicate_code_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["thidua.unit"].create({"name": "Xã trùng mã", "code": "T_XA_A", "unit_type": "commune"})
        self.assertIn("Mã T_XA_A đã được dùng cho đơn vị Xã An Bình", str(caught.exception))
        self.assertFalse(self.env["thidua.unit"].search([("name", "=", "Xã trùng mã")]))

    def test_duplicate_code_refused_by_database(self):
        """Even a write that skips the ORM check (two transactions at once) meets the SQL constraint."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                "INSERT INTO thidua_unit (name, code, unit_type, company_id, active) VALUES (%s, %s, %s, %s, true)",
                ("Xã trùng mã", "T_XA_A", "commune", self.env.company.id),
            )

    def test_cycle_refused(self):
        with self.assertRaises(ValidationError):
            self.unit_commune_a.parent_id = self.unit_village_a

    def test_own_review_unit_refused(self):
        with self.assertRaises(ValidationError):
            self.unit_education.review_unit_id = self.unit_education

    def test_blank_name_refused(self):
        with self.assertRaises(ValidationError):
            self.env["thidua.unit"].create({"name": "   ", "code": "BLANK", "unit_type": "other"})

    def test_document_authority_is_inherited(self):
        """A sub-unit prints the issuing body and place name of its nearest ancestor that has them."""
        authority = self.unit_village_a._get_document_authority()
        self.assertEqual(authority, self.unit_district)
        self.assertEqual(authority.place_name, "Thử Nghiệm")

    def test_officer_links_both_ways(self):
        self.assertIn(self.unit_commune_a, self.user_commune_a.thidua_unit_ids)

    def test_base_salary_in_force(self):
        salary = self.env["thidua.base.salary"]
        self.assertEqual(salary._amount_at("2024-06-30"), 1800000)
        self.assertEqual(salary._amount_at("2024-07-01"), 2340000)
        self.assertEqual(salary._amount_at("2024-12-05"), 2340000)
        self.assertEqual(salary._amount_at("2020-01-01"), 1490000)
