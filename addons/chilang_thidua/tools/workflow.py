"""The shape of a workflow model's transition table (``_transitions`` on the addon's models).

Each workflow model (campaign, registration, result report, dossier, council session, decision)
declares once, as ``{action: Transition(...)}``, the states each action is taken from and who may
take it; ``thidua.workflow.mixin`` checks it in every ``action_*`` (``_check_transition``) and
computes the ``can_*`` fields from it (``_transition_allowed``).
"""

from typing import NamedTuple


class Params(dict):
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
