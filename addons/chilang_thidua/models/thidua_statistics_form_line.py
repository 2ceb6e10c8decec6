from odoo import fields, models

from ..tools.statistics_forms import CRITERION_SELECTION


class ThiduaStatisticsFormLine(models.Model):
    """A row or a column of a statistics form, and what it counts (docs/law.md §11)."""

    _name = "thidua.statistics.form.line"
    _description = "Statistics Form Row or Column"
    _order = "form_id, line_type, sequence, id"

    form_id = fields.Many2one("thidua.statistics.form", required=True, ondelete="cascade", index=True)
    line_type = fields.Selection([("row", "Row"), ("column", "Column")], required=True, default="row")
    sequence = fields.Integer(default=10)
    code = fields.Char(help="Mã số of a row (01, 02 …) or the number of a column (2, 3 …).")
    label = fields.Char(required=True, help="As printed on the form.")
    unit = fields.Char(help="Đơn vị tính of a row (Tập thể, Người, Hộ …).")
    is_bold = fields.Boolean(string="Bold")
    criterion = fields.Selection(
        CRITERION_SELECTION, string="Counts",
        help="The records this row or column counts. Empty: a heading without figures.",
    )
