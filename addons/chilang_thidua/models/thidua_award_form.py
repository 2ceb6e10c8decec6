from odoo import api, fields, models
from odoo.exceptions import UserError

AWARD_LEVELS = [
    ("commune", "Commune"),
    ("district", "District"),
    ("province", "Province"),
    ("central", "Central"),
]
LEVEL_ORDER = [code for code, _label in AWARD_LEVELS]
AWARD_KINDS = [
    ("award", "Form of Commendation"),  # hình thức khen thưởng: Giấy khen, Bằng khen …
    ("title", "Emulation Title"),  # danh hiệu thi đua: Lao động tiên tiến, Chiến sĩ thi đua cơ sở …
]
# The columns "Chia ra" of form 0603.N (Thông tư 02/2023/TT-BNV), in their order.
REPORT_0603_COLUMNS = [
    ("merit", "Certificate of Merit (Bằng khen)"),
    ("emulation_soldier", "Emulation Soldier of a Ministry or Province"),
    ("flag", "Emulation Flag"),
    ("badge", "Badge or Commemorative Medal"),
]


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
    kind = fields.Selection(
        AWARD_KINDS, required=True, default="award",
        help="A form of commendation is awarded (tặng); an emulation title is recognised (công nhận), usually "
        "once a year, e.g. Lao động tiên tiến, Tập thể lao động xuất sắc.",
    )
    grantor_title = fields.Char(
        string="Grantor",
        required=True,
        help="Who grants it, as printed on the certificate, e.g. "
        "'Chủ tịch Ủy ban nhân dân huyện Chi Lăng'.",
    )
    report_0603_column = fields.Selection(
        REPORT_0603_COLUMNS, string="Column of Form 0603.N",
        help="The column of the statistics form 0603.N (Circular 02/2023/TT-BNV) counting this award. "
        "Awards of a form without one (e.g. a district's Giấy khen) get their own column after the form's.",
    )
    document_title = fields.Char(
        string="Certificate Title", default="GIẤY KHEN", help="Large title printed on the certificate."
    )
    coefficient_ids = fields.One2many(
        "thidua.award.coefficient", "award_form_id", string="Bonus Coefficients",
        help="The bonus under each legal regime, with the dates it is in force.",
    )
    # the regime in force today, for lists and forms (decisions ask for the one of their date)
    bonus_coef_individual = fields.Float(
        string="Individual Coefficient", digits=(6, 3), compute="_compute_current_regime",
        help="Bonus for an individual today, × the base salary.",
    )
    bonus_coef_collective = fields.Float(
        string="Collective Coefficient", digits=(6, 3), compute="_compute_current_regime",
        help="Bonus for a collective today, × the base salary.",
    )
    bonus_coef_family = fields.Float(
        string="Family Coefficient", digits=(6, 3), compute="_compute_current_regime",
        help="Bonus for a household today, × the base salary.",
    )
    next_award_form_id = fields.Many2one(
        "thidua.award.form",
        string="Next Level Award",
        help="The award the council may propose the most exemplary nominees for.",
    )
    legal_basis = fields.Char(compute="_compute_current_regime", help="The decree in force today for this award.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The award form code must be unique."),
    ]

    @api.depends("coefficient_ids")
    def _compute_current_regime(self):
        Coefficient = self.env["thidua.award.coefficient"]
        today = fields.Date.context_today(self)
        for form in self:
            regime = Coefficient._in_force(form, today)
            form.bonus_coef_individual = regime.bonus_coef_individual
            form.bonus_coef_collective = regime.bonus_coef_collective
            form.bonus_coef_family = regime.bonus_coef_family
            form.legal_basis = regime.legal_basis

    def _name_in_text(self):
        """The name as it reads within a sentence: 'Danh hiệu Lao động tiên tiến' becomes 'danh hiệu
        Lao động tiên tiến'; a form of commendation keeps its capital (Giấy khen của …)."""
        name = self.name or ""
        return name[:1].lower() + name[1:] if self.kind == "title" else name

    def _regime_at(self, date):
        """The coefficients and decree of this award in force on ``date`` (a plain message if none)."""
        self.ensure_one()
        regime = self.env["thidua.award.coefficient"]._in_force(self, date)
        if not regime:
            raise UserError(
                self.env._("%(form)s has no bonus coefficients in force on %(date)s: add them under "
                           "Configuration → Award Forms.", form=self.name, date=date.strftime("%d/%m/%Y"))
            )
        return regime
