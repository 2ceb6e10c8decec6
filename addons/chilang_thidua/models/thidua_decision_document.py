from odoo import models


class ThiduaDecision(models.Model):
    """Printing shortcuts of the award decision."""

    _inherit = "thidua.decision"

    def action_print_package(self):
        """One PDF: the decision, its annex and one certificate per awardee."""
        return self.env.ref("chilang_thidua.action_report_decision_package").report_action(self)
