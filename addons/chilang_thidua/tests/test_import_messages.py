"""Importing the award register speaks the officer's language: the columns by their Vietnamese
labels, the lines as the spreadsheet numbers them (the header is line 1), one line number per
message, dates as people write them (15/02/2024, 5/3/2024)."""

import datetime
import io
import re
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common_dossier import DossierCommon

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Cá nhân, tập thể được khen thưởng", "Số CCCD", "Hình thức khen thưởng", "Năm", "Số quyết định",
           "Ngày quyết định", "Cơ quan ban hành"]
FIELDS = ["nominee_name", "identity_number", "award_form_id", "year", "decision_number", "decision_date",
          "issuing_body"]
BODY = "Ủy ban nhân dân huyện Thử Nghiệm"
# "dòng 5", "Dòng 5", "hàng 5": a line number in a message
LINE_NUMBER = re.compile(r"\b(?:[Dd]òng|hàng|[Ll]ine|row) \d+")


def spreadsheet(rows):
    """The rows of the register as an office keeps it: a header line, then one line per award."""
    return [HEADERS] + rows


def xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ theo dõi khen thưởng"
    for row in spreadsheet(rows):
        sheet.append(row)
    for cell in sheet["F"][1:]:
        if isinstance(cell.value, datetime.datetime):
            cell.number_format = "dd/mm/yyyy"
    for cell in sheet["B"][1:]:
        cell.number_format = "@"  # the CCCD as text, its leading 0 kept
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestImportMessages(DossierCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["thidua.award.record"].with_user(cls.user_appraiser)
        # line 2: a date typed d/m/yyyy; line 3: a CCCD with a digit missing; line 4: a date cell;
        # line 5: a date that does not exist
        cls.rows = [
            ["Hoàng Thị Lan", "020190004321", "GK_HUYEN", 2024, "12/QĐ-UBND", "5/3/2024", BODY],
            ["Vi Văn Nam", "02019000432", "GK_HUYEN", 2024, "13/QĐ-UBND", "06/03/2024", BODY],
            ["Lộc Thị Mai", "020190004322", "GK_HUYEN", 2024, "14/QĐ-UBND", datetime.datetime(2024, 3, 7), BODY],
            ["Triệu Văn Sáng", "020190004323", "GK_HUYEN", 2024, "15/QĐ-UBND", "31/02/2024", BODY],
        ]

    def _assert_one_line_number(self, text):
        self.assertEqual(len(LINE_NUMBER.findall(text)), 1, f"one line number in: {text}")

    def test_load_names_the_spreadsheet_line_and_the_column(self):
        """``load`` with the data lines of the spreadsheet (what an XML-RPC script sends)."""
        data = [[cell.strftime("%d/%m/%Y") if isinstance(cell, datetime.datetime) else str(cell) for cell in row]
                for row in self.rows]
        result = self.Record.load(FIELDS, data)
        self.assertIs(result["ids"], False)
        messages = {message["record"]: message["message"] for message in result["messages"]}
        self.assertEqual(sorted(messages), [3, 5], result["messages"])
        self.assertEqual(messages[5], "Cột Ngày quyết định, dòng 5: ngày 31/02/2024 không có thật.")
        self.assertTrue(messages[3].startswith("Dòng 3: Số CCCD"), messages[3])
        for text in messages.values():
            self._assert_one_line_number(text)

        # the two refused lines corrected: the dates typed d/m/yyyy and dd/mm/yyyy are read as such
        data[1][1], data[3][5] = "020190004320", "29/02/2024"
        result = self.Record.load(FIELDS, data)
        self.assertFalse(result["messages"], result["messages"])
        records = self.Record.browse(result["ids"])
        self.assertEqual(records.mapped("decision_date"),
                         [date(2024, 3, 5), date(2024, 3, 6), date(2024, 3, 7), date(2024, 2, 29)])

    def test_load_refuses_what_is_no_date(self):
        data = [["Hoàng Thị Lan", "", "GK_HUYEN", "", "12/QĐ-UBND", "mùng 5 tháng 3", BODY]]
        message = self.Record.load(FIELDS, data)["messages"][0]["message"]
        self.assertEqual(message, "Cột Ngày quyết định, dòng 2: mùng 5 tháng 3 không phải là ngày: hãy ghi theo "
                                  "ngày/tháng/năm, ví dụ 15/02/2024.")

    def _wizard(self, rows, **options):
        importer = self.env["base_import.import"].with_user(self.user_appraiser).create({
            "res_model": "thidua.award.record", "file": xlsx(rows), "file_name": "so_khen_thuong.xlsx",
            "file_type": XLSX,
        })
        preview = importer.parse_preview({"has_headers": True})
        # the wizard matches the columns by their Vietnamese labels
        self.assertEqual([match and match[0] for match in preview["matches"].values()], FIELDS, preview)
        opts = {"has_headers": True, "date_format": preview["options"].get("date_format") or "%d/%m/%Y",
                "datetime_format": "", "float_thousand_separator": ",", "float_decimal_separator": ".",
                **options}
        return importer.execute_import(FIELDS, HEADERS, opts, dryrun=False)

    def test_import_wizard_date_of_line_five(self):
        result = self._wizard(self.rows)
        self.assertFalse(result.get("ids"))
        self.assertEqual([message["message"] for message in result["messages"]],
                         ["Cột Ngày quyết định, dòng 5: ngày 31/02/2024 không có thật."])

    def test_import_wizard_rows_once_numbered(self):
        rows = [list(row) for row in self.rows]
        rows[3][5] = "29/02/2024"
        result = self._wizard(rows)
        self.assertFalse(result.get("ids"))
        (message,) = result["messages"]
        # the wizard prints 'Error at row <record>: "<message>"' (rows.from + 1 by a column): the line
        # of the spreadsheet, and the message does not repeat it
        self.assertEqual((message["record"], message["rows"]["from"] + 1), (3, 3))
        self.assertTrue(message["message"].startswith("Số CCCD '02019000432' không phải"), message["message"])
        self.assertFalse(LINE_NUMBER.search(message["message"]), message["message"])

        rows[1][1] = "020190004320"
        result = self._wizard(rows)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.Record.browse(result["ids"]).mapped("decision_date"),
                         [date(2024, 3, 5), date(2024, 3, 6), date(2024, 3, 7), date(2024, 2, 29)])

    def test_import_wizard_skipped_lines_still_counted(self):
        """Rows skipped at the start of the file move no line number."""
        rows = [list(row) for row in self.rows]
        result = self._wizard(rows, skip=2)
        self.assertEqual([message["message"] for message in result["messages"]],
                         ["Cột Ngày quyết định, dòng 5: ngày 31/02/2024 không có thật."])
