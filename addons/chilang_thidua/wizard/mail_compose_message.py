from odoo import models

from ..tools.audit import client_writes, is_audited


class MailComposeMessage(models.TransientModel):
    """The composer on the addon's records sends and records mail in the user's own name.

    Its mass-mail mode records the outgoing mail in the record's chatter from the composer's
    author and sender, which a client may set to anyone: they become the user's.
    """

    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        if client_writes(self.env):
            partner = self.env.user.partner_id
            audited = self.filtered(lambda composer: is_audited(composer.model))
            if audited:
                audited.write({"author_id": partner.id, "email_from": partner.email_formatted})
        return super()._action_send_mail(auto_commit=auto_commit)
