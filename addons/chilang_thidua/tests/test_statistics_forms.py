"""Statistics forms as dated data (docs/law.md §11): the report of a year takes the layout in force
for that year and names its circular; every cell is checked against a count made by hand below."""

import base64
import io
from datetime import date

from odoo.tests import tagged

from .common import ThiduaCommon

# (name, issued, start, end, scope, method, launched at, state): campaigns of the test district
CAMPAIGNS = [
    ("A", date(2025, 12, 15), date(2026, 1, 1), date(2026, 12, 31), "locality", "regular", "agency", "open"),
    ("B", date(2026, 3, 1), date(2026, 3, 1), date(2026, 8, 31), "agency", "thematic", "agency", "closed"),
    ("C", date(2026, 5, 10), date(2026, 5, 10), date(2028, 5, 9), "cluster", "thematic", "province", "open"),
    ("D", date(2026, 11, 30), date(2026, 12, 1), date(2030, 11, 30), "locality", "thematic", "province", "open"),
    ("E", False, date(2026, 2, 1), date(2031, 1, 31), "nationwide", "regular", "central", "done"),
    # not counted: launched after or before the reporting year (01/12/2025 – 30/11/2026), never launched
    ("F", date(2026, 12, 1), date(2026, 12, 1), date(2027, 6, 30), "locality", "thematic", "agency", "open"),
    ("G", date(2025, 11, 30), date(2025, 12, 1), date(2026, 6, 30), "locality", "thematic", "agency", "open"),
    ("H", date(2026, 4, 1), date(2026, 4, 1), date(2026, 9, 30), "locality", "thematic", "agency", "draft"),
    ("I", date(2026, 4, 2), date(2026, 4, 2), date(2026, 9, 30), "locality", "thematic", "agency", "cancelled"),
]
# 0601.N for 2026 by hand: row → (total, column 2 central, 3 ministry/province, 4 agency)
EXPECTED_0601_2026 = {
    "01": (5, 1, 2, 2),  # A B C D E
    "02": (1, 1, 0, 0),  # E nationwide
    "03": (2, 0, 1, 1),  # A (agency), D (province)
    "04": (1, 0, 1, 0),  # C
    "05": (1, 0, 0, 1),  # B
    "06": (1, 0, 0, 1),  # B: 6 months
    "07": (1, 0, 0, 1),  # A: 01/01–31/12
    "08": (1, 0, 1, 0),  # C: 2 years
    "09": (1, 0, 1, 0),  # D: 4 years
    "10": (1, 1, 0, 0),  # E: 5 years
    "11": (3, 0, 2, 1),  # B C D thematic
    "12": (2, 1, 0, 1),  # A E regular
}
# (name, subject, leadership, form key, method): 2025 awards of the district
AWARDS = [
    ("Xã An Bình", "collective", "none", "merit", "regular"),
    ("HTX Bình Yên", "enterprise", "none", "flag", "regular"),
    ("Hộ ông Hoàng Văn Đẳng", "family", "none", "merit", "thematic"),
    ("Nguyễn Văn Chủ", "civil_servant", "province", "soldier", "regular"),
    ("Lê Thị Thu", "civil_servant", "department", "merit", "unscheduled"),
    ("Trần Văn Tài", "entrepreneur", "none", "merit", "regular"),
    ("Phạm Văn Hải", "public_employee", "other", "soldier", "dedication"),
    ("Vi Văn Sơn", "farmer", "none", "merit", "thematic"),
    # outside the form's columns (a commune's Giấy khen): not counted
    ("Lương Văn Tình", "civil_servant", "none", "commune", "thematic"),
]
# 0603.N for 2025 by hand: row → (total, 2 Bằng khen, 3 CSTĐ cấp tỉnh, 4 Cờ thi đua, 5 Kỷ niệm chương)
EXPECTED_0603_2025 = {
    "01": (8, 5, 2, 1, 0), "02": (2, 1, 0, 1, 0), "03": (1, 0, 0, 1, 0), "04": (1, 1, 0, 0, 0),
    "05": (5, 3, 2, 0, 0), "06": (1, 0, 1, 0, 0), "07": (1, 1, 0, 0, 0), "08": (1, 1, 0, 0, 0),
    "09": (1, 0, 1, 0, 0), "10": (1, 1, 0, 0, 0), "11": (4, 2, 1, 1, 0), "12": (2, 2, 0, 0, 0),
    "13": (1, 1, 0, 0, 0), "14": (0, 0, 0, 0, 0), "15": (1, 0, 1, 0, 0), "16": (0, 0, 0, 0, 0),
    "17": (0, 0, 0, 0, 0),
}


@tagged("post_install", "-at_install")
class TestStatisticsForms(ThiduaCommon):

    def _campaigns(self, rows, unit=None):
        campaigns = self.env["thidua.campaign"]
        for name, issued, start, end, scope, method, level, state in rows:
            campaign = self.env["thidua.campaign"].create({
                "name": f"Phong trào {name}", "issuing_unit_id": (unit or self.unit_district).id,
                "date_issued": issued, "date_start": start, "date_end": end, "registration_deadline": start,
                "emulation_scope": scope, "emulation_method": method, "organizer_level": level,
            })
            self.env.cr.execute("UPDATE thidua_campaign SET state = %s WHERE id = %s", [state, campaign.id])
            campaigns |= campaign
        campaigns.invalidate_recordset(["state"])
        return campaigns

    def _awards(self):
        Form = self.env["thidua.award.form"]
        forms = {
            "merit": self.env.ref("chilang_thidua.award_form_bang_khen_tinh"),
            "soldier": Form.create({"name": "Danh hiệu Chiến sĩ thi đua cấp tỉnh", "code": "T_CSTD_TINH",
                                    "level": "province", "kind": "title", "grantor_title": "Chủ tịch UBND tỉnh",
                                    "report_0603_column": "emulation_soldier"}),
            "flag": Form.create({"name": "Cờ thi đua của UBND tỉnh", "code": "T_CO_TINH", "level": "province",
                                 "grantor_title": "Chủ tịch UBND tỉnh", "report_0603_column": "flag"}),
            "commune": self.env.ref("chilang_thidua.award_form_giay_khen_xa"),
        }
        self.assertEqual(forms["merit"].report_0603_column, "merit")
        records = self.env["thidua.award.record"].create([{
            "nominee_name": name, "subject_type": subject, "leadership_level": leadership,
            "award_form_id": forms[form].id, "award_method": method, "decision_number": f"{index}/QĐ-UBND",
            "decision_date": date(2025, 6, index), "issuing_unit_id": self.unit_district.id,
        } for index, (name, subject, leadership, form, method) in enumerate(AWARDS, start=1)])
        # another year
        records |= self.env["thidua.award.record"].create({
            "nominee_name": "Năm khác", "award_form_id": forms["merit"].id, "decision_number": "99/QĐ-UBND",
            "decision_date": date(2024, 6, 1), "issuing_unit_id": self.unit_district.id})
        return records

    def _report(self, code, year, **values):
        return self.env["thidua.statistics.report"].with_user(self.user_appraiser).create(
            dict({"code": code, "year": year, "issuing_unit_id": self.unit_district.id}, **values))

    def test_2026_campaigns_form_0601_follows_tt_18_2025(self):
        self._campaigns(CAMPAIGNS)
        report = self._report("0601.N", 2026, head_name="Hoàng Văn Xã")
        self.assertEqual(report.form_id, self.env.ref("chilang_thidua.statistics_form_0601_tt18_2025"))
        self.assertIn("18/2025/TT-BNV", report.circular)
        self.assertIn("đối chiếu Thông tư 18/2025/TT-BNV trước khi gửi", report.form_note)
        figures = report._figures()
        got = {code: (row["total"], row["2"], row["3"], row["4"]) for code, row in figures.items()}
        self.assertEqual(got, EXPECTED_0601_2026)
        html = str(report.preview)
        for expected in ("SỐ PHONG TRÀO THI ĐUA", "Năm 2026 (từ 01/12/2025 đến 30/11/2026)", "18/2025/TT-BNV",
                         "Người lập biểu", "Thủ trưởng đơn vị", "Hoàng Văn Xã", "Đơn vị báo cáo: "
                         + report.reporting_unit):
            self.assertIn(expected, html)
        # the same year's form 0601.N of 2025 is TT 02/2023's, and counts nothing here
        earlier = self._report("0601.N", 2025)
        self.assertEqual(earlier.form_id, self.env.ref("chilang_thidua.statistics_form_0601_tt02_2023"))
        self.assertIn("02/2023/TT-BNV", earlier.circular)
        self.assertFalse(earlier.form_note)
        self.assertEqual(earlier._figures()["01"]["total"], 1)  # G, launched 30/11/2025

    def test_2025_awards_form_0603_follows_tt_02_2023(self):
        self._awards()
        report = self._report("0603.N", 2025)
        self.assertEqual(report.form_id, self.env.ref("chilang_thidua.statistics_form_0603_tt02_2023"))
        self.assertIn("02/2023/TT-BNV", report.circular)
        figures = report._figures()
        got = {code: (row["total"], row["2"], row["3"], row["4"], row["5"]) for code, row in figures.items()}
        self.assertEqual(got, EXPECTED_0603_2025)
        self.assertEqual(report._form_table()["outside"], 1)  # the commune's Giấy khen
        # the spreadsheet, read back cell by cell
        import openpyxl  # noqa: PLC0415 - Odoo's own import dependency

        report.action_export_xlsx()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file))).active
        cells = {row[1].value: tuple(cell.value for cell in row[3:8]) for row in sheet.iter_rows()
                 if row[1].value and str(row[1].value).isdigit()}
        self.assertEqual(cells, EXPECTED_0603_2025)
        self.assertEqual(sheet["A1"].value, "Biểu số: 0603.N/BNV-TĐKT")
        self.assertIn("02/2023/TT-BNV", sheet["A2"].value)
        # 2026: TT 18/2025's regime, same layout, marked to be checked
        later = self._report("0603.N", 2026)
        self.assertEqual(later.form_id.legal_document_id,
                         self.env.ref("chilang_thidua.legal_document_tt_18_2025_bnv"))
        self.assertIn("đối chiếu", later.form_note)

    def test_query_count_does_not_grow_with_units(self):
        Unit = self.env["thidua.unit"]
        rows = [row for row in CAMPAIGNS if row[0] in "ABCDE"]

        def add_units(count, prefix):
            for index in range(count):
                unit = Unit.create({"name": f"Xã {prefix}{index}", "code": f"T_{prefix}{index}",
                                    "unit_type": "commune", "parent_id": self.unit_district.id})
                self._campaigns(rows, unit=unit)

        add_units(2, "P")
        report = self._report("0601.N", 2026)
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        few = report._figures()
        queries = self.env.cr.sql_log_count - start
        add_units(6, "Q")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            many = report._figures()
        self.assertEqual((few["01"]["total"], many["01"]["total"]), (10, 40))
