"""Form 0603.N of Circular 02/2023/TT-BNV, counted from the award register.

The layout (rows 01–17, columns A, B, C, 1–5) follows the form as a Vietnamese vendor's
emulation software implements it (lifephongphanmem/thiduakhenthuong,
``resources/views/BaoCao/TT022023/Mau0603.blade.php``); the gazette's own annex was not found
to compare with (README, "Award register"). Its printed texts are the form's, in Vietnamese
whatever the user's language. Award forms that are none of the form's four columns (a
district's Giấy khen) get their own columns after them, marked as outside the form.
"""

import io

import xlsxwriter
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.thidua_award_form import REPORT_0603_COLUMNS

FORM_CODE = "Biểu số: 0603.N/BNV-TĐKT"
FORM_BASIS = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
FORM_DUE = "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"
FORM_TITLE = ("SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, "
              "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG")
# the form's own headings of its columns 2–5
COLUMN_TITLES = {
    "merit": "Bằng khen",
    "emulation_soldier": "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
    "flag": "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    "badge": "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực "
             "thuộc Trung ương",
}
OUTSIDE_FORM = "Ngoài biểu mẫu: %s"
# (code, label, unit of count, bold, key): key names the rows' test in _row_keys; None = heading
ROWS = [
    ("01", "Tổng số", "", True, "total"),
    ("", "1. Chia theo đối tượng khen thưởng", "", True, None),
    ("02", "- Tập thể", "Tập thể", False, "collective"),
    ("03", "Trong đó: Doanh nghiệp", "Doanh nghiệp", False, "enterprise"),
    ("04", "- Hộ gia đình", "Hộ", False, "family"),
    ("05", "- Cá nhân", "Người", False, "individual"),
    ("06", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người", False, "lead_province"),
    ("07", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người", False, "lead_department"),
    ("08", "+ Doanh nhân", "Người", False, "entrepreneur"),
    ("09", "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "Người", False, "lead_other"),
    ("10", "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
           "(công nhân, nông dân, ...)", "Người", False, "direct"),
    ("", "2. Chia theo phương thức khen thưởng", "", True, None),
    ("11", "- Thường xuyên", "", False, "method_regular"),
    ("12", "- Chuyên đề", "", False, "method_thematic"),
    ("13", "- Đột xuất", "", False, "method_unscheduled"),
    ("14", "- Đối ngoại", "", False, "method_foreign"),
    ("15", "- Cống hiến", "", False, "method_dedication"),
    ("16", "- Niên hạn", "", False, "method_seniority"),
    ("17", "- Kháng chiến", "", False, "method_resistance"),
]


def row_keys(record):
    """The rows of form 0603.N that count this register row."""
    keys = {"total", f"method_{record.award_method}"}
    subject = record.subject_type
    if subject in ("collective", "enterprise"):
        keys.add("collective")
        if subject == "enterprise":
            keys.add("enterprise")
    elif subject == "family":
        keys.add("family")
    else:
        keys.add("individual")
        if subject == "entrepreneur":
            keys.add("entrepreneur")
        elif record.leadership_level == "province":
            keys.add("lead_province")
        elif record.leadership_level == "department":
            keys.add("lead_department")
        elif record.leadership_level == "other":
            keys.add("lead_other")
        else:
            keys.add("direct")
    return keys


class ThiduaAwardReport0603(models.TransientModel):
    """The figures of form 0603.N for a year and an issuing body, shown and exported as xlsx."""

    _name = "thidua.award.report.0603"
    _description = "Award Statistics (Form 0603.N)"
    _inherit = ["thidua.statistics.report.mixin"]

    issuing_unit_id = fields.Many2one(
        "thidua.unit",
        help="Count the awards given by this body of the database (and, by name, the imported rows naming it).",
    )
    issuing_body = fields.Char(
        help="Count the awards whose issuing body contains this text, "
        "e.g. 'tỉnh Lạng Sơn'. Empty with no issuing unit: every award of the year.",
    )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _records_domain(self):
        self.ensure_one()
        domain = [("year", "=", self.year), ("company_id", "=", self.company_id.id)]
        if self.issuing_unit_id:
            by_unit = [("issuing_unit_id", "=", self.issuing_unit_id.id)]
            names = {name for name in (self.issuing_unit_id.authority_name, self.issuing_unit_id.name) if name}
            for name in names:
                by_unit = ["|", *by_unit, "&", ("issuing_unit_id", "=", False), ("issuing_body", "=ilike", name)]
            domain += by_unit
        if self.issuing_body:
            domain.append(("issuing_body", "ilike", self.issuing_body.strip()))
        return domain

    def _records(self):
        return self.env["thidua.award.record"].search(self._records_domain(), order="id")

    def _form_table(self):
        """{'columns': [(key, heading, outside form)], 'rows': [(code, label, unit, bold, {key: n} | None, total)]}"""
        self.ensure_one()
        records = self._records()
        columns = [(key, COLUMN_TITLES[key], False) for key, _label in REPORT_0603_COLUMNS]
        extra = records.award_form_id.filtered(lambda form: not form.report_0603_column).sorted(
            lambda form: (form.sequence, form.id))
        columns += [(f"form_{form.id}", OUTSIDE_FORM % form.name, True) for form in extra]
        counts = {}
        for record in records:
            form = record.award_form_id
            column = form.report_0603_column or f"form_{form.id}"
            for key in row_keys(record):
                counts[key, column] = counts.get((key, column), 0) + 1
        rows = []
        for code, label, unit, bold, key in ROWS:
            if key is None:
                rows.append((code, label, unit, bold, None, None))
                continue
            values = {column: counts.get((key, column), 0) for column, _title, _outside in columns}
            rows.append((code, label, unit, bold, values, sum(values.values())))
        return {"columns": columns, "rows": rows, "count": len(records)}

    def _figures(self):
        """{row code: {'total': n, column key: n}} (the tests compare them with hand counts)."""
        figures = {}
        for code, _label, _unit, _bold, values, total in self._form_table()["rows"]:
            if values is not None:
                figures[code] = dict(values, total=total)
        return figures

    @api.depends("year", "issuing_unit_id", "issuing_body", "company_id")
    def _compute_preview(self):
        for report in self:
            report.preview = report._html_table() if report.year else False

    def _html_table(self):
        """The form as an HTML table (the form view's preview)."""
        self.ensure_one()
        table = self._form_table()
        columns = table["columns"]
        headings = Markup("").join(
            Markup('<th class="text-center%s">%s</th>') % (" text-muted" if outside else "", title)
            for _key, title, outside in columns)
        letters = Markup("").join(Markup('<td class="text-center">%s</td>') % (index + 1)
                                  for index in range(len(columns) + 1))
        body = Markup("")
        for code, label, unit, bold, values, total in table["rows"]:
            style = Markup(' class="fw-bold"') if bold else Markup("")
            cells = Markup("").join(Markup('<td class="text-end">%s</td>') % values[key] for key, *_rest in columns) \
                if values is not None else Markup("").join(Markup("<td></td>") for _column in columns)
            body += Markup('<tr%s><td>%s</td><td class="text-center">%s</td><td class="text-center">%s</td>'
                           '<td class="text-end">%s</td>%s</tr>') % (
                style, label, code, unit, "" if total is None else total, cells)
        return Markup(
            '<p class="mb-0"><strong>%s</strong></p><p class="mb-0">%s</p><p class="text-center fw-bold">%s<br/>'
            '<em>Năm %s</em></p><table class="table table-sm table-bordered"><thead>'
            '<tr><th rowspan="2"></th><th rowspan="2">Mã số</th><th rowspan="2">Đơn vị tính</th>'
            '<th rowspan="2">Tổng số</th><th colspan="%s" class="text-center">Chia ra</th></tr><tr>%s</tr>'
            '<tr class="fw-bold"><td class="text-center">A</td><td class="text-center">B</td>'
            '<td class="text-center">C</td>%s</tr></thead><tbody>%s</tbody></table>'
        ) % (FORM_CODE, FORM_BASIS, FORM_TITLE, self.year, len(columns), headings, letters, body)

    # ------------------------------------------------------------------
    # Spreadsheet
    # ------------------------------------------------------------------
    def _xlsx_bytes(self):  # noqa: PLR0915 - one statement per part of the form's layout
        """The form as an .xlsx workbook, one sheet, in the form's layout."""
        self.ensure_one()
        table = self._form_table()
        columns = table["columns"]
        last = 3 + len(columns)  # index of the last column (A, B, C, 1 = total, then the columns)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("0603.N")
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "text_wrap": True}
        plain = workbook.add_format(base)
        bold = workbook.add_format(dict(base, bold=True))
        center = workbook.add_format(dict(base, align="center"))
        italic_center = workbook.add_format(dict(base, italic=True, align="center"))
        title = workbook.add_format(dict(base, bold=True, align="center", font_size=13))
        head = workbook.add_format(dict(base, bold=True, align="center", border=1))
        head_outside = workbook.add_format(dict(base, bold=True, align="center", border=1, font_color="#555555",
                                                italic=True))
        cell = workbook.add_format(dict(base, border=1))
        cell_bold = workbook.add_format(dict(base, border=1, bold=True))
        cell_center = workbook.add_format(dict(base, border=1, align="center"))
        number = workbook.add_format(dict(base, border=1, align="right", num_format="#,##0"))
        number_bold = workbook.add_format(dict(base, border=1, align="right", num_format="#,##0", bold=True))
        note = workbook.add_format(dict(base, italic=True, font_size=10))

        sheet.set_column(0, 0, 52)
        sheet.set_column(1, 2, 11)
        sheet.set_column(3, last, 14)
        half = max(3, last // 2 + 1)
        sheet.merge_range(0, 0, 0, half - 1, FORM_CODE, bold)
        sheet.merge_range(0, half, 0, last, f"Đơn vị báo cáo: {self.reporting_unit or ''}", center)
        sheet.merge_range(1, 0, 1, half - 1, FORM_BASIS, plain)
        sheet.merge_range(1, half, 1, last, f"Đơn vị nhận báo cáo: {self.receiving_unit or ''}", center)
        sheet.merge_range(2, 0, 2, half - 1, FORM_DUE, plain)
        sheet.set_row(4, 36)
        sheet.merge_range(4, 0, 4, last, FORM_TITLE, title)
        sheet.merge_range(5, 0, 5, last, f"Năm {self.year}", italic_center)

        top = 7
        sheet.merge_range(top, 0, top + 1, 0, "", head)
        sheet.merge_range(top, 1, top + 1, 1, "Mã số", head)
        sheet.merge_range(top, 2, top + 1, 2, "Đơn vị tính", head)
        sheet.merge_range(top, 3, top + 1, 3, "Tổng số", head)
        if len(columns) > 1:
            sheet.merge_range(top, 4, top, last, "Chia ra", head)
        else:
            sheet.write(top, 4, "Chia ra", head)
        sheet.set_row(top + 1, 96)
        for index, (_key, heading, outside) in enumerate(columns):
            sheet.write(top + 2 - 1, 4 + index, heading, head_outside if outside else head)
        for index, letter in enumerate(["A", "B", "C"] + [str(n) for n in range(1, len(columns) + 2)]):
            sheet.write(top + 2, index, letter, head)
        row_index = self._xlsx_write_rows(sheet, top + 3, table["rows"], [key for key, _heading, _outside in columns],
                                          (cell, cell_bold, cell_center, number, number_bold))
        row_index += 1
        filters = ", ".join(filter(None, [self.reporting_unit, self.issuing_body]))
        scope = f" – {filters}" if filters else ""
        sheet.merge_range(row_index, 0, row_index, last, (
            f"Số liệu lấy từ Sổ theo dõi khen thưởng: {table['count']} lượt khen thưởng năm {self.year}{scope}. "
            "Các cột \"Ngoài biểu mẫu\" là hình thức khen thưởng không thuộc các cột 2–5 của biểu 0603.N (ví dụ "
            "Giấy khen cấp huyện); cột 1 (Tổng số) cộng tất cả các cột."), note)
        sheet.set_row(row_index, 45)
        self._xlsx_signatures(sheet, row_index + 2, half, last,
                              workbook.add_format(dict(base, bold=True, align="center")), italic_center)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        workbook.close()
        return output.getvalue()

    def _xlsx_signatures(self, sheet, row, half, last, bold_center, italic_center):  # noqa: PLR0917 - the formats
        """The form's signatures: the preparer on the left, the place and date and the head of the
        reporting unit on the right."""
        unit = self._reporting_unit_record()
        today = fields.Date.context_today(self)
        place = unit.place_name if unit and unit.place_name else "……………"
        sheet.merge_range(row, half, row, last,
                          f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", italic_center)
        sheet.merge_range(row + 1, 0, row + 1, half - 1, "Người lập biểu", bold_center)
        sheet.merge_range(row + 1, half, row + 1, last, "Thủ trưởng đơn vị", bold_center)
        sheet.merge_range(row + 2, 0, row + 2, half - 1, "(Ký, ghi rõ họ tên)", italic_center)
        sheet.merge_range(row + 2, half, row + 2, last, "(Ký, đóng dấu, ghi rõ họ tên)", italic_center)

    def action_export_xlsx(self):
        self.ensure_one()
        if not self.year:
            raise UserError(self.env._("Choose the year of the statistics."))
        return self._download_xlsx(f"Bieu_0603N_{self.year}.xlsx")
