from odoo import api, fields, models

from . import unit_scope


class ResUsers(models.Model):
    _inherit = "res.users"

    thidua_unit_ids = fields.Many2many(
        "thidua.unit",
        "thidua_unit_officer_rel",
        "user_id",
        "unit_id",
        string="Emulation Units",
        help="Units this user acts for; their records are the user's to see and edit.",
    )

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self.env.su:
            domain = [self._thidua_units_leaf(leaf) for leaf in domain]
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _thidua_units_leaf(self, leaf):
        """``(thidua_unit_ids, =/in/!=/not in, …)`` among the units the searcher may read: Odoo
        answers these from the relation table, without the units' rules, so any internal user
        could list the officers of every unit (of a sibling commune too) by its id."""
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "thidua_unit_ids"):
            return leaf
        _name, operator, value = leaf
        if operator not in ("=", "!=", "in", "not in"):
            return leaf  # a name or a path: Odoo searches the units themselves, with their rules
        if value is False:
            # (…, "!=", False): has a unit; (…, "=", False): has none; among the readable units
            return ("thidua_unit_ids", "any" if operator in ("!=", "not in") else "not any", [])
        ids = list(value) if isinstance(value, (list, tuple)) else [value]
        return ("thidua_unit_ids", "any" if operator in ("=", "in") else "not any", [("id", "in", ids)])

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        if any(vals.get("thidua_unit_ids") for vals in vals_list):
            unit_scope.refresh(self.env, users.ids)
            self.env["thidua.unit"]._invalidate_scope()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "thidua_unit_ids" in vals:
            unit_scope.refresh(self.env, self.ids)
            self.env["thidua.unit"]._invalidate_scope()
        return result

    def unlink(self):
        ids = self.ids
        result = super().unlink()
        unit_scope.forget(self.env, user_ids=ids)
        return result
