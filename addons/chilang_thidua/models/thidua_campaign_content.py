from odoo import fields, models


class ThiduaCampaignContent(models.Model):
    """A content area of a campaign (the plan's section II lists seven)."""

    _name = "thidua.campaign.content"
    _description = "Campaign Content Area"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("thidua.campaign", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Content Area", required=True)
    description = fields.Text()
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
