from odoo import fields, models


class ThiduaResultReportReturnWizard(models.TransientModel):
    """Asks the appraiser why a result report goes back to its unit."""

    _name = "thidua.result.report.return.wizard"
    _description = "Return a Result Report for Correction"

    report_id = fields.Many2one("thidua.result.report", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="What the unit must correct; it is sent to the unit's officers.")

    def action_confirm(self):
        self.ensure_one()
        self.report_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
