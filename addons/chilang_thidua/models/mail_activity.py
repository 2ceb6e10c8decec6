from odoo import models

from ..tools.audit import is_audited, server_mail


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_notify(self):
        if not any(is_audited(model) for model in self.mapped("res_model")):
            return super().action_notify()
        # "assigned to you": the server's notice, rendered from its template for the assignee
        with server_mail():
            return super().action_notify()

