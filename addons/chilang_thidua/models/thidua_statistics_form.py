"""A statistics form of a circular (biểu mẫu thống kê) and the reporting years it is used for.

The report of a year takes the form in force for that year: TT 02/2023/TT-BNV's 0601.N and 0603.N
until 2025, TT 18/2025/TT-BNV's for 2026 on (docs/law.md §11). The form's rows and columns, and what
each one counts, are its lines; a new circular is new records, never a code change.
"""

from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.statistics_forms import SOURCES
from .thidua_legal_document import CERTAINTY


class ThiduaStatisticsForm(models.Model):
    _name = "thidua.statistics.form"
    _description = "Statistics Form"
    _order = "code, year_from desc, id"

    # the form's printed texts, in Vietnamese whatever the user's language
    code = fields.Char(required=True, help="e.g. 0601.N: several records may share it, for different years.")
    name = fields.Char(string="Title", required=True, help="e.g. SỐ PHONG TRÀO THI ĐUA")
    form_number = fields.Char(help="Printed top left, e.g. Biểu số: 0601.N/BNV-TĐKT")
    legal_document_id = fields.Many2one(
        "thidua.legal.document", string="Circular", required=True, ondelete="restrict",
        help="The circular in force for these years, which the report says it follows.",
    )
    basis_text = fields.Char(string="Issued Under", help="e.g. Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023")
    due_text = fields.Char(string="Due", help="e.g. Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo")
    unit_text = fields.Char(string="Unit of Count", help="e.g. Đơn vị tính: Phong trào")
    note = fields.Char(help="Printed under the title, e.g. a layout to check before sending.")
    year_from = fields.Integer(string="From Year", required=True)
    year_to = fields.Integer(string="To Year", help="Empty: until another form replaces it.")
    period_start_day = fields.Char(
        string="Period Start (day/month of the year before)", default="01/12",
        help="The reporting year runs from this day of the previous year to the day before in the year "
        "reported (TT 02/2023: 01/12 – 30/11).",
    )
    source = fields.Selection(SOURCES, string="Counts", required=True)
    line_ids = fields.One2many("thidua.statistics.form.line", "form_id", string="Rows and Columns", copy=True)
    certainty = fields.Selection(CERTAINTY, default="sure", required=True,
                                 help="How sure the layout is: 'likely' and 'unsure' ones are to be checked.")
    source_note = fields.Char(string="Source", help="Where the layout comes from.")
    active = fields.Boolean(default=True)

    @api.constrains("year_from", "year_to", "code", "active")
    def _check_years(self):
        for form in self:
            if form.year_to and form.year_to < form.year_from:
                raise ValidationError(self.env._("A statistics form cannot end before it starts."))
            others = self.search([("code", "=", form.code), ("id", "!=", form.id)])
            for other in others:
                if (not other.year_to or form.year_from <= other.year_to) and (
                        not form.year_to or other.year_from <= form.year_to):
                    raise ValidationError(self.env._(
                        "Form %(code)s already has a layout for these years (%(other)s).",
                        code=form.code, other=other.display_name))

    @api.depends("code", "year_from", "year_to", "legal_document_id")
    def _compute_display_name(self):
        for form in self:
            years = f"{form.year_from}–{form.year_to}" if form.year_to else f"{form.year_from}–"
            form.display_name = f"{form.code} ({years}, {form.legal_document_id.display_name or ''})"

    @api.model
    def _for_year(self, code, year):
        """The form ``code`` in force for the reporting year ``year`` (empty if none)."""
        return self.search([("code", "=", code), ("year_from", "<=", year), "|", ("year_to", "=", False),
                            ("year_to", ">=", year)], order="year_from desc", limit=1)

    def _period(self, year):
        """(first day, last day) of the reporting year: 01/12 of the year before – 30/11."""
        self.ensure_one()
        day, _sep, month = (self.period_start_day or "01/01").partition("/")
        start_month, start_day = int(month or 1), int(day or 1)
        if (start_day, start_month) == (1, 1):
            return date(year, 1, 1), date(year, 12, 31)
        start = date(year - 1, start_month, start_day)
        return start, date(year, start_month, start_day) - timedelta(days=1)

    def _rows(self):
        return self.line_ids.filtered(lambda line: line.line_type == "row").sorted(
            lambda line: (line.sequence, line.id))

    def _columns(self):
        return self.line_ids.filtered(lambda line: line.line_type == "column").sorted(
            lambda line: (line.sequence, line.id))
