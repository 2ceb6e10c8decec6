from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ThiduaAwardCoefficient(models.Model):
    """The bonus of an award form under one legal regime, for the period that regime is in force.

    NĐ 98/2023 until 30/06/2025, NĐ 152/2025 from 01/07/2025 …: a decision takes the regime in
    force on its date, and prints that regime's decree among its legal bases. A new decree is a
    new line here, never a code change; a signed decision keeps the amounts it was signed with.
    """

    _name = "thidua.award.coefficient"
    _description = "Award Bonus Coefficients"
    _order = "award_form_id, date_from desc"
    _rec_name = "legal_basis"

    award_form_id = fields.Many2one("thidua.award.form", required=True, ondelete="cascade",
                                    index=True)
    date_from = fields.Date(string="In Force From", required=True)
    date_to = fields.Date(string="In Force Until", help="Empty: still in force.")
    bonus_coef_individual = fields.Float(string="Individual", digits=(6, 3), help="× the base salary.")
    bonus_coef_collective = fields.Float(string="Collective", digits=(6, 3), help="× the base salary.")
    bonus_coef_family = fields.Float(string="Household", digits=(6, 3), help="× the base salary.")
    legal_basis = fields.Char(
        string="Decree", required=True,
        help="Printed among the decision's legal bases, e.g. 'Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của "
        "Chính phủ'.",
    )

    without_bonus = fields.Boolean(
        string="No Bonus Money",
        help="The decree gives this title no money (Gia đình văn hóa under NĐ 152/2025): the decision recognises "
        "it without an amount and prints none.",
    )
    legal_document_id = fields.Many2one(
        "thidua.legal.document", ondelete="restrict",
        help="The decree as a record: decisions cite it while it is in force and warn when it ends.",
    )

    @api.constrains("bonus_coef_individual", "bonus_coef_collective", "bonus_coef_family")
    def _check_coefficients(self):
        for line in self:
            if any(coef < 0 or coef > 100 for coef in
                   (line.bonus_coef_individual, line.bonus_coef_collective, line.bonus_coef_family)):
                raise ValidationError(
                    self.env._("Bonus coefficients of %(form)s must be between 0 and 100.",
                               form=line.award_form_id.name)
                )

    @api.constrains("award_form_id", "date_from", "date_to")
    def _check_periods(self):
        for line in self:
            if line.date_to and line.date_to < line.date_from:
                raise ValidationError(self.env._("A regime cannot end before it starts."))
            others = line.award_form_id.coefficient_ids - line
            for other in others:
                if line._overlaps(other):
                    raise ValidationError(
                        self.env._("%(form)s already has coefficients in force on these dates (%(other)s).",
                                   form=line.award_form_id.name, other=other.legal_basis)
                    )

    def _overlaps(self, other):
        self.ensure_one()
        return (not other.date_to or self.date_from <= other.date_to) and (
            not self.date_to or other.date_from <= self.date_to)

    @api.model
    def _in_force(self, award_form, date):
        """The regime of ``award_form`` in force on ``date``, or an empty recordset."""
        date = fields.Date.to_date(date)
        return award_form.coefficient_ids.filtered(
            lambda line: line.date_from <= date and (not line.date_to or date <= line.date_to)
        )[:1]
