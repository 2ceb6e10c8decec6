from odoo import models
from odoo.tools import ormcache


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal pages' scripts speak the user's language: the chatter of a registration, a
        dossier or a result report is mail's ("The conversation is empty.", "Today at 09:30"),
        whose terms the frontend does not load by itself (portal and survey add theirs the same way)."""
        return [*super()._get_translation_frontend_modules_name(), "mail", "chilang_thidua"]

    @ormcache()
    def get_currencies(self):
        """The web client formats amounts with the currencies listed here, active ones only in
        Odoo: VND (the bonuses' currency) is added even when inactive, so amounts show in whole
        đồng ("1.900.000 ₫", not "1.900.000,00") without activating a second currency for the
        whole database. Formatting only: nothing else reads this list."""
        currencies = super().get_currencies()
        vnd = self.env.ref("base.VND", raise_if_not_found=False)
        if not vnd or vnd.id in currencies:
            return currencies
        # sudo: a currency's symbol and decimals, read for any visitor as Odoo's own list is
        vnd = vnd.sudo()
        return {**currencies, vnd.id: {"symbol": vnd.symbol, "position": vnd.position,
                                       "digits": [69, vnd.decimal_places]}}
