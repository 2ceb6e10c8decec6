from odoo import fields, models


class ThiduaCampaign(models.Model):
    """What the campaign's plan (Kế hoạch) prints beyond the campaign's own fields."""

    _inherit = "thidua.campaign"

    doc_recipients = fields.Text(
        string="Recipients",
        help="'Nơi nhận' of the plan, one recipient per line (e.g. 'Thường trực Huyện ủy'). "
        "Empty: 'Như trên' and the archive.",
    )
