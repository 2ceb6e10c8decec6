from odoo import api, models


class ReportDecisionPackage(models.AbstractModel):
    """Decision, annex and certificates in one document.

    The PDF is assembled by ``ir.actions.report._render_thidua_decision_package`` (two paper
    orientations); these values serve the HTML preview of the same package.
    """

    _name = "report.chilang_thidua.report_decision_package"
    _description = "Award Decision Package"

    @api.model
    def _get_report_values(self, docids, data=None):
        decisions = self.env["thidua.decision"].browse(docids)
        values = self.env["report.chilang_thidua.report_decision"]._get_report_values(docids, data)
        Certificate = self.env["report.chilang_thidua.report_certificate"]
        base_url = decisions[:1].get_base_url() if decisions else ""
        values["package_certificates"] = {
            decision.id: [
                Certificate._certificate_values(dossier, base_url)
                for dossier in decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
            ]
            for decision in decisions
        }
        return values
