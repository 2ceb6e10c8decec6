"""The statistics form of a year (0601.N, 0603.N …), in the layout in force for that year.

The form is a record (``thidua.statistics.form``): its circular, rows, columns and what each cell
counts are data, and the report names the circular it follows (docs/law.md §11). The printed texts
are the form's, in Vietnamese whatever the user's language.
"""

import io

import xlsxwriter
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import statistics_forms


class ThiduaStatisticsReport(models.TransientModel):
    _name = "thidua.statistics.report"
    _description = "Statistics Report"
    _inherit = ["thidua.statistics.report.mixin"]

    code = fields.Selection(selection="_code_selection", string="Form", required=True)
    form_id = fields.Many2one("thidua.statistics.form", string="Layout", compute="_compute_form_id",
                              help="The form in force for the year.")
    circular = fields.Char(compute="_compute_form_id", string="Follows")
    form_note = fields.Char(related="form_id.note", string="Note")
    issuing_unit_id = fields.Many2one(
        "thidua.unit", string="Reporting Body",
        help="Count the campaigns launched and the awards given by this body (and the bodies under it for "
        "campaigns). Empty: the whole company.",
    )
    preparer_name = fields.Char(string="Prepared By", default=lambda self: self.env.user.name)
    head_name = fields.Char(string="Head of Unit")
    report_date = fields.Date(string="Date", default=fields.Date.context_today)

    @api.model
    def _code_selection(self):
        # sudo: the list of forms is public configuration, the same for every reader of statistics
        # (the code alone: the layout's title is the year's, shown with the layout)
        forms = self.env["thidua.statistics.form"].sudo().search_fetch([], ["code"], order="code, year_from")
        return [(code, code) for code in dict.fromkeys(forms.mapped("code"))]

    @api.depends("code", "year")
    def _compute_form_id(self):
        Form = self.env["thidua.statistics.form"]
        for report in self:
            form = Form._for_year(report.code, report.year) if report.code and report.year else Form
            report.form_id = form
            document = form.legal_document_id
            report.circular = document.citation and f"{document.display_name} ({document.citation})" or False

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _records(self):
        """The records the form counts, read in a fixed number of queries."""
        self.ensure_one()
        form = self.form_id
        start, end = form._period(self.year)
        if form.source == statistics_forms.CAMPAIGN:
            domain = [("company_id", "=", self.company_id.id), ("state", "in", ("open", "closed", "done")),
                      "|", "&", ("date_issued", "!=", False), "&", ("date_issued", ">=", start),
                      ("date_issued", "<=", end),
                      "&", ("date_issued", "=", False), "&", ("date_start", ">=", start), ("date_start", "<=", end)]
            if self.issuing_unit_id:
                domain.append(("issuing_unit_id", "child_of", self.issuing_unit_id.id))
            return self.env["thidua.campaign"].search_fetch(domain, [
                "date_start", "date_end", "emulation_scope", "emulation_method", "organizer_level"], order="id")
        domain = [("year", "=", self.year), ("company_id", "=", self.company_id.id)]
        if self.issuing_unit_id:
            by_unit = [("issuing_unit_id", "=", self.issuing_unit_id.id)]
            for name in {name for name in (self.issuing_unit_id.authority_name, self.issuing_unit_id.name) if name}:
                by_unit = ["|", *by_unit, "&", ("issuing_unit_id", "=", False), ("issuing_body", "=ilike", name)]
            domain += by_unit
        records = self.env["thidua.award.record"].search_fetch(
            domain, ["subject_type", "leadership_level", "award_method", "award_form_id"], order="id")
        records.award_form_id.mapped("report_0603_column")
        return records

    def _form_table(self):
        """{'rows': [(code, label, unit, bold, {column id: n} | None, total)], 'columns': lines, 'count',
        'outside'}: the cells as the form's lines say."""
        self.ensure_one()
        form = self.form_id
        if not form:
            raise UserError(self.env._("No statistics form %(code)s is in force for %(year)s: add its layout under "
                                       "Configuration → Statistics Forms.", code=self.code or "", year=self.year))
        rows, columns = form._rows(), form._columns()
        records = self._records()
        cells, totals, outside = statistics_forms.count_table(
            records, [(row.id, row.criterion) for row in rows], [(column.id, column.criterion) for column in columns])
        table_rows = []
        for row in rows:
            if not row.criterion:
                table_rows.append((row.code or "", row.label, row.unit or "", row.is_bold, None, None))
                continue
            values = {column.id: cells.get((row.id, column.id), 0) for column in columns}
            table_rows.append((row.code or "", row.label, row.unit or "", row.is_bold, values, totals.get(row.id, 0)))
        return {"rows": table_rows, "columns": columns, "count": len(records) - outside, "outside": outside}

    def _figures(self):
        """{row code: {'total': n, column code: n}} (the tests compare them with hand counts)."""
        table = self._form_table()
        figures = {}
        for code, _label, _unit, _bold, values, total in table["rows"]:
            if values is not None:
                figures[code] = {"total": total, **{column.code: values[column.id] for column in table["columns"]}}
        return figures

    def _date_line(self):
        unit = self._reporting_unit_record()
        day = self.report_date or fields.Date.context_today(self)
        place = unit.place_name if unit and unit.place_name else "……………"
        return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"

    @api.depends("code", "year", "issuing_unit_id", "company_id", "reporting_unit", "receiving_unit",
                 "preparer_name", "head_name", "report_date")
    def _compute_preview(self):
        for report in self:
            report.preview = report._html() if report.form_id else False

    def _html(self):
        self.ensure_one()
        form = self.form_id
        table = self._form_table()
        columns = table["columns"]
        start, end = form._period(self.year)
        headings = Markup("").join(Markup('<th class="text-center">%s</th>') % column.label for column in columns)
        numbers = Markup("").join(Markup('<td class="text-center">%s</td>') % (column.code or "")
                                  for column in columns)
        body = Markup("")
        for code, label, unit, bold, values, total in table["rows"]:
            style = Markup(' class="fw-bold"') if bold else Markup("")
            cells = Markup("").join(
                Markup('<td class="text-end">%s</td>') % ("" if values is None else values[column.id])
                for column in columns)
            body += Markup('<tr%s><td>%s</td><td class="text-center">%s</td><td class="text-center">%s</td>'
                           '<td class="text-end">%s</td>%s</tr>') % (
                style, label, code, unit, "" if total is None else total, cells)
        note = Markup('<p class="text-center text-danger fw-bold">%s</p>') % form.note if form.note else Markup("")
        return Markup(
            '<table class="w-100 mb-2"><tr><td><strong>%s</strong><br/>%s<br/>%s</td>'
            '<td class="text-center">Đơn vị báo cáo: %s<br/>Đơn vị nhận báo cáo: %s</td></tr></table>'
            '<p class="text-center fw-bold mb-0">%s</p><p class="text-center fst-italic mb-0">Năm %s (từ %s đến %s)</p>'
            '%s<p class="text-end fst-italic mb-0">%s</p>'
            '<table class="table table-sm table-bordered"><thead><tr><th></th><th>Mã số</th><th>Đơn vị tính</th>'
            '<th>Tổng số</th>%s</tr><tr class="fw-bold"><td class="text-center">A</td><td class="text-center">B</td>'
            '<td class="text-center">C</td><td class="text-center">1</td>%s</tr></thead><tbody>%s</tbody></table>'
            '<p class="fst-italic">Theo %s.</p>'
            '<table class="w-100 text-center"><tr><td></td><td class="fst-italic">%s</td></tr>'
            '<tr class="fw-bold"><td>Người lập biểu</td><td>Thủ trưởng đơn vị</td></tr>'
            '<tr class="fst-italic"><td>(Ký, ghi rõ họ tên)</td><td>(Ký, đóng dấu, ghi rõ họ tên)</td></tr>'
            '<tr><td style="height: 4em;"></td><td></td></tr>'
            '<tr class="fw-bold"><td>%s</td><td>%s</td></tr></table>'
        ) % (form.form_number or form.code, form.basis_text or "", form.due_text or "",
             self.reporting_unit or "", self.receiving_unit or "", form.name, self.year,
             start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y"), note, form.unit_text or "", headings, numbers,
             body, self.circular or "", self._date_line(), self.preparer_name or "", self.head_name or "")

    # ------------------------------------------------------------------
    # Spreadsheet
    # ------------------------------------------------------------------
    def _xlsx_bytes(self):  # noqa: PLR0915 - one statement per part of the form's layout
        self.ensure_one()
        form = self.form_id
        table = self._form_table()
        columns = table["columns"]
        start, end = form._period(self.year)
        last = 3 + len(columns)
        half = max(3, last // 2 + 1)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(form.code[:31])
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "text_wrap": True}
        bold = workbook.add_format(dict(base, bold=True))
        plain = workbook.add_format(base)
        center = workbook.add_format(dict(base, align="center"))
        bold_center = workbook.add_format(dict(base, bold=True, align="center"))
        italic_center = workbook.add_format(dict(base, italic=True, align="center"))
        warn = workbook.add_format(dict(base, bold=True, align="center", font_color="#C00000"))
        head = workbook.add_format(dict(base, bold=True, align="center", border=1))
        cell = workbook.add_format(dict(base, border=1))
        cell_bold = workbook.add_format(dict(base, border=1, bold=True))
        cell_center = workbook.add_format(dict(base, border=1, align="center"))
        number = workbook.add_format(dict(base, border=1, align="right", num_format="#,##0"))
        number_bold = workbook.add_format(dict(base, border=1, align="right", num_format="#,##0", bold=True))
        sheet.set_column(0, 0, 52)
        sheet.set_column(1, 2, 11)
        sheet.set_column(3, last, 16)
        sheet.merge_range(0, 0, 0, half - 1, form.form_number or form.code, bold)
        sheet.merge_range(0, half, 0, last, f"Đơn vị báo cáo: {self.reporting_unit or ''}", center)
        sheet.merge_range(1, 0, 1, half - 1, form.basis_text or "", plain)
        sheet.merge_range(1, half, 1, last, f"Đơn vị nhận báo cáo: {self.receiving_unit or ''}", center)
        sheet.merge_range(2, 0, 2, half - 1, form.due_text or "", plain)
        sheet.merge_range(4, 0, 4, last, form.name, bold_center)
        sheet.merge_range(5, 0, 5, last, f"Năm {self.year} (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y})", italic_center)
        if form.note:
            sheet.merge_range(6, 0, 6, last, form.note, warn)
        top = 8
        sheet.write(top - 1, last, form.unit_text or "", italic_center)
        for index, heading in enumerate(["", "Mã số", "Đơn vị tính", "Tổng số"] + columns.mapped("label")):
            sheet.write(top, index, heading, head)
        sheet.set_row(top, 60)
        for index, letter in enumerate(["A", "B", "C", "1"] + [column.code or "" for column in columns]):
            sheet.write(top + 1, index, letter, head)
        row_index = self._xlsx_write_rows(sheet, top + 2, table["rows"], columns.ids,
                                          (cell, cell_bold, cell_center, number, number_bold))
        sheet.merge_range(row_index + 1, 0, row_index + 1, last, f"Theo {self.circular or ''}.", plain)
        row = row_index + 3
        sheet.merge_range(row, half, row, last, self._date_line(), italic_center)
        sheet.merge_range(row + 1, 0, row + 1, half - 1, "Người lập biểu", bold_center)
        sheet.merge_range(row + 1, half, row + 1, last, "Thủ trưởng đơn vị", bold_center)
        sheet.merge_range(row + 2, 0, row + 2, half - 1, "(Ký, ghi rõ họ tên)", italic_center)
        sheet.merge_range(row + 2, half, row + 2, last, "(Ký, đóng dấu, ghi rõ họ tên)", italic_center)
        sheet.merge_range(row + 6, 0, row + 6, half - 1, self.preparer_name or "", bold_center)
        sheet.merge_range(row + 6, half, row + 6, last, self.head_name or "", bold_center)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        if not self.form_id:
            self._form_table()  # the plain message
        return self._download_xlsx(f"Bieu_{(self.code or '').replace('.', '')}_{self.year}.xlsx")
