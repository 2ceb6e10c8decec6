from odoo import fields, models, tools

from .thidua_unit import UNIT_TYPES

REGISTRATION_STATES = [
    ("none", "Not Registered"),
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("forwarded", "Forwarded"),
    ("accepted", "Accepted"),
    ("returned", "Returned"),
]


class ThiduaParticipationStatistics(models.Model):
    """One row per (campaign, participating unit): registered or not, items, exemplary, reported.

    A unit takes part in a campaign as ``thidua.campaign._get_participating_units`` says: the
    active units of the campaign's company when it lists none, else the listed units and their
    active sub-units. Phòng Nội vụ reports these figures upward by unit type and by unit.
    """

    _name = "thidua.participation.statistics"
    _description = "Campaign Participation Statistics"
    _auto = False
    _order = "campaign_id desc, unit_id"
    _rec_name = "unit_id"

    campaign_id = fields.Many2one("thidua.campaign", readonly=True)
    campaign_state = fields.Selection(related="campaign_id.state", string="Campaign Status")
    unit_id = fields.Many2one("thidua.unit", readonly=True)
    unit_type = fields.Selection(UNIT_TYPES, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    registration_id = fields.Many2one("thidua.registration", readonly=True)
    registration_state = fields.Selection(REGISTRATION_STATES, string="Registration Status", readonly=True)
    unit_count = fields.Integer(string="Units", readonly=True, aggregator="sum")
    registered_count = fields.Integer(string="Units Registered", readonly=True, aggregator="sum")
    not_registered_count = fields.Integer(string="Units Not Registered", readonly=True, aggregator="sum")
    late_count = fields.Integer(string="Late Registrations", readonly=True, aggregator="sum")
    item_count = fields.Integer(string="Items", readonly=True, aggregator="sum")
    model_count = fields.Integer(string="Models", readonly=True, aggregator="sum")
    work_count = fields.Integer(string="Works", readonly=True, aggregator="sum")
    task_count = fields.Integer(string="Tasks", readonly=True, aggregator="sum")
    exemplary_count = fields.Integer(string="Exemplary Items", readonly=True, aggregator="sum")
    reported_count = fields.Integer(string="Results Reported", readonly=True, aggregator="sum")
    not_reported_count = fields.Integer(string="Results Not Reported", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH participation AS (
                    SELECT c.id AS campaign_id, u.id AS unit_id
                      FROM thidua_campaign c
                      JOIN thidua_unit u ON u.company_id = c.company_id AND u.active
                     WHERE NOT EXISTS (
                        SELECT 1 FROM thidua_campaign_thidua_unit_rel rel WHERE rel.thidua_campaign_id = c.id)
                    UNION
                    SELECT rel.thidua_campaign_id, u.id
                      FROM thidua_campaign_thidua_unit_rel rel
                      JOIN thidua_unit listed ON listed.id = rel.thidua_unit_id
                      JOIN thidua_unit u ON u.parent_path LIKE listed.parent_path || '%%' AND u.active
                ),
                items AS (
                    SELECT registration_id,
                           count(*) AS item_count,
                           count(*) FILTER (WHERE item_type = 'model') AS model_count,
                           count(*) FILTER (WHERE item_type = 'work') AS work_count,
                           count(*) FILTER (WHERE item_type = 'task') AS task_count,
                           count(*) FILTER (WHERE is_exemplary) AS exemplary_count
                      FROM thidua_registration_item
                  GROUP BY registration_id
                )
                SELECT row_number() OVER (ORDER BY p.campaign_id, p.unit_id) AS id,
                       p.campaign_id,
                       p.unit_id,
                       u.unit_type,
                       c.company_id,
                       reg.id AS registration_id,
                       COALESCE(reg.state, 'none') AS registration_state,
                       1 AS unit_count,
                       (reg.state IN ('submitted', 'forwarded', 'accepted'))::int AS registered_count,
                       (reg.state IS NULL OR reg.state NOT IN ('submitted', 'forwarded', 'accepted'))::int
                           AS not_registered_count,
                       COALESCE(reg.is_late, FALSE)::int AS late_count,
                       COALESCE(items.item_count, 0)::int AS item_count,
                       COALESCE(items.model_count, 0)::int AS model_count,
                       COALESCE(items.work_count, 0)::int AS work_count,
                       COALESCE(items.task_count, 0)::int AS task_count,
                       COALESCE(items.exemplary_count, 0)::int AS exemplary_count,
                       COALESCE(report.state IN ('submitted', 'accepted'), FALSE)::int AS reported_count,
                       (reg.state = 'accepted' AND COALESCE(report.state NOT IN ('submitted', 'accepted'), TRUE))::int
                           AS not_reported_count
                  FROM participation p
                  JOIN thidua_campaign c ON c.id = p.campaign_id
                  JOIN thidua_unit u ON u.id = p.unit_id
             LEFT JOIN thidua_registration reg ON reg.campaign_id = p.campaign_id AND reg.unit_id = p.unit_id
             LEFT JOIN items ON items.registration_id = reg.id
             LEFT JOIN thidua_result_report report ON report.campaign_id = p.campaign_id AND report.unit_id = p.unit_id
            )
        """)
