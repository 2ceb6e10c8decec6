"""The award register: import of past awards, history where dossiers are decided,
the signed decision's rows, and form 0603.N."""

import base64
import datetime
import io
import os
import shutil
import subprocess
import tempfile
import unittest
from datetime import date

import xlsxwriter

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common_dossier import DossierCommon

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the headers of the template (static/xls/thidua_award_record_import.xlsx), the fields' Vietnamese labels
HEADERS = ["Cá nhân, tập thể được khen thưởng", "Số CCCD", "Đối tượng", "Chức vụ, đơn vị công tác",
           "Đơn vị công tác hoặc tập thể", "Hình thức khen thưởng", "Năm", "Số quyết định", "Ngày quyết định",
           "Cơ quan ban hành", "Thành tích", "Phương thức khen thưởng"]
FIELDS = ["nominee_name", "identity_number", "subject_type", "job_title", "unit_id", "award_form_id", "year",
          "decision_number", "decision_date", "issuing_body", "achievement", "award_method"]
IMPORT_OPTIONS = {"has_headers": True, "date_format": "%Y-%m-%d", "datetime_format": "", "separator": ",",
                  "quoting": '"', "float_thousand_separator": ",", "float_decimal_separator": ".",
                  "encoding": "utf-8"}
HOA_CCCD = "020190001234"
BODY = "Ủy ban nhân dân huyện Thử Nghiệm"
# where the README's picture of form 0603.N is written (tools and the README name this path)
PNG_PATH = os.environ.get("THIDUA_0603_PNG")


def xlsx_file(rows, text_dates=False):
    """An .xlsx of the template's columns with ``rows`` (dicts by field name)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("So theo doi khen thuong")
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADERS)
    for number, row in enumerate(rows, start=1):
        for column, name in enumerate(FIELDS):
            value = row.get(name, "")
            if isinstance(value, date) and not text_dates:
                sheet.write_datetime(number, column, datetime.datetime.combine(value, datetime.time()), day)
            elif isinstance(value, int):
                sheet.write_number(number, column, value)
            elif value != "":
                sheet.write_string(number, column, value.strftime("%d/%m/%Y") if isinstance(value, date) else value,
                                   text)
    workbook.close()
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestAwardRegister(DossierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["thidua.award.record"]
        cls.award_form_province = cls.env.ref("chilang_thidua.award_form_bang_khen_tinh")
        # this district's Giấy khen and the province's Bằng khen of 2023, as Phòng Nội vụ kept them
        cls.past_rows = [
            {"nominee_name": "Nguyễn  Thị Hoa", "identity_number": "020 190 001 234",
             "subject_type": "Cán bộ, công chức, chiến sĩ", "job_title": "Công chức Tư pháp - Hộ tịch xã An Bình",
             "unit_id": "Xã An Bình", "award_form_id": "GK_HUYEN", "decision_number": "15/QĐ-UBND",
             "decision_date": date(2024, 3, 5), "issuing_body": BODY, "award_method": "Đột xuất",
             "achievement": "Có thành tích xuất sắc đột xuất trong phòng chống thiên tai"},
            {"nominee_name": "Thôn Bản Mới", "subject_type": "Tập thể", "unit_id": "Thôn Bản Mới",
             "award_form_id": "Giấy khen của Chủ tịch UBND huyện", "year": 2023, "decision_number": "1520/QĐ-UBND",
             "decision_date": date(2023, 12, 22), "issuing_body": BODY},
            {"nominee_name": "Lương Văn Bình", "identity_number": "020088009876", "subject_type": "Nông dân",
             "award_form_id": "bằng khen của chủ tịch  ubnd tỉnh", "year": 2023, "decision_number": "2105/QĐ-UBND",
             "decision_date": date(2023, 12, 28), "issuing_body": "Ủy ban nhân dân tỉnh Thử Nghiệm"},
        ]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _import(self, rows, user=None, dryrun=False, text_dates=False, **options):
        Import = self.env["base_import.import"].with_user(user or self.user_appraiser)
        importer = Import.create({"res_model": "thidua.award.record", "file": xlsx_file(rows, text_dates),
                                  "file_name": "so_khen_thuong.xlsx", "file_type": XLSX})
        opts = dict(IMPORT_OPTIONS, **options)
        return importer.execute_import(FIELDS, HEADERS, opts, dryrun=dryrun)

    def _import_past(self):
        result = self._import(self.past_rows)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        return self.Record.browse(result["ids"])

    def _approved(self, **values):
        """An approved dossier of the test campaign (fixture shortcut past appraisal and council)."""
        vals = {"campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id,
                "award_form_id": self.award_form.id, "subject_type": "civil_servant",
                "nominee_name": "Nguyễn Thị Hoa", "achievement": "xuất sắc trong phong trào thi đua năm 2024"}
        vals.update(values)
        # sudo: fixtures skip the submission, appraisal and council steps tested elsewhere
        dossier = self.env["thidua.dossier"].sudo().create(vals)
        dossier._set_state("approved")
        return dossier

    def _sign(self, dossiers, decision_date=date(2024, 12, 5)):
        decision = self.env["thidua.decision"].sudo().create({
            "campaign_id": self.campaign.id, "award_form_id": dossiers[:1].award_form_id.id,
            "date_decision": decision_date,
        })
        decision.action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        return decision

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def test_template_headers_map_to_the_fields(self):
        """The template's Vietnamese headers are the fields' labels: the import dialog maps them all."""
        templates = self.Record.get_import_templates()
        self.assertEqual(len(templates), 1)
        # the template, filled in with one line (Odoo's preview needs one)
        import openpyxl  # noqa: PLC0415 - Odoo's own import dependency

        book = openpyxl.load_workbook(file_path("chilang_thidua/static/xls/thidua_award_record_import.xlsx"))
        book.worksheets[0].append(["Nguyễn Văn A", "020185000001", "Tập thể", "", "", "GK_HUYEN", 2022])
        output = io.BytesIO()
        book.save(output)
        content = output.getvalue()
        importer = self.env["base_import.import"].with_user(self.user_appraiser).create({
            "res_model": "thidua.award.record", "file": content, "file_name": "mau.xlsx", "file_type": XLSX})
        preview = importer.parse_preview(dict(IMPORT_OPTIONS))
        self.assertNotIn("error", preview, preview.get("error"))
        self.assertEqual(preview["headers"], HEADERS)
        mapped = {preview["headers"][index]: path[0] for index, path in preview["matches"].items()}
        self.assertEqual(mapped, dict(zip(HEADERS, FIELDS, strict=True)))

    def test_import_past_awards(self):
        records = self._import_past()
        self.assertEqual(len(records), 3)
        hoa, village, binh = records.sorted("id")
        self.assertEqual(hoa.identity_number, HOA_CCCD, "spaces removed")
        self.assertEqual(hoa.normalized_name, "nguyễn thị hoa", "lower-case, one space, diacritics kept")
        self.assertEqual((hoa.year, hoa.award_form_id, hoa.unit_id, hoa.award_method, hoa.source),
                         (2024, self.award_form, self.unit_commune_a, "unscheduled", "import"),
                         "the year comes from the decision date; the award form was named by its code")
        self.assertEqual((village.subject_type, village.unit_id), ("collective", self.unit_village_a))
        self.assertEqual(binh.award_form_id, self.award_form_province, "found by name, case and spaces aside")
        # imported rows stay editable by Phòng Nội vụ
        binh.with_user(self.user_appraiser).write({"achievement": "Nông dân sản xuất giỏi"})
        village.with_user(self.user_manager).unlink()
        # unit staff read their own units' rows only, and change none
        self.assertEqual(self.Record.with_user(self.user_commune_a).search([("id", "in", records.ids)]), hoa)
        self.assertFalse(self.Record.with_user(self.user_commune_b).search([("id", "in", records.ids)]))
        with self.assertRaises(AccessError):
            hoa.with_user(self.user_commune_a).write({"achievement": "Sửa"})

    def test_import_refuses_bad_rows_with_their_line(self):
        self._import_past()
        before = self.Record.search_count([])
        good = {"nominee_name": "Đinh Văn Tùng", "identity_number": "020091000111", "award_form_id": "GK_HUYEN",
                "year": 2022, "decision_number": "900/QĐ-UBND", "decision_date": date(2022, 9, 2),
                "issuing_body": BODY}
        rows = [
            dict(good, nominee_name="Hà Thị Lan", identity_number="020091000222",
                 award_form_id="Huân chương Lao động hạng Ba"),                       # line 2
            dict(good, nominee_name="Hà Văn Nam", identity_number="12345"),          # line 3
            dict(self.past_rows[0], nominee_name="Nguyễn Thị Hòa"),                  # line 4: same CCCD as the register
            dict(good, nominee_name="Lý Văn Hùng", identity_number="020091000333", year=2021),   # line 5
            good,                                                                    # line 6: good
            dict(good, identity_number="020 091 000 111"),                           # line 7: line 6 again
            dict(good, nominee_name="Thôn Bản Mới", identity_number="", award_form_id="GK_HUYEN",
                 year=2023, decision_number="1520/qđ-ubnd", decision_date=date(2023, 12, 22)),  # line 8: by name
        ]
        result = self._import(rows)
        self.assertIs(result["ids"], False)
        # the line of the spreadsheet is the message's record (the wizard prints it), not in its text again
        errors = {m["record"]: m["message"] for m in result["messages"] if m["type"] == "error"}
        self.assertEqual(sorted(errors), [2, 3, 4, 5, 7, 8], result["messages"])
        for message in errors.values():
            self.assertNotRegex(message, r"^Dòng \d+", message)
        self.assertIn("Huân chương Lao động hạng Ba", errors[2])
        self.assertIn("12 chữ số", errors[3])
        self.assertIn("15/QĐ-UBND", errors[4])
        self.assertIn("2021", errors[5])
        self.assertIn("dòng 6", errors[7])
        self.assertIn("1520/QĐ-UBND", errors[8])
        self.assertEqual(self.Record.search_count([]), before, "a file with errors imports nothing, not even line 6")

        # the user chose "Skip record" for unknown award forms: those rows are left out, the rest imported
        result = self._import([rows[0], good], import_skip_records=["award_form_id"])
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.Record.browse(result["ids"]).mapped("nominee_name"), ["Đinh Văn Tùng"])

    def test_import_refuses_a_date_that_is_no_date(self):
        result = self._import([dict(self.past_rows[1], decision_date=date(2023, 12, 22)),
                               dict(self.past_rows[2], decision_date="31/02/2023")], text_dates=True,
                              date_format="%d/%m/%Y")
        self.assertFalse(result.get("ids"))
        self.assertEqual(len(result["messages"]), 1, result["messages"])
        # base_import checks the dates before the rows reach the model; the line is the spreadsheet's
        self.assertEqual(result["messages"][0]["message"],
                         "Cột Ngày quyết định, dòng 3: ngày 31/02/2023 không có thật.")
        self.assertFalse(self.Record.search([("nominee_name", "=", "Thôn Bản Mới")]))

    def test_identity_number_is_checked_and_normalised(self):
        with self.assertRaises(ValidationError):
            self.Record.with_user(self.user_appraiser).create({
                "nominee_name": "A", "identity_number": "0201900012", "award_form_id": self.award_form.id,
                "year": 2020})
        record = self.Record.with_user(self.user_appraiser).create({
            "nominee_name": "A", "identity_number": "020.190.001.235", "award_form_id": self.award_form.id,
            "year": 2020})
        self.assertEqual(record.identity_number, "020190001235")
        with self.assertRaises(ValidationError):
            self._dossier(identity_number="ABC")
        self.assertEqual(self._dossier(identity_number=" 020190 001234 ").identity_number, HOA_CCCD)

    # ------------------------------------------------------------------
    # History where the dossier is decided
    # ------------------------------------------------------------------
    def test_new_dossier_shows_the_past_award_and_warns(self):
        self._import_past()
        # the same person, proposed again for the 2024 campaign, her name spelled differently
        dossier = self._dossier(nominee_name="Nguyễn Thị Hòa", identity_number=HOA_CCCD)
        matches = dossier._award_record_matches()
        self.assertEqual([(record.nominee_name, possible) for record, possible in matches],
                         [("Nguyễn Thị Hoa", False)], "found by identity number, whatever the spelling")
        self.assertIn("15/QĐ-UBND", dossier.award_history)
        self.assertIn("05/03/2024", dossier.award_history)
        self.assertNotIn(HOA_CCCD, dossier.award_history, "the history never shows an identity number")
        self.assertIn("15/QĐ-UBND", dossier.duplicate_warning)
        self.assertIn("05/03/2024", dossier.duplicate_warning)
        self.assertIn("Luật", dossier.duplicate_warning)
        # another unit's officer is warned of the award it may not read, without name, decision or date
        other = self._dossier(user=self.user_commune_b, unit_id=self.unit_commune_b.id,
                              nominee_name="Nguyễn Thị Hòa", identity_number=HOA_CCCD)
        warning = other.with_user(self.user_commune_b).duplicate_warning
        self.assertIn("2024: 1 khen thưởng khác cùng năm", warning)
        self.assertNotIn("15/QĐ-UBND", warning)
        self.assertNotIn("05/03/2024", other.with_user(self.user_commune_b).award_history)
        # a 2023 award is outside the 2024 campaign: history, no warning
        village = self._dossier(subject_type="collective", nominee_name="Thôn Bản Mới",
                                nominee_unit_id=self.unit_village_a.id, job_title=False)
        self.assertIn("1520/QĐ-UBND", village.award_history)
        self.assertFalse(village.duplicate_warning)

    def test_identity_numbers_are_matched_before_names(self):
        self._import_past()
        # another Nguyễn Thị Hoa, another identity number, awarded in 2024 too
        namesake = self.Record.create({
            "nominee_name": "Nguyễn Thị Hoa", "identity_number": "020195007777", "award_form_id": self.award_form.id,
            "decision_number": "16/QĐ-UBND", "decision_date": date(2024, 3, 6), "issuing_body": BODY,
        })
        hoa = self.Record.search([("identity_number", "=", HOA_CCCD)])
        with_cccd = self._dossier(nominee_name="Nguyễn Thị Hoa", identity_number=HOA_CCCD)
        self.assertEqual(with_cccd._award_record_matches(), [(hoa, False)], "only the right Hoa")
        self.assertNotIn("16/QĐ-UBND", with_cccd.duplicate_warning)
        without = self._dossier(nominee_name="nguyễn thị  hoa")
        matches = without._award_record_matches()
        self.assertEqual({record for record, _possible in matches}, {hoa, namesake})
        self.assertTrue(all(possible for _record, possible in matches), "by name only: possible matches")
        full = without.with_user(self.user_appraiser)
        self.assertEqual(full.award_history.count("có thể trùng"), 2, full.award_history)
        self.assertEqual(full.duplicate_warning.count("Có thể trùng"), 2, full.duplicate_warning)
        # the unit's officer reads its own unit's Hoa; the namesake of no unit of theirs is counted
        self.assertEqual(without.award_history.count("có thể trùng"), 1, without.award_history)
        self.assertIn("1 khen thưởng khác cùng năm", without.award_history)
        # the name without its diacritics is another name
        self.assertFalse(self._dossier(nominee_name="Nguyen Thi Hoa")._award_record_matches())

    # ------------------------------------------------------------------
    # Signed decisions
    # ------------------------------------------------------------------
    def test_signed_decision_writes_read_only_rows(self):
        hoa = self._approved(identity_number=HOA_CCCD, job_title="Công chức xã An Bình",
                             leadership_level="none")
        village = self._approved(subject_type="collective", nominee_name="Thôn Bản Mới",
                                 nominee_unit_id=self.unit_village_a.id)
        decision = self._sign(hoa | village)
        rows = self.Record.search([("decision_id", "=", decision.id)])
        self.assertEqual(len(rows), 2)
        row = rows.filtered(lambda r: r.dossier_id == hoa)
        self.assertEqual(
            (row.source, row.decision_number, row.decision_date, row.year, row.identity_number, row.unit_id,
             row.issuing_unit_id, row.award_method),
            ("decision", decision.name, date(2024, 12, 5), 2024, HOA_CCCD, self.unit_commune_a,
             self.unit_district, "thematic"))
        self.assertEqual(rows.filtered(lambda r: r.dossier_id == village).unit_id, self.unit_village_a)
        for user in (self.user_appraiser, self.user_manager):
            with self.assertRaises(UserError):
                row.with_user(user).write({"achievement": "Sửa thành tích"})
            with self.assertRaises(UserError):
                row.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.Record.with_user(self.user_appraiser).create({
                "nominee_name": "Giả mạo", "award_form_id": self.award_form.id, "year": 2024, "source": "decision"})
        # the awarded dossier does not warn about its own award; a new proposal of 2024 does
        hoa.invalidate_recordset()
        self.assertFalse(hoa.duplicate_warning)
        again = self._dossier(nominee_name="Nguyễn Thị Hòa", identity_number=HOA_CCCD)
        self.assertIn(decision.name, again.duplicate_warning)
        self.assertIn("05/12/2024", again.duplicate_warning)

    # ------------------------------------------------------------------
    # Form 0603.N
    # ------------------------------------------------------------------
    def _statistics_fixture(self):
        """2024 awards of the test district, counted by hand below."""
        gk, bk = self.award_form, self.award_form_province
        rows = [
            # (name, subject, leadership, form, method)
            ("Thôn Bản Mới", "collective", "none", gk, "thematic"),
            ("Xã An Bình", "collective", "none", bk, "regular"),
            ("HTX Bình Yên", "enterprise", "none", gk, "regular"),
            ("Hộ ông Hoàng Văn Đẳng", "family", "none", gk, "thematic"),
            ("Nguyễn Văn Chủ", "civil_servant", "department", bk, "regular"),
            ("Lê Thị Thu", "civil_servant", "other", gk, "thematic"),
            ("Phạm Văn Hải", "public_employee", "none", gk, "thematic"),
            ("Vi Văn Sơn", "farmer", "none", gk, "unscheduled"),
            ("Trần Văn Tài", "entrepreneur", "none", bk, "regular"),
        ]
        self.Record.create([{
            "nominee_name": name, "subject_type": subject, "leadership_level": leadership, "award_form_id": form.id,
            "award_method": method, "decision_number": f"{index}/QĐ-UBND", "decision_date": date(2024, 6, index),
            "issuing_unit_id": self.unit_district.id, "issuing_body": BODY,
        } for index, (name, subject, leadership, form, method) in enumerate(rows, start=1)])
        # not counted: another year, another body
        self.Record.create([
            {"nominee_name": "Năm khác", "award_form_id": gk.id, "year": 2023,
             "issuing_unit_id": self.unit_district.id},
            {"nominee_name": "Cơ quan khác", "award_form_id": gk.id, "year": 2024, "issuing_body": "UBND huyện khác"},
        ])

    def test_form_0603_figures(self):
        self._statistics_fixture()
        report = self.env["thidua.award.report.0603"].with_user(self.user_appraiser).create({
            "year": 2024, "issuing_unit_id": self.unit_district.id})
        figures = report._figures()
        gk = f"form_{self.award_form.id}"
        # (row: total, Bằng khen (column 2), Giấy khen huyện (outside the form)), counted by hand
        expected = {
            "01": (9, 3, 6), "02": (3, 1, 2), "03": (1, 0, 1), "04": (1, 0, 1), "05": (5, 2, 3),
            "06": (0, 0, 0), "07": (1, 1, 0), "08": (1, 1, 0), "09": (1, 0, 1), "10": (2, 0, 2),
            "11": (4, 3, 1), "12": (4, 0, 4), "13": (1, 0, 1), "14": (0, 0, 0), "15": (0, 0, 0),
            "16": (0, 0, 0), "17": (0, 0, 0),
        }
        got = {code: (row["total"], row["merit"], row[gk]) for code, row in figures.items()}
        self.assertEqual(got, expected)
        for code in figures:
            self.assertEqual(figures[code]["emulation_soldier"] + figures[code]["flag"] + figures[code]["badge"], 0)
        outside = report._form_table()["columns"][4]
        self.assertEqual(list(outside[1:]), [f"Ngoài biểu mẫu: {self.award_form.name}", True])
        # by the issuing body's name, the same figures
        by_name = self.env["thidua.award.report.0603"].with_user(self.user_council).create({
            "year": 2024, "issuing_body": "huyện Thử Nghiệm"})
        self.assertEqual(by_name._figures()["01"]["total"], 9)

        # the spreadsheet, read back
        import openpyxl  # noqa: PLC0415 - Odoo's own import dependency

        action = report.action_export_xlsx()
        self.assertIn("download=true", action["url"])
        content = base64.b64decode(report.xlsx_file)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = {row[1].value: [cell.value for cell in row[3:]] for row in sheet.iter_rows() if row[1].value}
        self.assertEqual(sheet["A1"].value, "Biểu số: 0603.N/BNV-TĐKT")
        self.assertEqual(cells["01"], [9, 3, 0, 0, 0, 6])
        self.assertEqual(cells["12"], [4, 0, 0, 0, 0, 4])
        self._png(content)

    def test_form_0603_demo_year(self):
        """The demo register's 2023 awards of UBND huyện Chi Lăng, counted by hand."""
        district = self.env.ref("chilang_thidua.unit_ubnd_huyen", raise_if_not_found=False)
        if not self.env.ref("chilang_thidua.award_record_2023_dong_mo", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        report = self.env["thidua.award.report.0603"].create({"year": 2023, "issuing_unit_id": district.id})
        figures = report._figures()
        gk = f"form_{self.award_form.id}"
        self.assertEqual((figures["01"]["total"], figures["01"][gk]), (3, 3))
        self.assertEqual([figures[code]["total"] for code in ("02", "04", "05", "10", "11", "12")],
                         [1, 0, 2, 2, 2, 1])
        province = self.env["thidua.award.report.0603"].create({"year": 2023, "issuing_body": "tỉnh Lạng Sơn"})
        self.assertEqual({code: row["merit"] for code, row in province._figures().items() if row["total"]},
                         {"01": 1, "02": 1, "03": 1, "11": 1})

    def _png(self, content):
        """Render the sheet to PNG with LibreOffice (when installed), for the README."""
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if not PNG_PATH:
            return
        if not office or not shutil.which("pdftoppm"):
            raise unittest.SkipTest("LibreOffice or pdftoppm missing: no PNG of form 0603.N")
        with tempfile.TemporaryDirectory() as folder:
            source = os.path.join(folder, "bieu_0603N.xlsx")
            with open(source, "wb") as handle:
                handle.write(content)
            subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                            "--convert-to", "pdf", "--outdir", folder, source],
                           check=True, capture_output=True, timeout=180)
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", os.path.join(folder, "bieu_0603N.pdf"),
                            PNG_PATH[:-4]], check=True, timeout=60)
        from PIL import Image, ImageChops  # noqa: PLC0415 - Odoo's own dependency

        with Image.open(PNG_PATH) as source:
            page = source.convert("RGB")
            box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
            if box:
                margin = 20
                page.crop((max(box[0] - margin, 0), max(box[1] - margin, 0), min(box[2] + margin, page.width),
                           min(box[3] + margin, page.height))).save(PNG_PATH)
