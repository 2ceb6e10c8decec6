"""What a client may write, decided on the server.

Every RPC call carries a context, field values and ids that the client chooses. The guard of
the addon's records therefore trusts none of them: the workflow's own writes (state, dates,
numbers, tokens, criteria results) are unlocked by :func:`workflow_unlocked`, a Python context
variable that only server code inside an ``action_*`` method can set, for the records it is
processing. Nothing in a JSON-RPC request can reach it.
"""

import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..tools.input import clean_text

# (model name, record id) pairs the running workflow method may write freely.
_UNLOCKED = contextvars.ContextVar("thidua_workflow_unlocked", default=frozenset())

# Context keys that would let a client change a record without the chatter logging it.
UNTRACKED_CONTEXT_KEYS = frozenset({"tracking_disable", "mail_notrack", "mail_create_nolog"})

# Fields mail.thread / mail.activity.mixin / portal write on any record, whatever its state.
MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message", "rating_")


@contextlib.contextmanager
def workflow_unlocked(records):
    """Let server code write the workflow's fields of ``records`` (and their lines) in this block."""
    token = _UNLOCKED.set(_UNLOCKED.get() | {(records._name, rid) for rid in records.ids})
    try:
        yield records
    finally:
        _UNLOCKED.reset(token)


def is_unlocked(records):
    """True for the superuser, or when every one of ``records`` is unlocked by the workflow."""
    if records.env.su:
        return True
    unlocked = _UNLOCKED.get()
    return bool(records) and all((records._name, rid) in unlocked for rid in records.ids)


class ThiduaGuardMixin(models.AbstractModel):
    """Server-side checks of what a client sends, shared by every record of the addon.

    - ``state`` and the fields named in the model's ``_workflow_fields`` (numbers, tokens, dates
      and results the workflow sets) are written by the workflow only. ``readonly=True`` on a
      field is the form's hint, as everywhere in Odoo: the server reads only this declaration;
    - what the server computes is never a client's to write: a computed field without inverse
      (a stored compute, a related field; an editable compute, ``readonly=False``, is the user's)
      and the automatic columns (``create_uid`` …);
    - a relational value must name records the user may read (no linking another unit's
      attachments, dossiers or items);
    - ``_frozen_states``: records in these states refuse every change and deletion except by
      the superuser (a signed decision, an awarded dossier);
    - ``_guard_parent``: for lines, the field of the record whose unlock covers them;
    - ``_text_fields``: what people type, cleaned for every writer.

    The guard checks before ``mail.thread`` logs the change: it must come before it in the
    model's ``_inherit`` (tests/test_guard_order.py asserts it for every model).
    """

    _name = "thidua.guard.mixin"
    _description = "Emulation Client Input Guard"

    # the fields only the workflow writes, by name: _set_state and _workflow_write write them
    # after the action's checks; a client's write or create naming one is refused
    _workflow_fields = frozenset()
    _frozen_states = ()
    _guard_parent = None
    # text a person types and documents print: {field: (max length, multiline)}; trimmed and
    # refused when it hides control, direction-override or zero-width characters
    _text_fields = {}

    # ------------------------------------------------------------------
    # Unlock
    # ------------------------------------------------------------------
    def _workflow_unlocked(self):
        """Unlocked: superuser, the records themselves, or their parent record."""
        if is_unlocked(self):
            return True
        if self._guard_parent:
            return is_unlocked(self[self._guard_parent]) if self else False
        return False

    def _vals_unlocked(self, vals):
        """For a create: is the parent named in ``vals`` unlocked?"""
        if self.env.su:
            return True
        if self._guard_parent and vals.get(self._guard_parent):
            parent = self.env[self._fields[self._guard_parent].comodel_name].browse(vals[self._guard_parent])
            return is_unlocked(parent)
        return False

    # ------------------------------------------------------------------
    # Checks of client values
    # ------------------------------------------------------------------
    @staticmethod
    def _server_computed(field):
        """The server computes this field: a compute without inverse that the ORM does not let
        the user edit (``readonly=False`` makes a compute editable), or an automatic column."""
        return field.automatic or (bool(field.compute) and not field.inverse and field.readonly)

    def _guard_forbidden_fields(self, vals):
        """The names in ``vals`` that only the workflow (or the server's computes) write."""
        forbidden = []
        for name in vals:
            if name.startswith(MAIL_FIELD_PREFIXES):
                continue
            field = self._fields.get(name)
            if field is None:
                continue
            if name == "state" or name in self._workflow_fields or self._server_computed(field):
                forbidden.append(name)
        return forbidden

    def _guard_check_fields(self, vals, creating=False):
        forbidden = self._guard_forbidden_fields(vals)
        if "state" in forbidden:
            if creating:
                raise AccessError(self.env._("A new record always starts in its first state."))
            raise AccessError(
                self.env._("The state changes only through the workflow buttons, which check who may act.")
            )
        if forbidden:
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in forbidden))
            raise AccessError(self.env._("These fields are set by the workflow only: %(fields)s.", fields=labels))

    @staticmethod
    def _command_ids(field, value):
        """The ids of existing records a relational value names (links, sets, updates)."""
        if field.type == "many2one":
            return {value}
        ids = set()
        for command in value:
            if isinstance(command, int):
                ids.add(command)  # a plain list of ids is a SET for the ORM
                continue
            if not isinstance(command, (list, tuple)) or not command:
                continue
            if command[0] in (1, 4):
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2] or [])
        return ids

    def _guard_check_links(self, vals):
        """Every record a relational value names must be readable by the user."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or not value or field.type not in ("many2one", "many2many", "one2many"):
                continue
            if name.startswith(MAIL_FIELD_PREFIXES):
                continue
            ids = self._command_ids(field, value) - {False, None}
            if not ids:
                continue
            try:
                targets = self.env[field.comodel_name].browse([int(i) for i in ids])
            except (TypeError, ValueError):
                raise UserError(self.env._("Invalid reference in %(field)s.", field=field.string)) from None
            existing = targets.exists()
            if existing != targets or not self._guard_can_link(field, existing):
                raise AccessError(
                    self.env._("%(field)s: you may only choose records you are allowed to see.",
                               field=field._description_string(self.env))
                )

    def _guard_can_link(self, field, targets):
        if field.comodel_name == "ir.attachment":
            # Odoo refuses every attachment to portal users; internal users may link what they can read
            return bool(targets._filter_attachment_access(targets.ids) == targets)
        return targets.has_access("read")

    def _guard_check_frozen(self):
        if not self._frozen_states or self.env.su:
            return
        frozen = self.filtered(lambda record: record.state in self._frozen_states)
        if frozen:
            raise UserError(
                self.env._("%(record)s is %(state)s: it can no longer be changed or deleted.",
                           record=frozen[0].display_name, state=frozen[0]._state_label())
            )

    def _guard_vals(self, vals, unlocked, creating=False):
        """All the checks of one create/write ``vals`` by a client."""
        if unlocked:
            return
        self._guard_check_fields(vals, creating)
        self._guard_check_links(vals)

    def _clean_texts(self, vals):
        """``vals`` with its typed texts cleaned (every writer, the workflow included)."""
        names = [name for name in self._text_fields if isinstance(vals.get(name), str)]
        if not names:
            return vals
        vals = dict(vals)
        for name in names:
            max_length, multiline = self._text_fields[name]
            label = self._fields[name]._description_string(self.env)
            vals[name] = clean_text(self.env, vals[name], label, max_length=max_length, multiline=multiline,
                                    required=self._fields[name].required) or False
        return vals

    def _state_label(self, state=None):
        self.ensure_one()
        if "state" not in self._fields:
            return ""
        selection = dict(self._fields["state"]._description_selection(self.env))
        return selection.get(state or self.state, state or self.state)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _guard_context(self):
        """The client's context, checked and without what would hide a record's history.

        Keys that switch off tracking would create or change a record without a trace in its
        chatter: they are dropped. (``default_<field>`` keys are checked by :meth:`create` like
        the values they stand for: the ORM fills missing fields from them.)
        """
        context = self.env.context
        if not UNTRACKED_CONTEXT_KEYS & set(context):
            return self
        # a whole new context, not kwargs: keys are removed, which with_context(**kwargs) cannot do
        return self.with_context({key: value for key, value in context.items() if key not in UNTRACKED_CONTEXT_KEYS})  # pylint: disable=context-overridden

    def _first_state(self):
        """The state every new record starts in, as the model declares it (never the context's)."""
        field = self._fields.get("state")
        return field.default(self) if field is not None and field.default else None

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_texts(vals) for vals in vals_list]
        if self.env.su:
            return super().create(vals_list)
        records = self._guard_context()
        first_state = self._first_state()
        # the ORM fills missing fields from default_<field> context keys: they are client values too
        defaults = {key[len("default_"):]: value for key, value in self.env.context.items()
                    if key.startswith("default_") and key[len("default_"):] in self._fields}
        for vals in vals_list:
            sent = defaults | vals
            unlocked = records._vals_unlocked(sent)
            # a new record may name its first state, and only that one
            sent = {key: value for key, value in sent.items() if not (key == "state" and value == first_state)}
            records._guard_vals(sent, unlocked, creating=True)
        return super(ThiduaGuardMixin, records).create(vals_list)

    def write(self, vals):
        vals = self._clean_texts(vals)
        if self.env.su or not self:
            return super().write(vals)
        records = self._guard_context()
        if any(not name.startswith(MAIL_FIELD_PREFIXES) for name in vals):
            records._guard_check_frozen()
            records._guard_vals(vals, records._workflow_unlocked())
        return super(ThiduaGuardMixin, records).write(vals)

    def unlink(self):
        self._guard_check_frozen()
        return super().unlink()
