"""To-dos end with the work they ask for: a workflow step taken closes the step's to-dos."""

from odoo import models

from .thidua_reminder import SUBMITTED_STATES

# the to-dos a step closes: the ones asking for work on the record (a meeting, a call or an
# upload a user planned themselves stay theirs)
TODO_TYPES = ("mail.mail_activity_data_todo", "chilang_thidua.mail_activity_type_reminder",
              "mail.mail_activity_data_meeting")


class ThiduaWorkflowMixin(models.AbstractModel):
    _inherit = "thidua.workflow.mixin"

    def _set_state(self, state, **values):
        result = super()._set_state(state, **values)
        self._thidua_close_todos()
        return result

    def _thidua_close_todos(self):
        """Mark done the open to-dos on these records; a registration sent closes its unit's
        to-do to register on the campaign."""
        if "activity_ids" not in self._fields or not self:
            return
        type_ids = [
            activity_type.id for xmlid in TODO_TYPES
            if (activity_type := self.env.ref(xmlid, raise_if_not_found=False))
        ]
        # sudo: the to-do may be a colleague's (the office's, the unit's); whoever did the work
        # closes it, and only to-dos on these records are touched
        Activity = self.env["mail.activity"].sudo()
        activities = Activity.search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids), ("activity_type_id", "in", type_ids),
        ])
        if self._name == "thidua.registration":
            for registration in self.filtered(lambda r: r.state in SUBMITTED_STATES):
                # sudo: the unit's officers, to find their to-dos; nothing of them is shown
                officers = registration.unit_id.sudo().officer_ids
                activities |= Activity.search([
                    ("res_model", "=", "thidua.campaign"), ("res_id", "=", registration.campaign_id.id),
                    ("activity_type_id", "in", type_ids), ("user_id", "in", officers.ids),
                ])
        if activities:
            activities.action_feedback()
