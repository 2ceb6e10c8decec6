from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .thidua_criterion_template import CRITERION_CHECKS, CRITERION_KINDS
from .thidua_dossier import COLLECTIVE_TYPES, format_vnd
from .thidua_guard import workflow_unlocked


class ThiduaDossierCriterion(models.Model):
    """One line of a dossier's checklist, copied from a criterion template.

    Automatic lines are decided from the dossier's own data (income, taxes, registration …)
    and are read-only; judgement lines are ticked by the proposing unit and confirmed by the
    appraiser when the dossier is appraised.
    """

    _name = "thidua.dossier.criterion"
    _inherit = ["thidua.guard.mixin"]
    _description = "Dossier Criterion"
    _order = "dossier_id, sequence, id"
    _guard_parent = "dossier_id"
    _text_fields = {"name": (512, False), "justification": (1000, False), "note": (1000, False)}
    # the configuration's part of a line: only the dossier's workflow copies it from the templates
    _workflow_fields = frozenset({"template_id", "kind", "check", "threshold", "confirmed", "alternative_group"})

    dossier_id = fields.Many2one("thidua.dossier", required=True, ondelete="cascade", index=True)
    template_id = fields.Many2one("thidua.criterion.template", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Criterion", required=True)
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
    alternative_group = fields.Char(string="One of Group", help="Alternatives: one criterion of the group is enough.")
    is_met = fields.Boolean(
        string="Met", help="Every criterion must be met for the dossier to be appraised and put to the council.",
    )
    # Automatic lines explain themselves in the reader's language from the dossier's current data;
    # judgement lines show the unit's justification, stored in ``justification``.
    note = fields.Char(
        string="Detail", compute="_compute_note", inverse="_inverse_note",
        help="The value that decided the criterion, or the unit's justification.",
    )
    justification = fields.Char(help="Why the proposing unit considers the criterion met.")
    confirmed = fields.Boolean(
        string="Confirmed by Appraiser", readonly=True,
        help="Set when the appraiser appraises the dossier and vouches for the judgement criteria.",
    )
    company_id = fields.Many2one(related="dossier_id.company_id", store=True, index=True)

    def _group_met(self):
        """Met, or one of its alternatives (same group on the same dossier) is."""
        self.ensure_one()
        if self.is_met or not self.alternative_group:
            return self.is_met
        return any(self.dossier_id.criterion_ids.filtered(
            lambda line: line.alternative_group == self.alternative_group).mapped("is_met"))

    def _report_line(self):
        self.ensure_one()
        if not self.is_met and self._group_met():
            mark, detail = self.env._("Not needed"), self.env._("another option of the same criterion is met")
            return f"○ {mark} – {self.name}: {detail}"
        mark = self.env._("Met") if self.is_met else self.env._("Not met")
        detail = self.note or (
            self.env._("ticked by the proposing unit") if self.is_met else self.env._("not ticked")
        )
        return f"{'✓' if self.is_met else '✗'} {mark} – {self.name}: {detail}"

    # ------------------------------------------------------------------
    # Automatic checks
    # ------------------------------------------------------------------
    def _evaluate(self):
        """(is_met, explanation) of an automatic line, from its dossier's current data."""
        self.ensure_one()
        return getattr(self, f"_check_{self.check}")()

    @api.depends("kind", "check", "threshold", "justification", "dossier_id.annual_income", "dossier_id.taxes_paid",
                 "dossier_id.stable_worker_income", "dossier_id.attachment_ids", "dossier_id.nominee_unit_id",
                 "dossier_id.tax_confirmation_ids", "dossier_id.insurance_confirmation_ids")
    def _compute_note(self):
        for line in self:
            line.note = line._evaluate()[1] if line.kind == "auto" and line.check else line.justification

    def _inverse_note(self):
        for line in self.filtered(lambda line: line.kind == "manual"):
            line.justification = line.note

    def _compute_auto_result(self):
        """Decide every automatic line from its dossier (stored, so that eligibility is searchable)."""
        for line in self.filtered(lambda line: line.kind == "auto" and line.check):
            is_met = line._evaluate()[0]
            if line.is_met != is_met:
                with workflow_unlocked(line.dossier_id):
                    line.write({"is_met": is_met})

    def _check_min_income(self):
        income, threshold = self.dossier_id.annual_income, self.threshold
        values = {"income": format_vnd(income), "threshold": format_vnd(threshold)}
        if not income:
            return False, self.env._("Average income not declared (at least %(threshold)s VND/year)", **values)
        if income >= threshold:
            return True, self.env._("Average income %(income)s VND/year ≥ %(threshold)s VND", **values)
        return False, self.env._("Average income %(income)s VND/year < %(threshold)s VND", **values)

    def _check_tax_office_confirmed(self):
        dossier = self.dossier_id
        # sudo: portal officers have no access to ir.attachment; only the number of documents matters
        letters = dossier.sudo().tax_confirmation_ids
        if dossier.taxes_paid and letters:
            return True, self.env._("Confirmed by the tax office (%(count)s document(s))", count=len(letters))
        return False, self.env._("No confirmation of the tax office attached")

    def _check_social_insurance_confirmed(self):
        dossier = self.dossier_id
        # sudo: as for the tax office's letters, only their number matters
        letters = dossier.sudo().insurance_confirmation_ids
        if letters:
            return True, self.env._("Confirmed by the social insurance office (%(count)s document(s))",
                                    count=len(letters))
        return False, self.env._("No confirmation of the social insurance office attached")

    def _check_taxes_paid(self):
        if self.dossier_id.taxes_paid:
            return True, self.env._("Financial, tax and budget duties met in full and on time")
        return False, self.env._("Financial, tax and budget duties not met in full and on time")

    def _check_stable_worker_income(self):
        if self.dossier_id.stable_worker_income:
            return True, self.env._("Stable income ensured for the workers")
        return False, self.env._("Stable income for the workers not ensured")

    def _check_attachment_required(self):
        # sudo: portal officers have no access to ir.attachment; only the number of documents matters
        count = len(self.dossier_id.sudo().attachment_ids)
        if count:
            return True, self.env._("%(count)s document(s) attached", count=count)
        return False, self.env._("No document attached")

    def _check_registration_accepted(self):
        dossier = self.dossier_id
        unit = dossier.nominee_unit_id or (dossier.unit_id if dossier.subject_type in COLLECTIVE_TYPES else False)
        if not unit:
            return False, self.env._("No nominee unit: name the unit whose registration counts")
        if "thidua.registration" not in self.env:
            return False, self.env._("Registrations are not available: the registration of %(unit)s cannot be "
                                     "checked", unit=unit.name)
        # sudo: only whether an accepted registration exists matters; the nominee unit's
        # registration may be outside what the proposing officer (or a council member) can read.
        registration = self.env["thidua.registration"].sudo().search([
            ("campaign_id", "=", dossier.campaign_id.id),
            ("unit_id", "=", unit.id),
            ("state", "=", "accepted"),
        ], limit=1)
        if registration:
            return True, self.env._("%(unit)s has an accepted registration in this campaign (%(items)s item(s))",
                                    unit=unit.name, items=len(registration.item_ids))
        return False, self.env._("%(unit)s has no accepted registration in this campaign", unit=unit.name)

    # ------------------------------------------------------------------
    # Who may tick what
    # ------------------------------------------------------------------
    def _guard_vals(self, vals, unlocked, creating=False):
        # a unit may add a judgement line of its own: naming that (default) kind is no forgery
        if creating and vals.get("kind") == "manual":
            vals = {key: value for key, value in vals.items() if key != "kind"}
        return super()._guard_vals(vals, unlocked, creating)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not lines._workflow_unlocked():
            lines._check_editable()
        return lines

    def write(self, vals):
        if not self._workflow_unlocked():
            self._check_editable()
            if any(line.kind == "auto" for line in self):
                raise UserError(self.env._("Automatic criteria are decided from the dossier's data, not ticked."))
            if "name" in vals and self.template_id:
                raise UserError(self.env._("The criteria required by the award's configuration cannot be renamed."))
            if "dossier_id" in vals:
                raise AccessError(self.env._("A criterion cannot be moved to another dossier."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_editable(self):
        if not self._workflow_unlocked():
            self._check_editable()
            if self.template_id:
                raise UserError(
                    self.env._("The criteria required by the award's configuration cannot be removed from a dossier.")
                )

    def _check_editable(self):
        # the dossier's own "edit" states, for the user's role (the appraisers' include "submitted")
        roles = {"appraiser"} if self.env.user.has_group("chilang_thidua.group_appraiser") else {"officer"}
        allowed = self.env["thidua.dossier"]._editable_states(roles)
        for dossier in self.dossier_id:
            if dossier.state not in allowed:
                raise UserError(
                    self.env._("The criteria of %(dossier)s can no longer change: it is %(state)s.",
                               dossier=dossier.display_name, state=dossier._state_label())
                )
