from odoo import api, models
from odoo.exceptions import AccessError, UserError


class ThiduaWorkflowMixin(models.AbstractModel):
    """State discipline shared by every workflow record of the addon.

    ``state`` changes only through the models' ``action_*`` methods, which check the
    current state and the user's right first and then call :meth:`_set_state`. A direct
    ``write({'state': …})`` (a form field, an RPC call, an import) is refused, so the
    checks cannot be bypassed.
    """

    _name = "thidua.workflow.mixin"
    _description = "Emulation Workflow Mixin"

    def _state_label(self, state=None):
        self.ensure_one()
        selection = dict(self._fields["state"]._description_selection(self.env))
        return selection.get(state or self.state, state or self.state)

    def _check_state(self, allowed, action_label):
        """Raise a plain message naming the record when one of ``self`` is not in ``allowed``."""
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s cannot be %(action)s: it is %(state)s.",
                        record=record.display_name,
                        action=action_label,
                        state=record._state_label(),
                    )
                )

    def _check_group(self, group_xmlid, message):
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise AccessError(message)

    def _set_state(self, state, **values):
        values["state"] = state
        return self.with_context(thidua_state_write=True).write(values)

    def _state_write_allowed(self):
        return self.env.su or self.env.context.get("thidua_state_write")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._state_write_allowed():
            default = self.default_get(["state"]).get("state")
            for vals in vals_list:
                if vals.get("state", default) != default:
                    raise AccessError(self.env._("A new record always starts in its first state."))
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not self._state_write_allowed():
            if any(record.state != vals["state"] for record in self):
                raise AccessError(
                    self.env._("The state changes only through the workflow buttons, which check who may act.")
                )
        return super().write(vals)
