"""What every statistical report of the addon shares: the body it speaks for and the one it is
sent to, its preview and its spreadsheet download."""

import base64

from odoo import api, fields, models


class ThiduaStatisticsReportMixin(models.AbstractModel):
    _name = "thidua.statistics.report.mixin"
    _description = "Statistics Report (shared)"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    # each report says what it counts of the body (its own label and help)
    issuing_unit_id = fields.Many2one("thidua.unit")
    reporting_unit = fields.Char(compute="_compute_reporting_unit", store=True, readonly=False)
    receiving_unit = fields.Char(
        compute="_compute_reporting_unit", store=True, readonly=False,
        help="The body the form is sent to: by default the one above the reporting unit.",
    )
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.depends("issuing_unit_id", "company_id")
    def _compute_reporting_unit(self):
        for report in self:
            unit = report._reporting_unit_record()
            if unit:
                report.reporting_unit, report.receiving_unit = unit._reporting_names()

    def _reporting_unit_record(self):
        """The unit the form speaks for: the chosen issuing unit, else the company's top unit."""
        self.ensure_one()
        return self.issuing_unit_id or self.env["thidua.unit"]._reporting_body(self.company_id or self.env.company)

    def _compute_preview(self):
        """The form as it will be exported, on the report's screen (each report lays out its own)."""
        self.preview = False

    def _xlsx_bytes(self):
        """The spreadsheet of the form (each report lays out its own)."""
        raise NotImplementedError

    @staticmethod
    def _xlsx_write_rows(sheet, row_index, rows, keys, formats):
        """Write the form's ``rows`` from ``row_index`` (label, code, unit, total, then the figure of
        each of ``keys``); a row without values is left blank. Returns the next free row."""
        cell, cell_bold, cell_center, number, number_bold = formats
        for code, label, unit, is_bold, values, total in rows:
            sheet.write(row_index, 0, label, cell_bold if is_bold else cell)
            if len(label) > 55:
                sheet.set_row(row_index, 30)  # two lines: spreadsheets do not grow wrapped rows by themselves
            sheet.write(row_index, 1, code, cell_center)
            sheet.write(row_index, 2, unit, cell_center)
            if values is None:
                for index in range(len(keys) + 1):
                    sheet.write_blank(row_index, 3 + index, None, cell)
            else:
                figure = number_bold if is_bold else number
                sheet.write_number(row_index, 3, total, figure)
                for index, key in enumerate(keys):
                    sheet.write_number(row_index, 4 + index, values[key], figure)
            row_index += 1
        return row_index

    def _download_xlsx(self, filename):
        """Store the spreadsheet on the report and download it."""
        self.ensure_one()
        self.write({"xlsx_file": base64.b64encode(self._xlsx_bytes()), "xlsx_filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=xlsx_file&filename_field=xlsx_filename"
                   "&download=true",
            "target": "self",
        }
