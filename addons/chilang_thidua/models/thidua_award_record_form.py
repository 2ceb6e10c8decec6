from odoo import fields, models

# The columns "Chia ra" of form 0603.N (Thông tư 02/2023/TT-BNV), in their order.
REPORT_0603_COLUMNS = [
    ("merit", "Certificate of Merit (Bằng khen)"),
    ("emulation_soldier", "Emulation Soldier of a Ministry or Province"),
    ("flag", "Emulation Flag"),
    ("badge", "Badge or Commemorative Medal"),
]


class ThiduaAwardForm(models.Model):
    """Which column of form 0603.N counts the awards of this form."""

    _inherit = "thidua.award.form"

    report_0603_column = fields.Selection(
        REPORT_0603_COLUMNS, string="Column of Form 0603.N",
        help="The column of the statistics form 0603.N (Circular 02/2023/TT-BNV) counting this award. "
        "Awards of a form without one (e.g. a district's Giấy khen) get their own column after the form's.",
    )
