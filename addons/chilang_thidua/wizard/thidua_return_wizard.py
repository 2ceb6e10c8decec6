from odoo import api, fields, models
from odoo.exceptions import UserError

# The records a reviewer returns to their unit; the wizard serves them all.
RETURNABLE_MODELS = [
    ("thidua.registration", "Registration"),
    ("thidua.dossier", "Award Dossier"),
    ("thidua.result.report", "Result Report"),
]


class ThiduaReturnWizard(models.TransientModel):
    """Asks the reviewer why registrations, dossiers or result reports go back to their unit."""

    _name = "thidua.return.wizard"
    _description = "Return for Correction"

    res_model = fields.Selection(RETURNABLE_MODELS, string="Document Type", required=True, readonly=True)
    res_ids = fields.Json(string="Records", required=True, readonly=True)
    record_names = fields.Text(compute="_compute_record_names", string="Returned")
    reason = fields.Text(help="What the unit must correct; it is sent to the unit's officers.")

    @api.depends("res_model", "res_ids")
    def _compute_record_names(self):
        for wizard in self:
            wizard.record_names = "\n".join(wizard._records().mapped("display_name"))

    def _records(self):
        self.ensure_one()
        if not self.res_model or not isinstance(self.res_ids, list):
            return None
        # browsed as the user: the record rules and the model's own action_return decide
        return self.env[self.res_model].browse([int(rid) for rid in self.res_ids]).exists()

    @api.model
    def _open_for(self, records):
        if records._name not in dict(RETURNABLE_MODELS):
            raise UserError(self.env._("These records cannot be returned."))
        wizard = self.create({"res_model": records._name, "res_ids": records.ids})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return for Correction"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        records = self._records()
        if not records:
            raise UserError(self.env._("Nothing to return."))
        records.action_return(self.reason or "")
        return {"type": "ir.actions.act_window_close"}
