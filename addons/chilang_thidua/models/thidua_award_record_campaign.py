from odoo import fields, models

from .thidua_award_record import AWARD_METHODS


class ThiduaCampaign(models.Model):
    """How the awards of a campaign are counted in the statistics of Circular 02/2023/TT-BNV."""

    _inherit = "thidua.campaign"

    award_method = fields.Selection(
        AWARD_METHODS, string="Award Method", default="thematic", required=True,
        help="How the awards of this campaign are counted in form 0603.N: a campaign on a theme or an "
        "occasion is thematic (chuyên đề); the yearly emulation movement is regular (thường xuyên).",
    )
