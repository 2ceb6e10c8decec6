from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ThiduaBaseSalary(models.Model):
    """Dated table of the statutory base salary (mức lương cơ sở).

    Bonuses use the amount in force on the decision date, so a new decree is a new line
    here, never a code change.
    """

    _name = "thidua.base.salary"
    _description = "Base Salary"
    _order = "date_from desc"
    _rec_name = "date_from"

    date_from = fields.Date(string="In Force From", required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    legal_basis = fields.Char(string="Instrument", help="Decree that sets this amount, e.g. NĐ 73/2024/NĐ-CP.")

    _sql_constraints = [
        ("date_from_uniq", "unique(date_from)", "There is already a base salary from this date."),
    ]

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount <= 0:
                raise ValidationError(self.env._("The base salary must be a positive amount."))

    @api.model
    def _amount_at(self, date):
        """Base salary in force on ``date`` (the latest line starting on or before it)."""
        date = fields.Date.to_date(date)
        # sudo: the base salary is public law; portal users computing a bonus preview may lack the ACL
        line = self.sudo().search([("date_from", "<=", date)], order="date_from desc", limit=1)
        if not line:
            raise UserError(
                self.env._(
                    "No base salary is in force on %(date)s. Add it under Configuration → Base Salary.",
                    date=date.strftime("%d/%m/%Y"),
                )
            )
        return line.amount
