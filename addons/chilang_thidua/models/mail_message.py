from odoo import api, models
from odoo.exceptions import AccessError

# What a message says, who wrote it, when and where: the audit trail of the addon's records.
AUDIT_FIELDS = {
    "body", "subject", "author_id", "author_guest_id", "email_from", "date", "model", "res_id", "record_name",
    "message_type", "subtype_id", "tracking_value_ids", "attachment_ids", "parent_id",
}


class MailMessage(models.Model):
    """The chatter of the addon's records is their audit trail (who did what and when).

    Odoo lets anyone who may edit a record delete its messages, and an author edit theirs; on
    ``thidua.*`` records only administrators may. The one exception is a plain comment an
    officer wrote themselves, without tracked changes, which they may still correct.
    """

    _inherit = "mail.message"

    def _check_audit_trail(self):
        if self.env.su or self.env.is_admin():
            return
        partner = self.env.user.partner_id
        for message in self:
            if not (message.model or "").startswith("thidua."):
                continue
            own_comment = (
                message.message_type == "comment" and message.author_id == partner and not message.tracking_value_ids
            )
            if not own_comment:
                raise AccessError(
                    self.env._("The history of %(record)s is its audit trail: only administrators may change it.",
                               record=message.record_name or message.model)
                )

    @api.model_create_multi
    def create(self, vals_list):
        # a message on an emulation record is signed by whoever writes it: nobody posts in the
        # name of an appraiser or of the council
        if not (self.env.su or self.env.is_admin()):
            partner = self.env.user.partner_id
            for vals in vals_list:
                if (vals.get("model") or "").startswith("thidua.") and vals.get("author_id") not in (None, False,
                                                                                                     partner.id):
                    raise AccessError(self.env._("A message is written in your own name only."))
        return super().create(vals_list)

    def write(self, vals):
        if AUDIT_FIELDS & set(vals):
            self._check_audit_trail()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit_trail(self):
        if self.env.su or self.env.is_admin():
            return
        if any((message.model or "").startswith("thidua.") for message in self):
            raise AccessError(self.env._("The history of the emulation records is their audit trail: only "
                                         "administrators may delete it."))
