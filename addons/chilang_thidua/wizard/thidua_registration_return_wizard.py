from odoo import fields, models


class ThiduaRegistrationReturnWizard(models.TransientModel):
    """Asks the reviewer why a registration goes back to its unit."""

    _name = "thidua.registration.return.wizard"
    _description = "Return a Registration for Correction"

    registration_id = fields.Many2one("thidua.registration", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="What the unit must correct; it is sent to the unit's officers.")

    def action_confirm(self):
        self.ensure_one()
        self.registration_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
