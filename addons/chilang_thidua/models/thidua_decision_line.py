import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.settings import thidua_setting

# Which coefficient of the award's regime applies to each subject type (docs/law.md §2, §2b):
# collectives and enterprises take the collective coefficient (2 × the individual one),
# households the family coefficient, every individual (civil servants, soldiers, public
# employees, farmers, workers, entrepreneurs) the individual coefficient.
COEFFICIENT_FIELD = {
    "collective": "bonus_coef_collective",
    "enterprise": "bonus_coef_collective",
    "family": "bonus_coef_family",
}
DEFAULT_COEFFICIENT_FIELD = "bonus_coef_individual"


def round_up(amount, step):
    """Round up to the next multiple of ``step`` đồng (702,000 → 710,000 with a 10,000 step)."""
    whole = round(amount)  # whole đồng first, so float noise (540000.0000001) does not round up
    if step <= 1:
        return whole
    return math.ceil(whole / step) * step


class ThiduaDecisionLine(models.Model):
    """One awarded collective or individual of a decision, with its bonus."""

    _name = "thidua.decision.line"
    _inherit = ["thidua.guard.mixin"]
    _description = "Award Decision Line"
    _order = "decision_id, sequence, id"
    _guard_parent = "decision_id"
    # written by the Chairman's signing only (thidua_decision.py)
    _workflow_fields = frozenset({"prepared_certificate_pdf_id"})

    decision_id = fields.Many2one("thidua.decision", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    dossier_id = fields.Many2one(
        "thidua.dossier", required=True, ondelete="restrict", index=True,
        domain="[('campaign_id', '=', parent.campaign_id), ('award_form_id', '=', parent.award_form_id), "
        "('state', '=', 'approved')]",
    )
    nominee_name = fields.Char(related="dossier_id.nominee_name", string="Nominee")
    job_title = fields.Char(related="dossier_id.job_title", string="Position")
    unit_id = fields.Many2one(related="dossier_id.unit_id", string="Proposing Unit")
    nominee_unit_id = fields.Many2one(related="dossier_id.nominee_unit_id", string="Nominee Unit")
    subject_type = fields.Selection(related="dossier_id.subject_type", string="Subject Type")
    coefficient = fields.Float(compute="_compute_bonus", store=True, digits=(6, 3))
    base_salary = fields.Monetary(compute="_compute_bonus", store=True, currency_field="currency_id")
    bonus_amount = fields.Monetary(compute="_compute_bonus", store=True, currency_field="currency_id",
                                   string="Bonus")
    currency_id = fields.Many2one(related="decision_id.currency_id")
    company_id = fields.Many2one(related="decision_id.company_id", store=True, index=True)
    # two signatures: this certificate alone as the Chairman signed it, until the clerk issues it
    prepared_certificate_pdf_id = fields.Many2one("ir.attachment", string="Certificate Signed by the Chairman",
                                                  readonly=True, copy=False)

    _sql_constraints = [
        ("dossier_decision_uniq", "unique(decision_id, dossier_id)", "A dossier appears once in a decision."),
    ]

    # Depends on the decision's date and award form and the dossier's subject type only: a signed
    # decision freezes all three, so later changes of the coefficients or of the base salary
    # table never touch a signed amount. Signing recomputes the amounts one last time.
    @api.depends("decision_id.date_decision", "decision_id.award_form_id", "dossier_id.subject_type")
    def _compute_bonus(self):
        step = thidua_setting(self.env, "bonus_rounding_step")
        Salary = self.env["thidua.base.salary"]
        Coefficient = self.env["thidua.award.coefficient"]
        salaries = {}
        for line in self:
            form, date = line.decision_id.award_form_id, line.decision_id.date_decision
            # the legal regime in force on the decision date (NĐ 98/2023, NĐ 152/2025 …)
            regime = Coefficient._in_force(form, date) if form and date else Coefficient
            coefficient = regime[COEFFICIENT_FIELD.get(line.subject_type, DEFAULT_COEFFICIENT_FIELD)] if regime else 0.0
            if date and date not in salaries:
                salaries[date] = Salary._amount_at(date)
            base = salaries.get(date, 0.0)
            line.coefficient = coefficient
            line.base_salary = base
            line.bonus_amount = round_up(coefficient * base, step)

    @api.constrains("dossier_id", "decision_id")
    def _check_dossier(self):
        for line in self:
            dossier, decision = line.dossier_id, line.decision_id
            if dossier.campaign_id != decision.campaign_id or dossier.award_form_id != decision.award_form_id:
                raise ValidationError(
                    self.env._("%(dossier)s is not a dossier of this decision's campaign and award form.",
                               dossier=dossier.display_name)
                )
            others = dossier.decision_line_ids.decision_id.filtered(
                lambda d, decision=decision: d != decision and d.state != "cancelled"
            )
            if others:
                raise ValidationError(
                    self.env._("%(dossier)s is already in the decision %(decision)s.",
                               dossier=dossier.display_name, decision=others[0].display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # checked on what was created: the decision may come from a default_decision_id key
        lines.decision_id._check_not_signed()
        return lines

    def write(self, vals):
        self.decision_id._check_not_signed()
        if vals.get("decision_id"):
            # nor may a line be moved into a signed decision
            self.env["thidua.decision"].browse(vals["decision_id"])._check_not_signed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        self.decision_id._check_not_signed()
