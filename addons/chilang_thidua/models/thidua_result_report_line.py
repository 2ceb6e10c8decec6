from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ThiduaResultReportLine(models.Model):
    """The result of one registered item, as the unit reports it at the end of the campaign."""

    _name = "thidua.result.report.line"
    _inherit = ["thidua.guard.mixin"]
    _description = "Result of a Registered Item"
    _guard_parent = "report_id"
    _text_fields = {"result": (10000, True)}
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("thidua.result.report", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one("thidua.registration.item", required=True, ondelete="restrict")
    name = fields.Char(related="item_id.name", string="Title")
    item_type = fields.Selection(related="item_id.item_type", string="Kind")
    content_id = fields.Many2one(related="item_id.content_id", string="Content Area")
    progress = fields.Integer(help="Percentage done at the end of the campaign.")
    is_completed = fields.Boolean(string="Completed")
    result = fields.Text(help="What was achieved, with figures where possible.")
    campaign_id = fields.Many2one(related="report_id.campaign_id", store=True, string="Campaign")
    unit_id = fields.Many2one(related="report_id.unit_id", store=True, string="Unit")
    company_id = fields.Many2one(related="report_id.company_id", store=True)

    _sql_constraints = [
        ("progress_range", "CHECK(progress >= 0 AND progress <= 100)", "Progress is a percentage from 0 to 100."),
    ]

    @api.constrains("item_id", "report_id")
    def _check_item_of_report(self):
        for line in self:
            # sudo: the item's registration is compared, whoever may read it
            if line.item_id.sudo().registration_id != line.report_id.sudo().registration_id:
                raise ValidationError(self.env._("A result line reports an item of the unit's own registration."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # checked on what was created: the report may come from a default_report_id key
        if not lines._workflow_unlocked():
            lines.report_id._check_editable()
        return lines

    def write(self, vals):
        if not self.env.su:
            self.report_id._check_editable()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.report_id._check_editable()
        return super().unlink()
