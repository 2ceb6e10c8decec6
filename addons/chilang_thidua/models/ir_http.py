from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal pages' scripts speak the user's language: the chatter of a registration, a
        dossier or a result report is mail's ("The conversation is empty.", "Today at 09:30"),
        whose terms the frontend does not load by itself (portal and survey add theirs the same way)."""
        return [*super()._get_translation_frontend_modules_name(), "mail", "chilang_thidua"]
