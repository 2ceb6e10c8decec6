from typing import NamedTuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate

from .thidua_guard import workflow_unlocked

_lt = LazyTranslate(__name__)

# Roles a user holds on every workflow record by their groups (see _transition_roles)
GROUP_ROLES = {
    "appraiser": "chilang_thidua.group_appraiser",
    "council": "chilang_thidua.group_council",
    "manager": "chilang_thidua.group_manager",
}


class _Params(dict):
    """Message arguments computed when the message uses them."""

    def __getitem__(self, key):
        return super().__getitem__(key)()


class Transition(NamedTuple):
    """One action of a workflow model's table (``_transitions``): from which states, by whom.

    - ``states``: the states the action is taken from;
    - ``roles``: who may take it (``_transition_roles``: a group role such as ``appraiser``, a
      role on the record such as ``officer`` of its unit, or ``any`` user the access rights let
      write it); none: server code only (superuser);
    - ``label``: the participle of "%(record)s cannot be <label>: it is <state>.";
    - ``denied``: the AccessError for a user without the role; a method name instead (e.g.
      ``_check_officer``) raises the role's own message; none: a generic message;
    - ``state_error``: a UserError replacing the generic state message;
    - ``role_states``: {role: states} where a role may take it from fewer of ``states``;
    - ``when``: a method name: the record's own condition beyond its state (refused as a state);
    - ``lock``: lock the rows before the state is read (two users acting at once).

    Messages are formatted with ``record``/``name`` (display name), ``state`` (its label),
    ``unit`` and ``review_unit`` (names) and ``action`` (the label).
    """

    states: tuple
    roles: tuple
    label: object
    denied: object = None
    state_error: object = None
    role_states: dict = None
    when: str = None
    lock: bool = False

    def states_for(self, roles):
        """The states from which one of ``roles`` may take the action."""
        role_states = self.role_states or {}
        return tuple(state for state in self.states if any(
            role in self.roles and state in role_states.get(role, self.states) for role in roles))


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
        return _Params({
            "record": lambda: self.display_name, "name": lambda: self.display_name,
            "state": self._state_label, "action": lambda: self.env._(transition.label),
            "unit": lambda: self.unit_id.name or "",
            "review_unit": lambda: self.review_unit_id.name or "",
        })

    def _transition_refusal(self, action, roles=None, state_only=False):
        """None when the current user may take ``action`` on this record now; else the exception
        (``AccessError`` for the user's role, ``UserError`` for the record's state). ``roles``:
        the user's roles on the record, when already known (:meth:`_transition_roles`);
        ``state_only``: the record's state only, from any role (who is decided elsewhere)."""
        self.ensure_one()
        transition = self._transitions[action]
        if not (self.env.su or state_only):
            roles = (self._transition_roles() if roles is None else roles) & set(transition.roles)
            if not roles:
                return self._transition_denial(transition)
        else:
            roles = set(transition.roles) or {"superuser"}
        allowed = transition.states if (self.env.su or state_only) else transition.states_for(roles)
        if self.state not in allowed or (transition.when and not getattr(self, transition.when)()):
            message = transition.state_error or _lt("%(record)s cannot be %(action)s: it is %(state)s.")
            return UserError(self.env._(message) % self._transition_params(transition))
        return None

    def _transition_denial(self, transition):
        if isinstance(transition.denied, str):
            # the role's own check, which names what is missing (e.g. a council without a chair)
            try:
                getattr(self, transition.denied)()
            except UserError as error:
                return error
        message = transition.denied or _lt("You are not allowed to do this on %(record)s.")
        return AccessError(self.env._(message) % self._transition_params(transition))

    def _transition_allowed(self, action, roles=None):
        """Whether the current user may take ``action`` on this record now (the can_* fields)."""
        return self._transition_refusal(action, roles) is None

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
