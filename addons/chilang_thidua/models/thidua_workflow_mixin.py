from odoo import models
from odoo.exceptions import AccessError, UserError

from .thidua_guard import workflow_unlocked

# the to-dos a workflow step closes: the ones asking for work on the record (a meeting, a call or
# an upload a user planned themselves stay theirs)
TODO_TYPES = ("mail.mail_activity_data_todo", "chilang_thidua.mail_activity_type_reminder",
              "mail.mail_activity_data_meeting")


class ThiduaWorkflowMixin(models.AbstractModel):
    """State discipline shared by every workflow record of the addon.

    ``state`` and the workflow's own fields (the model's ``_workflow_fields``) change only
    through the models' ``action_*`` methods, which check the current state and the user's right
    first and then call :meth:`_set_state` or :meth:`_workflow_write`, both by field name. A
    direct write (a form field, an RPC call with any context, an import, a
    ``copy(default=…)``) is refused by ``thidua.guard.mixin``.
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
        """The workflow's write: only server code calls it, after its checks. The step taken is
        the work its to-dos asked for: they are closed."""
        self._check_workflow_names(values, "_set_state")
        values["state"] = state
        with workflow_unlocked(self):
            result = self.write(values)
        self._thidua_close_todos()
        return result

    def _thidua_close_todos(self):
        """Mark done the open to-dos on these records, and those :meth:`_thidua_todos_elsewhere`
        names (to-dos on other records that this step does)."""
        if "activity_ids" not in self._fields or not self:
            return
        type_ids = [
            activity_type.id for xmlid in TODO_TYPES
            if (activity_type := self.env.ref(xmlid, raise_if_not_found=False))
        ]
        # sudo: the to-do may be a colleague's (the office's, the unit's); whoever did the work
        # closes it, and only to-dos on these records (or named by them) are touched
        Activity = self.env["mail.activity"].sudo()
        activities = Activity.search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids), ("activity_type_id", "in", type_ids),
        ])
        activities |= self._thidua_todos_elsewhere(Activity, type_ids)
        if activities:
            activities.action_feedback()

    def _thidua_todos_elsewhere(self, Activity, type_ids):
        """The to-dos (``Activity``, as superuser) on other records that the step just taken does."""
        return Activity.browse()

    def _check_workflow_names(self, values, method):
        """The workflow writes only the fields its model names in ``_workflow_fields``: any other
        name is a programming error (a client's field, a typo), refused before anything is written."""
        undeclared = sorted(set(values) - self._workflow_fields)
        if undeclared:
            raise ValueError(f"{self._name}.{method}: {', '.join(undeclared)} not declared in _workflow_fields")

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

    def _workflow_write(self, **values):
        """Write fields only the workflow sets (numbers, tokens, results), after the caller's checks.

        Only the fields the model declares in ``_workflow_fields``: the state goes through
        :meth:`_set_state`, and a field the client may write needs no unlocking.
        """
        self._check_workflow_names(values, "_workflow_write")
        with workflow_unlocked(self):
            return self.write(values)
