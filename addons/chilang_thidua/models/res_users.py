from odoo import fields, models


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
