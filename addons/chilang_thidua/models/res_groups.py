from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        result = super().write(vals)
        if {"users", "implied_ids"} & set(vals):
            # a group's own Users tab is another way to give a role: the same separation of duties
            self.env["res.users"].browse(self.with_context(active_test=False).users.ids)._check_thidua_separation()
        return result
