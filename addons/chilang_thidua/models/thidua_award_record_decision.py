from odoo import models


class ThiduaDecision(models.Model):
    """Signing a decision writes its awards into the award register (one row per line)."""

    _inherit = "thidua.decision"

    def action_sign(self):
        result = super().action_sign()
        self.filtered(lambda decision: decision.state == "signed")._write_award_records()
        return result

    def _award_record_values(self, line):
        """The register row of one line of this signed decision."""
        self.ensure_one()
        dossier = line.dossier_id
        authority = self.number_authority_id or self.issuing_unit_id
        return {
            "nominee_name": dossier.nominee_name,
            "identity_number": dossier.identity_number or False,
            "partner_id": dossier.nominee_partner_id.id,
            "unit_id": (dossier.nominee_unit_id or dossier.unit_id).id,
            "subject_type": dossier.subject_type,
            "leadership_level": dossier.leadership_level or "none",
            "job_title": dossier.job_title,
            "award_form_id": self.award_form_id.id,
            "award_method": self.campaign_id.award_method or "thematic",
            "year": self.date_decision.year,
            "decision_number": self.name,
            "decision_date": self.date_decision,
            "issuing_unit_id": authority.id,
            "issuing_body": authority.authority_name or authority.name,
            "achievement": dossier.achievement,
            "source": "decision",
            "dossier_id": dossier.id,
            "decision_id": self.id,
            "company_id": self.company_id.id,
        }

    def _write_award_records(self):
        # sudo: the register's decision rows are written by the signing itself (nobody else may
        # create or change them); the signer's rights were checked by action_sign
        Record = self.env["thidua.award.record"].sudo()
        for decision in self:
            recorded = Record.search([("decision_id", "=", decision.id)]).dossier_id
            lines = decision.line_ids.filtered(lambda line, recorded=recorded: line.dossier_id not in recorded)
            Record.create([decision._award_record_values(line) for line in lines.sorted("sequence")])
