from odoo import api, models

from ..tools.audit import CLIENT_POST_KWARGS, client_writes, is_audited, server_mail


class MailThread(models.AbstractModel):
    """``message_post`` by a client on the addon's records writes a comment or note in its own name."""

    _inherit = "mail.thread"

    def _thidua_client_post_kwargs(self, kwargs):
        """``kwargs`` of a client's message_post, reduced to what a client may say."""
        clean = {key: value for key, value in kwargs.items() if key in CLIENT_POST_KWARGS}
        note_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        comment_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        asked_comment = kwargs.get("subtype_xmlid") == "mail.mt_comment" or (
            not kwargs.get("subtype_xmlid") and kwargs.get("subtype_id") == comment_id)
        # a note (internal) unless a comment is asked for; portal users write comments only
        note = not asked_comment and self.env.user._is_internal()
        clean.update(
            author_id=self.env.user.partner_id.id,  # its email address follows (_message_compute_author)
            message_type="comment",
            subtype_id=note_id if note else comment_id,
        )
        return clean

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if is_audited(self._name) and client_writes(self.env):
            kwargs = self._thidua_client_post_kwargs(kwargs)
        return super().message_post(**kwargs)

    def _message_auto_subscribe_notify(self, partner_ids, template):
        if not is_audited(self._name):
            return super()._message_auto_subscribe_notify(partner_ids, template)
        # the assignment notice is the server's, rendered from its template
        with server_mail():
            return super()._message_auto_subscribe_notify(partner_ids, template)

    def _creation_message(self):
        """"<Document> created" in one language. Without a language in the context (records loaded
        from data files, scheduled actions), Odoo words the sentence in the user's language but
        reads the document's name in English ("Emulation Campaign được tạo"): on the addon's
        records both are read in the user's language."""
        if is_audited(self._name) and not self.env.lang:
            lang = self.env["res.users"].context_get().get("lang")
            if lang:
                return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()
