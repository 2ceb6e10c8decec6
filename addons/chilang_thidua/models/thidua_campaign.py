import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, LazyTranslate

from ..tools import unit_scope
from ..tools.document_format import campaign_name_in_text
from ..tools.workflow import Transition
from .thidua_registration import SUBMITTED_STATES

_lt = LazyTranslate(__name__)
_MANAGE_DENIED = _lt("Only the appraisers and managers can change a campaign's state.")

_logger = logging.getLogger(__name__)

CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("open", "Running"),
    ("closed", "Ended"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# what a campaign looks like today: a launched campaign whose start date is ahead is not running yet
CAMPAIGN_STAGES = [
    ("draft", "Draft"),
    ("upcoming", "Upcoming"),
    ("open", "Running"),
    ("closed", "Ended"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Thông tư 02/2023/TT-BNV, form 0603.N, "Chia theo phương thức khen thưởng" (rows 11–17).
AWARD_METHODS = [
    ("regular", "Regular"),
    ("thematic", "Thematic"),
    ("unscheduled", "Unscheduled"),
    ("foreign", "Foreign Relations"),
    ("dedication", "Dedication"),
    ("seniority", "Length of Service"),
    ("resistance", "Resistance"),
]


class ThiduaCampaign(models.Model):
    """An emulation campaign (phong trào thi đua) launched by a plan (Kế hoạch).

    Lifecycle: draft → open (units register and work) → closed (period over: results and
    award dossiers) → done (decisions signed); cancelled from any state but done.
    """

    _name = "thidua.campaign"
    _description = "Emulation Campaign"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _transitions = {
        "open": Transition(("draft",), ("appraiser",), _lt("opened"), denied=_MANAGE_DENIED),
        "close": Transition(("open",), ("appraiser",), _lt("closed"), denied=_MANAGE_DENIED),
        "done": Transition(("closed",), ("appraiser",), _lt("marked done"), denied=_MANAGE_DENIED),
        "cancel": Transition(("draft", "open", "closed"), ("appraiser",), _lt("cancelled"), denied=_MANAGE_DENIED),
        "draft": Transition(("cancelled",), ("appraiser",), _lt("reset to draft"), denied=_MANAGE_DENIED),
    }
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    theme = fields.Text(help="The campaign's motto (chủ đề), as the plan states it.")
    document_number = fields.Char(string="Plan Number", tracking=True, help="e.g. 245/KH-UBND")
    issuing_unit_id = fields.Many2one(
        "thidua.unit", string="Issuing Body", check_company=True, tracking=True,
        help="The body that issues the plan and the decisions (e.g. the People's Committee).",
    )
    date_issued = fields.Date(tracking=True)
    legal_basis = fields.Text(
        string="Legal Bases", help="One legal basis per line, as printed in the plan and the decisions."
    )
    purpose = fields.Html(string="Purpose and Requirements")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    registration_deadline = fields.Date(required=True, tracking=True)
    min_items_per_unit = fields.Integer(
        string="Minimum Items per Unit", default=1, required=True,
        help="How many models, works or tasks each unit must register at least.",
    )
    content_ids = fields.One2many("thidua.campaign.content", "campaign_id", string="Content Areas", copy=True)
    award_form_ids = fields.Many2many("thidua.award.form", string="Award Forms")
    unit_ids = fields.Many2many(
        "thidua.unit", string="Participating Units", check_company=True,
        help="Leave empty for every active unit.",
    )
    # the record rules' question "does the user take part?", in one SQL subquery (see thidua.unit)
    participant_user_ids = fields.Many2many(
        "res.users", string="Participating Users", compute="_compute_participant_user_ids",
        search="_search_participant_user_ids", groups="base.group_system",
        help="Officers of a listed unit or of a unit under one, and of the aggregating units of these "
        "(campaigns without listed units are everyone's).",
    )
    signer_name = fields.Char(string="Signer", tracking=True)
    signer_title = fields.Char(default="CHỦ TỊCH")
    # what the campaign's plan (Kế hoạch) prints beyond the fields above
    doc_recipients = fields.Text(
        string="Recipients",
        help="'Nơi nhận' of the plan, one recipient per line (e.g. 'Thường trực Huyện ủy'). "
        "Empty: 'Như trên' and the archive.",
    )
    # how the awards of the campaign are counted in the statistics of Circular 02/2023/TT-BNV
    award_method = fields.Selection(
        AWARD_METHODS, default="thematic", required=True,
        help="How the awards of this campaign are counted in form 0603.N: a campaign on a theme or an "
        "occasion is thematic (chuyên đề); the yearly emulation movement is regular (thường xuyên).",
    )
    state = fields.Selection(CAMPAIGN_STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    auto_state = fields.Boolean(
        string="Open and Close Automatically", tracking=True,
        help="A daily scheduled action launches the campaign on its start date and ends it the day "
        "after its end date.",
    )
    # Dashboard (smart buttons, kanban card): one read_group per figure for all campaigns shown.
    late_registration_count = fields.Integer(compute="_compute_dashboard", string="Late Registrations")
    registration_item_count = fields.Integer(compute="_compute_dashboard", string="Registered Items")
    exemplary_item_count = fields.Integer(compute="_compute_dashboard", string="Exemplary Items")
    dossier_count = fields.Integer(compute="_compute_dashboard", string="Award Dossiers")
    decision_count = fields.Integer(compute="_compute_dashboard", string="Award Decisions")
    result_report_count = fields.Integer(compute="_compute_dashboard", string="Result Reports")
    unreported_unit_count = fields.Integer(
        compute="_compute_dashboard", string="Results Not Reported",
        help="Units whose registration was accepted and that have not submitted their result report.",
    )
    color = fields.Integer()
    content_count = fields.Integer(compute="_compute_content_count")
    place_name = fields.Char(compute="_compute_place_name", help="Place name of the issuing body.")
    is_registration_open = fields.Boolean(compute="_compute_is_registration_open")
    stage = fields.Selection(
        CAMPAIGN_STAGES, compute="_compute_stage", search="_search_stage",
        help="The status as of today: a launched campaign whose start date is still ahead is upcoming.",
    )
    unstaffed_review_unit_names = fields.Char(
        string="Aggregating Units Without Officer", compute="_compute_unstaffed_review_unit_names",
        help="Aggregating units of participating units that have no active officer: the registrations of "
        "the units they review go straight to the appraisers.",
    )
    registration_ids = fields.One2many("thidua.registration", "campaign_id", string="Registrations")
    registration_count = fields.Integer(compute="_compute_registration_stats")
    registration_to_review_count = fields.Integer(
        compute="_compute_registration_stats", string="Registrations to Review"
    )
    unregistered_unit_count = fields.Integer(compute="_compute_registration_stats", string="Units Not Registered")
    # the legal bases as records (docs/law.md §12); the text above keeps whatever is not one of them
    legal_document_ids = fields.Many2many(
        "thidua.legal.document", "thidua_campaign_legal_document_rel", "campaign_id", "document_id",
        string="Legal Documents Cited", default=lambda self: self.env["thidua.legal.document"]._default_citations(
            fields.Date.context_today(self)),
        help="The plan prints those in force on its date, before the other legal bases.",
    )
    legal_warning = fields.Text(compute="_compute_legal_warning", string="Legal Bases to Check")
    # how statistics form 0601.N counts the campaign (docs/law.md §11)
    emulation_scope = fields.Selection(
        [("nationwide", "Nationwide"), ("locality", "Ministry, Sector or Locality"),
         ("cluster", "Emulation Cluster or Bloc"), ("agency", "Agency, Organisation or Unit")],
        string="Scope", default="locality", required=True,
        help="Phạm vi tổ chức thi đua, as statistics form 0601.N splits campaigns.",
    )
    emulation_method = fields.Selection(
        [("thematic", "Thematic"), ("regular", "Regular (Yearly)")], string="Method", default="thematic",
        required=True, help="Thi đua theo chuyên đề or thi đua thường xuyên hằng năm (form 0601.N).",
    )
    organizer_level = fields.Selection(
        [("central", "Central Level"), ("province", "Ministry or Province"),
         ("agency", "Agency, Organisation or Unit")],
        string="Launched at", default="agency", required=True,
        help="Cấp chủ trì phát động (form 0601.N columns): a commune's or a district's campaign is counted "
        "with the agencies and units [unsure: check against the circular].",
    )

    @api.depends("content_ids")
    def _compute_content_count(self):
        for campaign in self:
            campaign.content_count = len(campaign.content_ids)

    def _appraiser_users(self):
        """Phòng Nội vụ for this campaign: its responsible when an appraiser, else every active
        internal appraiser. Superuser records: the acting officer may read neither."""
        self.ensure_one()
        root = self.env.ref("base.user_root")
        # sudo: a portal officer cannot read the campaign's responsible or the group's users
        responsible = self.sudo().user_id
        if responsible and responsible != root and responsible.has_group("chilang_thidua.group_appraiser"):
            return responsible
        # sudo: the members of the appraisers' group are not readable by unit officers
        users = self.env.ref("chilang_thidua.group_appraiser").sudo().users
        return users.filtered(lambda user: user.active and not user.share and user != root)

    def _name_in_text(self):
        """The name as it follows "phong trào" in a sentence (messages, mails, documents): a name that
        starts with "Phong trào" itself is not doubled (``phong trào thi đua “Dân vận khéo”``)."""
        self.ensure_one()
        return campaign_name_in_text(self.name)

    @api.depends("issuing_unit_id.place_name")
    def _compute_place_name(self):
        for campaign in self:
            campaign.place_name = campaign.issuing_unit_id._get_document_authority().place_name or ""

    @api.depends("state", "date_start")
    @api.depends_context("tz")
    def _compute_stage(self):
        today = self._stage_today()
        for campaign in self:
            upcoming = campaign.state == "open" and campaign.date_start and campaign.date_start > today
            campaign.stage = "upcoming" if upcoming else campaign.state

    def _stage_today(self):
        """Today in the request's time zone (the web client sends it), else Vietnam's: the users'
        own time zone would cost two queries on every list of campaigns."""
        return fields.Date.context_today(self.with_context(tz=self.env.context.get("tz") or "Asia/Ho_Chi_Minh"))

    def _search_stage(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Operator %(operator)s is not supported here.", operator=operator))
        values = {value} if isinstance(value, str) else set(value or ())
        today = self._stage_today()
        terms = []
        for stage in values:
            if stage == "upcoming":
                terms.append(["&", ("state", "=", "open"), ("date_start", ">", today)])
            elif stage == "open":
                terms.append(["&", ("state", "=", "open"), ("date_start", "<=", today)])
            else:
                terms.append([("state", "=", stage)])
        domain = expression.OR(terms) if terms else expression.FALSE_DOMAIN
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.depends("unit_ids", "state")
    def _compute_unstaffed_review_unit_names(self):
        Unit = self.env["thidua.unit"]
        for campaign in self:
            names = ""
            if campaign.state in ("draft", "open"):
                domain = [("review_unit_unstaffed", "=", True)]
                if campaign.unit_ids:
                    domain.append(("id", "child_of", campaign.unit_ids.ids))
                # sudo: the aggregating units are named to whoever runs the campaign
                reviewers = Unit.sudo().search(domain).review_unit_id
                names = ", ".join(sorted(reviewers.mapped("name")))
            campaign.unstaffed_review_unit_names = names

    @api.depends("state", "registration_deadline")
    def _compute_is_registration_open(self):
        today = fields.Date.context_today(self)
        for campaign in self:
            campaign.is_registration_open = campaign.state == "open" and today <= campaign.registration_deadline

    @api.constrains("date_start", "date_end", "registration_deadline")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_start >= campaign.date_end:
                raise ValidationError(
                    self.env._(
                        "The campaign %(name)s must end after it starts (%(start)s – %(end)s).",
                        name=campaign._name_in_text(),
                        start=campaign.date_start.strftime("%d/%m/%Y"),
                        end=campaign.date_end.strftime("%d/%m/%Y"),
                    )
                )
            if campaign.registration_deadline > campaign.date_end:
                raise ValidationError(
                    self.env._(
                        "The registration deadline (%(deadline)s) must not be after the end of the "
                        "campaign (%(end)s).",
                        deadline=campaign.registration_deadline.strftime("%d/%m/%Y"),
                        end=campaign.date_end.strftime("%d/%m/%Y"),
                    )
                )

    @api.constrains("min_items_per_unit")
    def _check_min_items(self):
        for campaign in self:
            if campaign.min_items_per_unit < 1:
                raise ValidationError(self.env._("Each unit must register at least one item."))

    @api.constrains("name")
    def _check_name(self):
        for campaign in self:
            if not campaign.name.strip():
                raise ValidationError(self.env._("The campaign needs a name."))

    # ------------------------------------------------------------------
    # Participation
    # ------------------------------------------------------------------
    @api.depends("unit_ids")
    def _compute_participant_user_ids(self):
        # check_access() evaluates the rules in Python from this value: the same table as the search
        self.env["thidua.campaign"].flush_model(["unit_ids"])
        ids = [campaign.id for campaign in self if campaign.id]
        users = {}
        if ids:
            self.env.cr.execute(SQL(
                "SELECT listed.thidua_campaign_id, array_agg(DISTINCT scope.user_id) "
                "FROM thidua_campaign_thidua_unit_rel listed "
                "JOIN thidua_unit_scope scope ON scope.unit_id = listed.thidua_unit_id AND scope.kind = 'reach' "
                "WHERE listed.thidua_campaign_id = ANY(%s) GROUP BY listed.thidua_campaign_id", ids,
            ))
            users = dict(self.env.cr.fetchall())
        for campaign in self:
            campaign.participant_user_ids = [Command.set(users.get(campaign.id, []))]

    def _search_participant_user_ids(self, operator, value):
        self.env["thidua.campaign"].flush_model(["unit_ids"])
        # open to the officers of a listed unit, of a unit under it, or of the unit reviewing one
        # under it: the listed units are looked up in the users' "reach" rows
        return self.env["thidua.unit"]._scope_search(operator, value, lambda user_ids: SQL(
            "SELECT thidua_campaign_id FROM thidua_campaign_thidua_unit_rel WHERE thidua_unit_id IN (%s)",
            unit_scope.units_sql(user_ids, "reach"),
        ))

    def _get_participating_units(self):
        """Units expected to register: the listed units (and their sub-units), or every active unit."""
        return self.env["thidua.unit"].search(self._participating_unit_domain())

    def _participating_unit_domain(self):
        self.ensure_one()
        # sudo: the listed units decide who takes part, whatever the user may read of them
        listed = self.sudo().unit_ids
        if not listed:
            return [("company_id", "=", self.company_id.id)]
        return [("id", "child_of", listed.ids)]

    @api.depends_context("uid")
    def _compute_registration_stats(self):
        groups = self.env["thidua.registration"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
        )
        counts = {}
        for campaign, state, count in groups:
            counts.setdefault(campaign.id, {})[state] = count
        unregistered = self._get_unregistered_units_by_campaign()
        for campaign in self:
            by_state = counts.get(campaign.id, {})
            campaign.registration_count = sum(by_state.values())
            campaign.registration_to_review_count = by_state.get("submitted", 0) + by_state.get("forwarded", 0)
            campaign.unregistered_unit_count = len(unregistered.get(campaign.id, ()))

    def _get_unregistered_units(self):
        """Participating units that have no registration for this campaign yet."""
        self.ensure_one()
        return self._get_unregistered_units_by_campaign(running_only=False).get(self.id, self.env["thidua.unit"])

    def _get_unregistered_units_by_campaign(self, running_only=True):
        """{campaign id: participating units without a registration}, in three queries for all campaigns.

        Same result as ``_get_participating_units() - registered units`` per campaign: the kanban
        shows the count on every card, so nothing here runs a query per campaign.
        """
        Unit = self.env["thidua.unit"]
        campaigns = self.filtered(lambda c: c.state in ("open", "closed")) if running_only else self
        campaigns = campaigns.filtered("id")
        if not campaigns:
            return {}
        # sudo: the units already registered count even when the user cannot read their registration
        registered = dict(self.env["thidua.registration"].sudo()._read_group(
            [("campaign_id", "in", campaigns.ids)], ["campaign_id"], ["unit_id:recordset"]
        ))
        # campaigns without a list: every unit of their company, one search for all companies
        everyone = campaigns.filtered(lambda c: not c.unit_ids)
        company_units = Unit.search_fetch([("company_id", "in", everyone.company_id.ids)], ["company_id"]) if everyone \
            else Unit
        by_company = {}
        for unit in company_units:
            by_company.setdefault(unit.company_id.id, []).append(unit.id)
        # campaigns with a list: the listed units and their descendants, one search for all lists
        listed = (campaigns - everyone).unit_ids
        descendants = Unit.search_fetch([("id", "child_of", listed.ids)], ["parent_path"]) if listed else Unit
        ancestors = {unit: {int(part) for part in unit.parent_path.split("/") if part} for unit in descendants}
        result = {}
        for campaign in campaigns:
            if campaign.unit_ids:
                wanted = set(campaign.unit_ids.ids)
                participating = descendants.filtered(lambda unit, wanted=wanted: ancestors[unit] & wanted)
            else:
                participating = company_units.browse(by_company.get(campaign.company_id.id, []))
            result[campaign.id] = participating - registered.get(campaign, Unit)
        return result

    def action_view_registrations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("chilang_thidua.thidua_registration_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_unregistered_units(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Units Not Registered"),
            "res_model": "thidua.unit",
            "view_mode": "list,form",
            "views": [(self.env.ref("chilang_thidua.thidua_unit_view_list_unregistered").id, "list"), (False, "form")],
            "domain": [("id", "in", self._get_unregistered_units().ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    def action_open(self):
        self._check_transition("open")
        for campaign in self:
            if not campaign.content_ids:
                raise UserError(
                    self.env._(
                        "Campaign %(name)s has no content areas: add them before opening it.",
                        name=campaign._name_in_text(),
                    )
                )
        self._set_state("open")
        return True

    def action_close(self):
        self._check_transition("close")
        self._set_state("closed")
        return True

    def action_done(self):
        self._check_transition("done")
        self._set_state("done")
        return True

    def action_cancel(self):
        self._check_transition("cancel")
        self._set_state("cancelled")
        return True

    def action_draft(self):
        self._check_transition("draft")
        self._set_state("draft")
        return True

    # ------------------------------------------------------------------
    # Scheduled action: open and close campaigns on their dates
    # ------------------------------------------------------------------
    @api.model
    def _cron_update_state(self):
        """Launch the campaigns whose start date has come and end those whose end date has passed.

        Only campaigns with ``auto_state`` set. Each campaign goes through ``action_open`` /
        ``action_close`` (so every check runs) in its own savepoint: one that cannot be opened
        (no content areas) is reported to its responsible and the others still move.
        """
        today = fields.Date.context_today(self)
        # sudo: the scheduled action acts for Phòng Nội vụ on every campaign of every company;
        # action_open/action_close still check the state and the contents.
        campaigns = self.sudo()
        to_open = campaigns.search([
            ("auto_state", "=", True), ("state", "=", "draft"),
            ("date_start", "<=", today), ("date_end", ">=", today),
        ])
        to_close = campaigns.search([("auto_state", "=", True), ("state", "=", "open"), ("date_end", "<", today)])
        jobs = [(campaign, "action_open") for campaign in to_open] + [(c, "action_close") for c in to_close]
        for done, (campaign, method) in enumerate(jobs, start=1):
            try:
                with self.env.cr.savepoint():
                    getattr(campaign, method)()
            except (UserError, ValidationError) as error:
                _logger.warning("Campaign %s could not be moved by %s: %s", campaign.id, method, error)
                campaign._notify_auto_state_failure(error)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(jobs) - done)
        return True

    def _notify_auto_state_failure(self, error):
        """One to-do for the responsible, not one a day: the cron retries every day until fixed."""
        self.ensure_one()
        summary = self.env._("The campaign could not change state automatically")
        if self.activity_ids.filtered(lambda activity: activity.summary == summary):
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=str(error.args[0] if error.args else error),
            user_id=self.user_id.id or self.env.ref("base.user_admin").id,
        )

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------
    def _count_by_campaign(self, model, domain):
        groups = self.env[model]._read_group([("campaign_id", "in", self.ids)] + domain, ["campaign_id"], ["__count"])
        return {campaign.id: count for campaign, count in groups}

    def _compute_dashboard(self):
        late = self._count_by_campaign("thidua.registration", [("is_late", "=", True)])
        items = self._count_by_campaign("thidua.registration.item", [])
        exemplary = self._count_by_campaign("thidua.registration.item", [("is_exemplary", "=", True)])
        dossiers = self._count_by_campaign("thidua.dossier", [])
        decisions = self._count_by_campaign("thidua.decision", [])
        reports = self._count_by_campaign("thidua.result.report", [])
        accepted = self._count_by_campaign("thidua.registration", [("state", "=", "accepted")])
        reported = self._count_by_campaign(
            "thidua.result.report",
            [("state", "in", ("submitted", "accepted")), ("registration_id.state", "=", "accepted")],
        )
        for campaign in self:
            campaign.late_registration_count = late.get(campaign.id, 0)
            campaign.registration_item_count = items.get(campaign.id, 0)
            campaign.exemplary_item_count = exemplary.get(campaign.id, 0)
            campaign.dossier_count = dossiers.get(campaign.id, 0)
            campaign.decision_count = decisions.get(campaign.id, 0)
            campaign.result_report_count = reports.get(campaign.id, 0)
            campaign.unreported_unit_count = accepted.get(campaign.id, 0) - reported.get(campaign.id, 0)

    def _dashboard_action(self, xmlid, domain, context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("campaign_id", "=", self.id)] + domain
        action["context"] = dict(context or {}, default_campaign_id=self.id)
        return action

    def action_view_late_registrations(self):
        return self._dashboard_action("chilang_thidua.thidua_registration_action", [("is_late", "=", True)])

    def action_view_registration_items(self):
        return self._dashboard_action("chilang_thidua.thidua_registration_item_action", [])

    def action_view_exemplary_items(self):
        return self._dashboard_action("chilang_thidua.thidua_registration_item_action", [("is_exemplary", "=", True)])

    def action_view_dossiers(self):
        return self._dashboard_action("chilang_thidua.thidua_dossier_action", [])

    def action_view_decisions(self):
        return self._dashboard_action("chilang_thidua.thidua_decision_action", [])

    def action_view_result_reports(self):
        return self._dashboard_action("chilang_thidua.thidua_result_report_action", [])

    def action_view_unreported_units(self):
        """Participation statistics of the units whose accepted registration has no result report yet."""
        return self._dashboard_action(
            "chilang_thidua.thidua_participation_statistics_action", [("not_reported_count", "=", 1)],
            context={"search_default_current": 0},
        ) | {"view_mode": "list", "views": [(False, "list")]}

    # ------------------------------------------------------------------
    # Reminder rule "registration missing" (run by thidua.reminder._collect_reminders)
    # ------------------------------------------------------------------
    @api.model
    def _thidua_reminders_due(self, today):
        """Once per open campaign whose registration deadline has passed: Phòng Nội vụ is told
        which participating units have not submitted their registration."""
        Reminder = self.env["thidua.reminder"]
        campaigns = self.search([("state", "=", "open"), ("registration_deadline", "<", today)])
        if not campaigns:
            return []
        keys = {campaign: Reminder._make_key("registration_missing", campaign) for campaign in campaigns}
        existing = Reminder._existing_keys(keys.values())
        campaigns = campaigns.filtered(lambda c: keys[c] not in existing)
        if not campaigns:
            return []
        registrations = self.env["thidua.registration"].search_fetch(
            [("campaign_id", "in", campaigns.ids), ("state", "in", SUBMITTED_STATES)], ["campaign_id", "unit_id"]
        )
        submitted = {(r.campaign_id.id, r.unit_id.id) for r in registrations}
        vals_list = []
        for campaign in campaigns:
            registered = {unit_id for campaign_id, unit_id in submitted if campaign_id == campaign.id}
            missing = campaign._get_participating_units().filtered(
                lambda unit, registered=registered: unit.id not in registered
            )
            if missing:
                vals_list.append(
                    Reminder._safe_vals(self._thidua_reminder_vals, campaign, missing, keys[campaign], today)
                )
        return [vals for vals in vals_list if vals]

    @api.model
    def _thidua_reminder_vals(self, campaign, missing, key, today):
        Reminder = self.env["thidua.reminder"]
        return Reminder._office_vals(
            self, "registration_missing", campaign, Reminder._appraisers(campaign), key, today, missing)

    @api.model
    def _thidua_reminder_title(self, campaign, unit, day, deadline, targets):
        return self.env._("%(count)s unit(s) have not registered for %(campaign)s",
                          count=len(targets), campaign=campaign._name_in_text())

    @api.depends("legal_document_ids.date_end", "legal_document_ids.replaced_by_id", "date_issued", "state")
    def _compute_legal_warning(self):
        for campaign in self:
            running = campaign.state in ("draft", "open", "closed")
            messages = campaign.legal_document_ids._warnings(campaign.date_issued) if running else []
            campaign.legal_warning = "\n".join(messages) or False
