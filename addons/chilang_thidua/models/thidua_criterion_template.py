from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .thidua_dossier import SUBJECT_TYPES

CRITERION_KINDS = [
    ("auto", "Automatic"),
    ("manual", "Judgement"),
]
# What an automatic criterion checks; the checks themselves live in thidua.dossier.criterion.
CRITERION_CHECKS = [
    ("min_income", "Minimum annual income"),
    ("taxes_paid", "Taxes and budget duties met"),
    ("stable_worker_income", "Stable income for workers"),
    ("registration_accepted", "Accepted registration in the campaign"),
    ("attachment_required", "Documents attached"),
    ("tax_office_confirmed", "Tax duties confirmed by the tax office"),
    ("social_insurance_confirmed", "Social insurance confirmed by the social insurance office"),
]


class ThiduaCriterionTemplate(models.Model):
    """A criterion of an award form for one subject type (the plan's V.2 a)–d)).

    Criteria are data: an administrator adjusts names and thresholds, or gives one campaign
    its own list (templates with ``campaign_id`` replace the award form's generic ones for
    that campaign and subject type). Dossiers copy them into their checklist.
    """

    _name = "thidua.criterion.template"
    _description = "Award Criterion"
    _order = "award_form_id, campaign_id, subject_type, sequence, id"

    # the plan's own wording, printed in eligibility reports: not translated
    name = fields.Char(string="Criterion", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    award_form_id = fields.Many2one("thidua.award.form", required=True, ondelete="cascade")
    campaign_id = fields.Many2one(
        "thidua.campaign", ondelete="cascade",
        help="Set to give this campaign its own criteria: they replace the award form's generic "
        "criteria for this subject type.",
    )
    subject_type = fields.Selection(SUBJECT_TYPES, required=True)
    kind = fields.Selection(
        CRITERION_KINDS, required=True, default="manual",
        help="Automatic: decided from the dossier's own data. Judgement: ticked by the proposing unit, "
        "confirmed by the appraiser.",
    )
    check = fields.Selection(
        CRITERION_CHECKS, string="Automatic Check",
        help="What the addon checks on the dossier for an automatic criterion.",
    )
    threshold = fields.Float(digits=(16, 0), help="For a minimum income: the amount in VND/year.")
    description = fields.Text(help="Guidance for units and appraisers (e.g. which documents to attach).")
    alternative_group = fields.Char(
        string="One of Group",
        help="Criteria sharing a group are alternatives: the law asks for one of them (e.g. 'an initiative, or "
        "bravery in duty'). A dossier meets the group when it meets any of its criteria.",
    )

    @api.constrains("kind", "check", "threshold")
    def _check_auto(self):
        for template in self:
            if template.kind == "auto" and not template.check:
                raise ValidationError(
                    self.env._("The automatic criterion %(name)s needs a check.", name=template.name)
                )
            if template.check == "min_income" and template.threshold <= 0:
                raise ValidationError(
                    self.env._("The income criterion %(name)s needs a positive threshold.", name=template.name)
                )

    @api.model
    def _get_for(self, award_form, campaign, subject_type):
        """Templates that apply: the campaign's own list if it has one, else the award form's."""
        if not (award_form and subject_type):
            return self.browse()
        domain = [("award_form_id", "=", award_form.id), ("subject_type", "=", subject_type)]
        if campaign:
            own = self.search(domain + [("campaign_id", "=", campaign.id)])
            if own:
                return own
        return self.search(domain + [("campaign_id", "=", False)])

    def _dossier_line_values(self):
        self.ensure_one()
        return {
            "template_id": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "kind": self.kind,
            "check": self.check if self.kind == "auto" else False,
            "threshold": self.threshold,
            "alternative_group": self.alternative_group,
        }
