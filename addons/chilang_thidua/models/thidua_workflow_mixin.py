from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate

from ..tools.workflow import Params
from .thidua_guard import workflow_unlocked

_lt = LazyTranslate(__name__)

# Roles a user holds on every workflow record by their groups (see _transition_roles)
GROUP_ROLES = {
    "appraiser": "chilang_thidua.group_appraiser",
    "council": "chilang_thidua.group_council",
    "manager": "chilang_thidua.group_manager",
    "clerk": "chilang_thidua.group_thidua_clerk",
}

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

    # {action: Transition}: the model's whole workflow, which every action_* checks in one call
    # (_check_transition) and the can_* fields read (_transition_allowed)
    _transitions = {}

    # ------------------------------------------------------------------
    # The transition table
    # ------------------------------------------------------------------
    def _transition_roles(self):
        """The roles the current user holds on this record (extended per model: ``officer``…);
        ``any``: whoever the access rights let write the record."""
        user = self.env.user
        return {"any"} | {role for role, group in GROUP_ROLES.items() if user.has_group(group)}

    @api.model
    def _transition_states(self, action, roles=None):
        """The states ``action`` is taken from, by any of ``roles`` (default: by anyone)."""
        transition = self._transitions[action]
        return transition.states if roles is None else transition.states_for(roles)

    @api.model
    def _editable_states(self, roles=None):
        """The states in which the record's content is changed (by one of ``roles``)."""
        return self._transition_states("edit", roles)

    def _transition_params(self, transition):
        """What a refusal may name, read only when its message names it (as the user: a unit
        they cannot read is not named for them)."""
        self.ensure_one()
        return Params({
            "record": lambda: self.display_name, "name": lambda: self.display_name,
            "state": self._state_label, "action": lambda: self.env._(transition.label),
            "unit": lambda: self.unit_id.name or "",
            "review_unit": lambda: self.review_unit_id.name or "",
        })

    def _transition_refusal(self, action, roles=None, state_only=False, explain=True):
        """None when the current user may take ``action`` on this record now; else the exception
        (``AccessError`` for the user's role, ``UserError`` for the record's state), or True
        without ``explain``. ``roles``: the user's roles on the record, when already known
        (:meth:`_transition_roles`); ``state_only``: the record's state only, from any role (who
        is decided elsewhere)."""
        self.ensure_one()
        transition = self._transitions[action]
        if not (self.env.su or state_only):
            roles = (self._transition_roles() if roles is None else roles) & set(transition.roles)
            if not roles:
                return self._transition_denial(transition) if explain else True
        else:
            roles = set(transition.roles) or {"superuser"}
        allowed = transition.states if (self.env.su or state_only) else transition.states_for(roles)
        if self.state not in allowed or (transition.when and not getattr(self, transition.when)()):
            if not explain:
                return True
            message = transition.state_error or _lt("%(record)s cannot be %(action)s: it is %(state)s.")
            # the table holds lazy terms: translated here, then filled (only the arguments it names are computed)
            return UserError(self.env._(message) % self._transition_params(transition))  # pylint: disable=translation-not-lazy
        return None

    def _transition_denial(self, transition):
        if isinstance(transition.denied, str):
            # the role's own check, which names what is missing (e.g. a council without a chair)
            try:
                getattr(self, transition.denied)()
            except UserError as error:
                return error
        message = transition.denied or _lt("You are not allowed to do this on %(record)s.")
        return AccessError(self.env._(message) % self._transition_params(transition))  # pylint: disable=translation-not-lazy

    def _transition_allowed(self, action, roles=None):
        """Whether the current user may take ``action`` on this record now (the can_* fields)."""
        return self._transition_refusal(action, roles, explain=False) is None

    def _compute_transition_rights(self):
        """Each ``can_<action>`` field of the model, from its table's ``<action>`` entry (the
        models declare the fields and call this from their compute, with its dependencies)."""
        actions = [action for action in self._transitions if f"can_{action}" in self._fields]
        for record in self:
            roles = record._transition_roles()
            for action in actions:
                record[f"can_{action}"] = record._transition_allowed(action, roles)

    def _check_transition(self, action, state_only=False):
        """Refuse ``action`` unless the table lets the current user take it from each record's
        state (``state_only``: from any role's states, who being checked elsewhere)."""
        transition = self._transitions[action]
        if transition.lock and self:
            self._lock_for_transition()
        for record in self:
            refusal = record._transition_refusal(action, state_only=state_only)
            if refusal:
                raise refusal

    def _lock_for_transition(self):
        """Row lock: two users taking the same action at once cannot both take it."""
        self.env.cr.execute(f'SELECT id FROM "{self._table}" WHERE id IN %s FOR UPDATE NOWAIT', [tuple(self.ids)])
        self.invalidate_recordset(["state"])

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
