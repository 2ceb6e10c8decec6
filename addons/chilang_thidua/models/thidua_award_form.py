from odoo import api, fields, models
from odoo.exceptions import ValidationError

AWARD_LEVELS = [
    ("commune", "Commune"),
    ("district", "District"),
    ("province", "Province"),
    ("central", "Central"),
]
LEVEL_ORDER = [code for code, _label in AWARD_LEVELS]


class ThiduaAwardForm(models.Model):
    """A form of commendation (Giấy khen, Bằng khen …) and its bonus coefficients.

    Bonuses are coefficients of the base salary in force on the decision date; the
    coefficients come from the decree and are data, not code.
    """

    _name = "thidua.award.form"
    _description = "Award Form"
    _order = "sequence, id"

    # legal names, printed as they are on Vietnamese documents: not translated
    name = fields.Char(required=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    level = fields.Selection(AWARD_LEVELS, required=True, default="district")
    grantor_title = fields.Char(
        string="Grantor",
        required=True,
        help="Who grants it, as printed on the certificate, e.g. "
        "'Chủ tịch Ủy ban nhân dân huyện Chi Lăng'.",
    )
    document_title = fields.Char(
        string="Certificate Title", default="GIẤY KHEN", help="Large title printed on the certificate."
    )
    bonus_coef_individual = fields.Float(
        string="Individual Coefficient", digits=(6, 3), help="Bonus for an individual, × the base salary."
    )
    bonus_coef_collective = fields.Float(
        string="Collective Coefficient", digits=(6, 3), help="Bonus for a collective, × the base salary."
    )
    bonus_coef_family = fields.Float(
        string="Family Coefficient", digits=(6, 3), help="Bonus for a household, × the base salary."
    )
    next_award_form_id = fields.Many2one(
        "thidua.award.form",
        string="Next Level Award",
        help="The award the council may propose the most exemplary nominees for.",
    )
    legal_basis = fields.Text(help="Legal instrument that sets the coefficients.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The award form code must be unique."),
    ]

    @api.constrains("bonus_coef_individual", "bonus_coef_collective", "bonus_coef_family")
    def _check_coefficients(self):
        for form in self:
            coefs = (form.bonus_coef_individual, form.bonus_coef_collective, form.bonus_coef_family)
            if any(coef < 0 or coef > 100 for coef in coefs):
                raise ValidationError(
                    self.env._("Bonus coefficients of %(form)s must be between 0 and 100.", form=form.name)
                )
