"""The chatter of the addon's records is their audit trail: who wrote what, when, and what changed.

A client (JSON-RPC, the web client, the portal) writes in its own name only: a comment or a note,
authored by the user, without tracking values, another sender or another date. The server's own
messages (tracking, the workflow's notifications, activities) are written under ``sudo()`` or
inside :func:`server_mail`, which only server code can enter. Nothing in the context decides.
"""

from odoo import api, models
from odoo.exceptions import AccessError

from ..tools.audit import AUDIT_FIELDS, CLIENT_SUBTYPES, client_writes, is_audited


class MailMessage(models.Model):
    """Messages on ``thidua.*`` records.

    Odoo lets anyone who may edit a record delete its messages, and an author edit theirs; on
    ``thidua.*`` records only administrators may. The one exception is a plain comment an
    officer wrote themselves, without tracked changes, which they may still correct.
    A client creates only comments in its own name (see the module's docstring).
    """

    _inherit = "mail.message"

    def _check_audit_trail(self, vals=None):
        if self.env.su or self.env.is_admin():
            return
        partner = self.env.user.partner_id
        for message in self:
            if not is_audited(message.model):
                continue
            own_comment = (
                message.message_type == "comment" and message.author_id == partner and not message.tracking_value_ids
            )
            if not own_comment:
                raise AccessError(
                    self.env._("The history of %(record)s is its audit trail: only administrators may change it.",
                               record=message.record_name or message.model)
                )
        if vals is not None and any(is_audited(model) for model in self.mapped("model")):
            # an own comment stays an own comment: no other author, kind, record or tracked changes
            if {"model", "res_id"} & set(vals):
                raise AccessError(self.env._("A message stays on the record it was written on."))
            self._check_client_message_vals(vals)

    @api.model
    def _thidua_client_subtype_ids(self):
        return {self.env["ir.model.data"]._xmlid_to_res_id(xmlid) for xmlid in CLIENT_SUBTYPES}

    def _check_client_message_vals(self, vals):
        """Refuse values a client may not give a message of an audited record (create or write)."""
        partner = self.env.user.partner_id
        problems = []
        if "message_type" in vals and vals["message_type"] != "comment":
            problems.append("message_type")
        if "author_id" in vals and vals["author_id"] != partner.id:
            problems.append("author_id")
        if vals.get("author_guest_id"):
            problems.append("author_guest_id")
        if vals.get("email_from") and vals["email_from"] not in (partner.email_formatted, partner.email):
            problems.append("email_from")
        if vals.get("tracking_value_ids"):
            problems.append("tracking_value_ids")
        if vals.get("subtype_id") and vals["subtype_id"] not in self._thidua_client_subtype_ids():
            problems.append("subtype_id")
        if vals.get("date"):
            problems.append("date")
        if problems:
            raise AccessError(self.env._(
                "A message on an emulation record is a comment or a note written in your own name, now: it "
                "cannot name another author or sender, another kind of message, a date or tracked changes."))

    @api.model_create_multi
    def create(self, vals_list):
        if client_writes(self.env):
            for vals in vals_list:
                if is_audited(vals.get("model") or self.env.context.get("default_model")):
                    # the ORM fills missing fields from default_<field> context keys: client values too
                    defaults = {key[len("default_"):]: value for key, value in self.env.context.items()
                                if key.startswith("default_") and key[len("default_"):] in self._fields}
                    self._check_client_message_vals(defaults | vals)
        return super().create(vals_list)

    def write(self, vals):
        if AUDIT_FIELDS & set(vals):
            self._check_audit_trail(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit_trail(self):
        if self.env.su or self.env.is_admin():
            return
        if any(is_audited(message.model) for message in self):
            raise AccessError(self.env._("The history of the emulation records is their audit trail: only "
                                         "administrators may delete it."))

