from odoo import fields, models, tools

from .thidua_dossier import DOSSIER_STATES, SUBJECT_TYPES
from .thidua_unit import UNIT_TYPES


class ThiduaDossierStatistics(models.Model):
    """One row per award dossier, with the proposing unit's type and the bonus once awarded."""

    _name = "thidua.dossier.statistics"
    _description = "Award Dossier Statistics"
    _auto = False
    _order = "campaign_id desc, unit_id"
    _rec_name = "dossier_id"

    dossier_id = fields.Many2one("thidua.dossier", readonly=True)
    campaign_id = fields.Many2one("thidua.campaign", readonly=True)
    unit_id = fields.Many2one("thidua.unit", string="Proposing Unit", readonly=True)
    unit_type = fields.Selection(UNIT_TYPES, readonly=True)
    award_form_id = fields.Many2one("thidua.award.form", readonly=True)
    subject_type = fields.Selection(SUBJECT_TYPES, readonly=True)
    state = fields.Selection(DOSSIER_STATES, string="Status", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_awarded = fields.Date(string="Awarded On", readonly=True)
    dossier_count = fields.Integer(string="Dossiers", readonly=True, aggregator="sum")
    awarded_count = fields.Integer(string="Awards", readonly=True, aggregator="sum")
    bonus_amount = fields.Monetary(string="Bonus Awarded", readonly=True, aggregator="sum",
                                   currency_field="currency_id")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT d.id,
                       d.id AS dossier_id,
                       d.campaign_id,
                       d.unit_id,
                       u.unit_type,
                       d.award_form_id,
                       d.subject_type,
                       d.state,
                       d.company_id,
                       d.currency_id,
                       d.date_awarded,
                       1 AS dossier_count,
                       (d.state = 'awarded')::int AS awarded_count,
                       CASE WHEN d.state = 'awarded' THEN COALESCE(d.bonus_amount, 0) ELSE 0 END AS bonus_amount
                  FROM thidua_dossier d
                  JOIN thidua_unit u ON u.id = d.unit_id
            )
        """)
