from odoo import fields, models


class ThiduaDossierReturnWizard(models.TransientModel):
    """Asks the appraiser why a dossier goes back to its unit."""

    _name = "thidua.dossier.return.wizard"
    _description = "Return Dossier"

    dossier_ids = fields.Many2many(
        "thidua.dossier", string="Dossiers",
        default=lambda self: self.env["thidua.dossier"].browse(self.env.context.get("active_ids", [])),
    )
    reason = fields.Text(required=True, help="Told to the proposing unit.")

    def action_confirm(self):
        self.dossier_ids.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
