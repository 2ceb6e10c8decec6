from odoo import models
from odoo.exceptions import AccessError, UserError

from .thidua_guard import workflow_unlocked


class ThiduaWorkflowMixin(models.AbstractModel):
    """State discipline shared by every workflow record of the addon.

    ``state`` and the workflow's own fields change only through the models' ``action_*``
    methods, which check the current state and the user's right first and then call
    :meth:`_set_state` (or write inside :func:`workflow_unlocked`). A direct write (a form
    field, an RPC call with any context, an import, a ``copy(default=…)``) is refused by
    ``thidua.guard.mixin``.
    """

    _name = "thidua.workflow.mixin"
    _inherit = ["thidua.guard.mixin"]
    _description = "Emulation Workflow Mixin"

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
        """The workflow's write: only server code calls it, after its checks."""
        values["state"] = state
        with workflow_unlocked(self):
            return self.write(values)

    def _nothing_to_do(self, message):
        """A button that finds nothing to do says so, instead of silently returning."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "warning", "sticky": False},
        }

    def _done(self, message):
        """A workflow button that did its work says so (a toast), then the screen reloads its record."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success", "sticky": False,
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }

    def _workflow_write(self, values):
        """Write fields only the workflow sets (numbers, tokens, results), after the caller's checks."""
        with workflow_unlocked(self):
            return self.write(values)
