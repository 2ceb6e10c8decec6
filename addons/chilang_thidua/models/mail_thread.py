from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """"<Document> created" in one language. Without a language in the context (records loaded
        from data files, scheduled actions), Odoo words the sentence in the user's language but
        reads the document's name in English ("Emulation Campaign được tạo"): both are read in the
        user's language here."""
        if not self.env.lang:
            lang = self.env["res.users"].context_get().get("lang")
            if lang:
                return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()
