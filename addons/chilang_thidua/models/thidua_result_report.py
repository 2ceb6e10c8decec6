
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..tools.settings import thidua_setting
from ..tools.workflow import Transition

_lt = LazyTranslate(__name__)

RESULT_REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("returned", "Returned"),
]


class ThiduaResultReport(models.Model):
    """A unit's end-of-campaign result report (báo cáo kết quả, plan VI.2).

    At the end of the campaign each unit reviews and reports the result of every item it
    registered, with evidence, to the People's Committee through Phòng Nội vụ. Same pattern as
    registrations: the unit's officers write and submit, the appraisers accept or return.
    """

    _name = "thidua.result.report"
    _description = "Campaign Result Report"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.submission.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "campaign_id desc, unit_id"
    _check_company_auto = True
    # the lines check their own rights
    _free_fields = frozenset({"line_ids"})
    # the submission date and the reviewer's note; the portal link's token
    _workflow_fields = frozenset({"date_submitted", "review_note", "access_token"})
    # roles: ``officer`` acts for the unit, ``appraiser`` is Phòng Nội vụ
    _transitions = {
        "edit": Transition(
            ("draft", "returned"), ("officer",), _lt("changed"), denied="_check_officer",
            state_error=_lt("%(name)s is %(state)s: it can be changed only while in draft or returned for correction."),
        ),
        "submit": Transition(("draft", "returned"), ("officer",), _lt("submitted"), denied="_check_officer"),
        "delete": Transition(("draft",), ("officer",), _lt("deleted"), denied="_check_officer",
                             state_error=_lt("Only a draft result report can be deleted.")),
        "accept": Transition(("submitted",), ("appraiser",), _lt("accepted"),
                             denied=_lt("Only the appraisers can accept a result report.")),
        "return": Transition(("submitted",), ("appraiser",), _lt("returned"),
                             denied=_lt("Only the appraisers can return a result report.")),
    }

    name = fields.Char(compute="_compute_name", store=True, string="Report")
    campaign_id = fields.Many2one(
        "thidua.campaign", required=True, index=True, ondelete="restrict",
        check_company=True, tracking=True, domain="[('state', 'in', ('open', 'closed'))]",
    )
    unit_id = fields.Many2one(
        "thidua.unit", required=True, index=True, ondelete="restrict", check_company=True,
        tracking=True,
    )
    unit_type = fields.Selection(related="unit_id.unit_type", store=True, string="Unit Type")
    registration_id = fields.Many2one(
        "thidua.registration", compute="_compute_registration_id", store=True,
        index=True,
    )
    line_ids = fields.One2many("thidua.result.report.line", "report_id", string="Results", copy=True)
    summary = fields.Html(string="Overall Assessment", help="The unit's own review of its work in the campaign.")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    date_submitted = fields.Date(string="Submitted On", readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(
        string="Late", compute="_compute_is_late", store=True,
        help="Submitted more than the reporting period after the campaign's end.",
    )
    review_note = fields.Text(string="Return Reason", readonly=True, copy=False, tracking=True)
    state = fields.Selection(RESULT_REPORT_STATES, default="draft", required=True, tracking=True, copy=False,
                             index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    # What the current user may do, for the form's buttons; the actions check again (_transitions).
    can_edit = fields.Boolean(compute="_compute_user_rights")
    can_submit = fields.Boolean(compute="_compute_user_rights")
    can_accept = fields.Boolean(compute="_compute_user_rights")
    can_return = fields.Boolean(compute="_compute_user_rights")
    completed_count = fields.Integer(compute="_compute_counts", string="Completed Items")
    line_count = fields.Integer(compute="_compute_counts", string="Items Reported")

    _sql_constraints = [
        ("campaign_unit_uniq", "unique(campaign_id, unit_id)", "A unit files one result report per campaign."),
    ]

    @api.depends("campaign_id.name", "unit_id.name")
    def _compute_name(self):
        for report in self:
            report.name = f"{report.unit_id.name or ''} – {report.campaign_id.name or ''}"

    @api.depends("campaign_id", "unit_id")
    def _compute_registration_id(self):
        # sudo: the link is the same whoever looks; the registration's own rules apply when opened
        registrations = self.env["thidua.registration"].sudo().search_fetch(
            [("campaign_id", "in", self.campaign_id.ids), ("unit_id", "in", self.unit_id.ids)],
            ["campaign_id", "unit_id"],
        )
        by_key = {(r.campaign_id.id, r.unit_id.id): r.id for r in registrations}
        for report in self:
            report.registration_id = by_key.get((report.campaign_id.id, report.unit_id.id), False)

    @api.depends("date_submitted", "campaign_id.date_end")
    def _compute_is_late(self):
        days = thidua_setting(self.env, "result_report_days")
        for report in self:
            end = report.campaign_id.date_end
            report.is_late = bool(report.date_submitted and end and (report.date_submitted - end).days > days)

    @api.depends_context("uid")
    @api.depends("state", "unit_id")
    def _compute_user_rights(self):
        self._compute_transition_rights()

    @api.depends("line_ids.is_completed")
    def _compute_counts(self):
        for report in self:
            report.line_count = len(report.line_ids)
            report.completed_count = len(report.line_ids.filtered("is_completed"))

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        # checked on what was created: the unit may also come from a default_unit_id key
        reports._check_officer()
        reports.filtered(lambda r: not r.line_ids)._fill_lines()
        return reports

    def _fill_lines(self):
        """One line per item the unit registered, with the progress and result reported so far."""
        for report in self:
            # sudo: a portal officer reads their items through the registration rules already;
            # the line values are copied once, then the report lives on its own
            items = report.sudo().registration_id.item_ids
            # sudo: the lines are copied once from the items checked above
            report.sudo().line_ids = [
                Command.create({"item_id": item.id, "progress": item.progress, "result": item.result or False,
                                "is_completed": item.progress >= 100})
                for item in items
            ]

    def _check_content_write(self, vals):
        if {"campaign_id", "unit_id"} & set(vals):
            raise UserError(self.env._("The campaign and unit of a result report cannot change."))
        return super()._check_content_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_by_transition(self):
        if not self.env.su:
            self._check_transition("delete")

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        self._check_transition("submit")
        for report in self:
            if report.campaign_id.state not in ("open", "closed"):
                raise UserError(
                    self.env._("The campaign %(campaign)s is not running or ending: results cannot be reported.",
                               campaign=report.campaign_id._name_in_text())
                )
            if not report.line_ids:
                raise UserError(self.env._("Report the result of at least one registered item before submitting."))
            missing = report.line_ids.filtered(lambda line: not (line.result or "").strip())
            if missing:
                raise UserError(
                    self.env._("Give the result of every item before submitting: %(items)s.",
                               items=", ".join(missing.mapped("name")))
                )
        self._set_state("submitted", date_submitted=fields.Date.context_today(self))
        for report in self:
            report._notify_users(
                # sudo: a portal officer may not read the campaign or the appraisers it notifies
                report.sudo().campaign_id._appraiser_users(),
                self.env._("Result report submitted by %(unit)s", unit=report.unit_id.name),
            )
        return True

    def action_accept(self):
        self._check_transition("accept")
        self._set_state("accepted", review_note=False)
        self._close_activities()
        for report in self:
            report._notify_unit(self.env._("Your result report for %(campaign)s has been accepted.",
                                           campaign=report.campaign_id._name_in_text()))
        return True

    def _action_return(self, reason):
        self._check_transition("return")
        self._set_state("returned", review_note=reason)
        self._close_activities()
        for report in self:
            report._notify_unit(
                self.env._("Your result report for %(campaign)s was returned for correction: %(reason)s",
                           campaign=report.campaign_id._name_in_text(), reason=reason),
                todo=True,
            )
        return True

    def _compute_access_url(self):
        # every record's URL is set here: portal.mixin's own ("#") would be overwritten
        for report in self:
            report.access_url = f"/my/thidua/result/{report.id}"

    @api.constrains("campaign_id", "unit_id")
    def _check_registered(self):
        for report in self:
            if not report.registration_id:
                raise ValidationError(
                    self.env._("%(unit)s did not register for %(campaign)s: there is nothing to report.",
                               unit=report.unit_id.name, campaign=report.campaign_id._name_in_text())
                )
