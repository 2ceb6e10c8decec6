from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..tools.workflow import Transition

_lt = LazyTranslate(__name__)

REGISTRATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("forwarded", "Forwarded"),
    ("accepted", "Accepted"),
    ("returned", "Returned"),
]

# The unit edits its registration and its items while it is a draft or returned for correction.
_EDIT_REFUSED = _lt("%(name)s is %(state)s: it can be changed only while in draft or returned for correction.")
# Registrations in these states count as submitted: their unit is not reminded to register.
SUBMITTED_STATES = ("submitted", "forwarded", "accepted")


class ThiduaRegistration(models.Model):
    """A unit's registration to a campaign: the models, works and tasks it undertakes (plan VI.2).

    One per (campaign, unit), shared by every officer of the unit. Flow:
    draft → submitted → forwarded (by the aggregating unit, when the unit has one) → accepted
    (by Phòng Nội vụ); ``returned`` sends it back to the unit with a reason.

    Who acts (``_transitions``): the unit's own officers create, edit and submit; the officers
    of the aggregating unit (``review_unit_id``) forward or return a submitted registration;
    appraisers (``group_appraiser``) accept or return it. Officers of a parent unit only see
    their sub-units' registrations (record rules).
    """

    _name = "thidua.registration"
    _description = "Emulation Registration"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.submission.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "campaign_id desc, unit_id"
    _check_company_auto = True
    # items check their own rights (progress, exemplary flag) in their create/write/unlink
    _free_fields = frozenset({"color", "item_ids"})
    # the steps' dates and the reviewer's note; the portal link's token
    _workflow_fields = frozenset({"date_submitted", "date_forwarded", "date_accepted", "review_note", "access_token"})
    # roles: ``officer`` acts for the unit, ``reviewer`` for its aggregating unit (while the
    # registration waits for its review), ``appraiser`` is Phòng Nội vụ. The can_* fields below
    # are read from here.
    _transitions = {
        "edit": Transition(("draft", "returned"), ("officer",), _lt("changed"), denied="_check_officer",
                           state_error=_EDIT_REFUSED),
        "submit": Transition(("draft", "returned"), ("officer",), _lt("submitted"), denied="_check_officer"),
        "forward": Transition(("submitted",), ("reviewer",), _lt("forwarded"),
                              denied=_lt("Only the officers of %(review_unit)s can forward this registration.")),
        # from "forwarded", or "submitted" when no aggregating unit reviews it (_awaits_acceptance)
        "accept": Transition(("submitted", "forwarded"), ("appraiser",), _lt("accepted"),
                             denied=_lt("Only the appraisers can accept a registration."), when="_awaits_acceptance"),
        "return": Transition(("submitted", "forwarded"), ("reviewer", "appraiser"), _lt("returned"),
                             denied=_lt("Only the aggregating unit's officers or the appraisers can return a "
                                        "registration.")),
        # the items' progress, results and evidence: also all along the campaign once accepted
        "progress": Transition(("draft", "returned", "accepted"), ("officer",), _lt("updated"),
                               denied="_check_officer", state_error=_EDIT_REFUSED),
        # the unit's result report, while the campaign runs or closes
        "report": Transition(("accepted",), ("officer",), _lt("reported on"), denied="_check_officer",
                             when="_campaign_reporting"),
        "delete": Transition(("draft",), ("officer",), _lt("deleted"), denied="_check_officer",
                             state_error=_lt("Only a draft registration can be deleted (%(name)s).")),
        "mark_exemplary": Transition(
            ("accepted",), ("appraiser",), _lt("marked exemplary"),
            denied=_lt("Only the appraisers mark exemplary models."),
            state_error=_lt("Only the items of an accepted registration can be marked exemplary (%(name)s)."),
        ),
    }

    name = fields.Char(compute="_compute_name", store=True, string="Registration")
    # not check_company: the registration's company is the campaign's (related), so on a new
    # registration the company domain found no campaign at all; the record rules keep to the
    # campaigns the user's units take part in
    campaign_id = fields.Many2one(
        "thidua.campaign", required=True, index=True, ondelete="restrict",
        tracking=True, domain="[('state', '=', 'open'), ('company_id', 'in', allowed_company_ids)]",
    )
    unit_id = fields.Many2one(
        "thidua.unit", required=True, index=True, ondelete="restrict",
        check_company=True, tracking=True, default=lambda self: self._default_unit_id(),
        domain="[('officer_ids', 'in', [uid])]",
    )
    unit_type = fields.Selection(related="unit_id.unit_type", store=True, string="Unit Type")
    review_unit_id = fields.Many2one(
        related="unit_id.review_unit_id", store=True, string="Aggregating Unit",
    )
    item_ids = fields.One2many("thidua.registration.item", "registration_id", string="Items", copy=True)
    result_report_ids = fields.One2many("thidua.result.report", "registration_id", string="Result Reports")
    item_count = fields.Integer(compute="_compute_item_stats")
    exemplary_count = fields.Integer(compute="_compute_item_stats", string="Exemplary Items")
    progress = fields.Integer(compute="_compute_item_stats", string="Average Progress")
    registration_deadline = fields.Date(related="campaign_id.registration_deadline")
    date_submitted = fields.Date(
        string="Submitted On", readonly=True, copy=False, tracking=True,
        help="Date of the first submission; a registration returned for correction keeps it.",
    )
    is_late = fields.Boolean(
        string="Late", compute="_compute_is_late", store=True,
        help="Submitted after the campaign's registration deadline.",
    )
    date_forwarded = fields.Date(string="Forwarded On", readonly=True, copy=False)
    date_accepted = fields.Date(string="Accepted On", readonly=True, copy=False)
    review_note = fields.Text(
        string="Return Reason", readonly=True, copy=False, tracking=True,
        help="Why the registration was sent back for correction.",
    )
    state = fields.Selection(
        REGISTRATION_STATES, default="draft", required=True, tracking=True, copy=False, index=True,
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    color = fields.Integer()
    # What the current user may do, for buttons and portal pages; the actions check again.
    can_edit = fields.Boolean(compute="_compute_user_rights")
    can_submit = fields.Boolean(compute="_compute_user_rights")
    can_forward = fields.Boolean(compute="_compute_user_rights")
    can_accept = fields.Boolean(compute="_compute_user_rights")
    can_return = fields.Boolean(compute="_compute_user_rights")
    can_report = fields.Boolean(compute="_compute_user_rights")
    can_mark_exemplary = fields.Boolean(compute="_compute_user_rights")

    _sql_constraints = [
        ("campaign_unit_uniq", "unique(campaign_id, unit_id)",
         "A unit registers only once for a campaign."),
    ]

    def _default_unit_id(self):
        """The user's unit when they act for exactly one."""
        units = self.env.user.thidua_unit_ids
        return units if len(units) == 1 else units.browse()

    @api.depends("campaign_id.name", "unit_id.name")
    def _compute_name(self):
        for registration in self:
            registration.name = f"{registration.unit_id.name or ''} – {registration.campaign_id.name or ''}"

    @api.depends("item_ids.is_exemplary", "item_ids.progress")
    def _compute_item_stats(self):
        for registration in self:
            items = registration.item_ids
            registration.item_count = len(items)
            registration.exemplary_count = len(items.filtered("is_exemplary"))
            registration.progress = round(sum(items.mapped("progress")) / len(items)) if items else 0

    @api.depends("date_submitted", "campaign_id.registration_deadline")
    def _compute_is_late(self):
        for registration in self:
            deadline = registration.campaign_id.registration_deadline
            registration.is_late = bool(
                registration.date_submitted and deadline and registration.date_submitted > deadline
            )

    @api.depends_context("uid")
    @api.depends("state", "unit_id", "review_unit_id", "campaign_id.state")
    def _compute_user_rights(self):
        self._compute_transition_rights()

    def _transition_roles(self):
        roles = super()._transition_roles()
        # the aggregating unit's officers review a registration while it waits for their review
        if self.state == "submitted" and self._user_acts_for(self.review_unit_id):
            roles.add("reviewer")
        return roles

    def _awaits_acceptance(self):
        return self.state == self._state_before_acceptance()

    def _campaign_reporting(self):
        return self.campaign_id.state in ("open", "closed")

    def _state_before_acceptance(self):
        """A unit with an aggregating unit reaches Phòng Nội vụ once forwarded, others when submitted."""
        self.ensure_one()
        return "forwarded" if self._review_unit_staffed() else "submitted"

    def _review_unit_staffed(self):
        """Whether the aggregating unit has an active officer to review. Without one the
        registration goes straight to the appraisers (with a note), rather than wait for nobody."""
        self.ensure_one()
        # sudo: whether the aggregating unit has officers, not who they are
        return bool(self.review_unit_id) and not self.sudo().unit_id.review_unit_unstaffed

    # ------------------------------------------------------------------
    # CRUD guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Unit = self.env["thidua.unit"]
        for vals in vals_list:
            unit = Unit.browse(vals.get("unit_id") or self._default_unit_id().id)
            if unit:
                self._check_officer(unit)
            self._check_not_registered(vals.get("campaign_id"), unit)
        try:
            # two tabs (or two officers) registering at once both pass the search above; the
            # unique index stops the second, which gets the same plain message
            with self.env.cr.savepoint(flush=False):
                registrations = super().create(vals_list)
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != "thidua_registration_campaign_unit_uniq":
                raise
            raise ValidationError(
                self.env._("This unit has already registered for this campaign (perhaps from another tab or by "
                           "another officer): open its registration instead.")
            ) from None
        # checked again on what was created: a unit can also come from a default_unit_id context key
        registrations._check_officer()
        return registrations

    def _check_not_registered(self, campaign_id, unit, exclude=None):
        if not campaign_id or not unit:
            return
        domain = [("campaign_id", "=", campaign_id), ("unit_id", "=", unit.id)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # sudo: the duplicate must be found even when the user cannot read the existing one
        existing = self.sudo().search(domain, limit=1)
        if existing:
            raise ValidationError(
                self.env._(
                    "%(unit)s has already registered for this campaign: open its registration instead.",
                    # sudo: the message names the unit even when the user cannot read it
                    unit=unit.sudo().name,
                )
            )

    def _check_content_write(self, vals):
        if "campaign_id" in vals or "unit_id" in vals:
            for registration in self:
                if registration.item_ids or registration.state != "draft":
                    raise UserError(
                        self.env._("The campaign and unit of a registration cannot change once it has items.")
                    )
        result = super()._check_content_write(vals)
        if "unit_id" in vals:
            self._check_officer(self.env["thidua.unit"].browse(vals["unit_id"]))
        if "campaign_id" in vals or "unit_id" in vals:
            for registration in self:
                self._check_not_registered(
                    vals.get("campaign_id", registration.campaign_id.id),
                    self.env["thidua.unit"].browse(vals.get("unit_id", registration.unit_id.id)),
                    exclude=registration,
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_by_transition(self):
        if not self.env.su:
            self._check_transition("delete")

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        self._check_transition("submit")
        today = fields.Date.context_today(self)
        for registration in self:
            campaign = registration.campaign_id
            if campaign.state != "open":
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s is not running: registrations cannot be submitted.",
                        campaign=campaign._name_in_text(),
                    )
                )
            if len(registration.item_ids) < campaign.min_items_per_unit:
                raise UserError(
                    self.env._(
                        "Register at least %(count)s model(s), work(s) or task(s) before submitting.",
                        count=campaign.min_items_per_unit,
                    )
                )
            registration._set_state("submitted", date_submitted=registration.date_submitted or today)
            registration._notify_submitted()
        return True

    def action_forward(self):
        for registration in self:
            if not registration.review_unit_id:
                raise UserError(
                    self.env._(
                        "%(unit)s has no aggregating unit: its registration goes straight to the appraisers.",
                        unit=registration.unit_id.name,
                    )
                )
        self._check_transition("forward")
        self._set_state("forwarded", date_forwarded=fields.Date.context_today(self))
        for registration in self:
            registration._close_activities()
            registration._notify_appraisers(
                self.env._("Registration forwarded by %(unit)s", unit=registration.review_unit_id.name)
            )
        return self._done(self.env._("Forwarded to the appraisers."))

    def action_accept(self):
        self._check_transition("accept")
        self._set_state("accepted", date_accepted=fields.Date.context_today(self), review_note=False)
        for registration in self:
            registration._close_activities()
            registration._notify_unit(
                self.env._("Your registration to %(campaign)s has been accepted.",
                           campaign=registration.campaign_id._name_in_text()),
            )
        return self._done(self.env._("Registration accepted."))

    def _action_return(self, reason):
        self._check_transition("return")
        self._set_state("returned", review_note=reason)
        for registration in self:
            registration._close_activities()
            registration._notify_unit(
                self.env._("Your registration to %(campaign)s was returned for correction: %(reason)s",
                           campaign=registration.campaign_id._name_in_text(), reason=reason),
                todo=True,
            )
        return True

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def _notify_submitted(self):
        self.ensure_one()
        late_label = self.env._("(late)")
        late = " " + late_label if self.is_late else ""
        if self.review_unit_id and not self._review_unit_staffed():
            note = self.env._(
                "%(reviewer)s, the aggregating unit of %(unit)s, has no active officer: the registration comes "
                "to the appraisers without its review. Assign an officer to %(reviewer)s (Units).",
                # sudo: the note names the aggregating unit whoever submits
                reviewer=self.sudo().review_unit_id.name, unit=self.unit_id.name,
            )
            # sudo: a portal officer may not post internal notes; the note is the submission's own
            self.sudo().message_post(body=note, message_type="comment", subtype_xmlid="mail.mt_note")
            self._notify_appraisers(self.env._("Registration submitted by %(unit)s%(late)s (no aggregating unit "
                                               "officer)", unit=self.unit_id.name, late=late))
        elif self.review_unit_id:
            summary = self.env._("Review the registration of %(unit)s", unit=self.unit_id.name)
            body = Markup("<p>%s</p>") % self.env._(
                "%(unit)s submitted its registration%(late)s; please review and forward it.",
                unit=self.unit_id.name, late=late,
            )
            # sudo: a school's officer cannot read its aggregating unit
            self._notify_users(self.sudo().review_unit_id._officer_users(), summary, body)
        else:
            self._notify_appraisers(self.env._("Registration submitted by %(unit)s%(late)s",
                                               unit=self.unit_id.name, late=late))

    def _notify_appraisers(self, summary):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "The registration of %(unit)s to %(campaign)s is waiting for acceptance.",
            unit=self.unit_id.name, campaign=self.campaign_id._name_in_text(),
        )
        self._notify_users(self.campaign_id._appraiser_users(), summary, body)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        # every record's URL is set here: portal.mixin's own ("#") would be overwritten
        for registration in self:
            registration.access_url = f"/my/thidua/registration/{registration.id}"

    def action_view_items(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Items"),
            "res_model": "thidua.registration.item",
            "view_mode": "list,form",
            "domain": [("registration_id", "=", self.id)],
            "context": {"default_registration_id": self.id},
        }

    def _thidua_todos_elsewhere(self, Activity, type_ids):
        """A registration sent closes its unit's to-do to register on the campaign."""
        activities = Activity.browse()
        for registration in self.filtered(lambda r: r.state in SUBMITTED_STATES):
            # sudo: the unit's officers, to find their to-dos; nothing of them is shown
            officers = registration.unit_id._officer_users()
            activities |= Activity.search([
                ("res_model", "=", "thidua.campaign"), ("res_id", "=", registration.campaign_id.id),
                ("activity_type_id", "in", type_ids), ("user_id", "in", officers.ids),
            ])
        return activities

    # ------------------------------------------------------------------
    # Reminder rule "registration due" (run by thidua.reminder._collect_reminders)
    # ------------------------------------------------------------------
    @api.model
    def _thidua_reminders_due(self, today):
        """On the reminder days before the registration deadline (``chilang_thidua.reminder_days``,
        7, 3 and 1 days): each participating unit of an open campaign that has not submitted.

        A draft registration does not count as submitted; the reminder links to it.
        """
        Reminder = self.env["thidua.reminder"]
        days = Reminder._get_reminder_days()
        campaigns = self.env["thidua.campaign"].search([
            ("state", "=", "open"), ("registration_deadline", ">=", today),
            ("registration_deadline", "<=", today + timedelta(days=max(days, default=0))),
        ]).filtered(lambda c: (c.registration_deadline - today).days in days)
        if not campaigns:
            return []
        registrations = self.search_fetch([("campaign_id", "in", campaigns.ids)], ["campaign_id", "unit_id", "state"])
        submitted = {(r.campaign_id.id, r.unit_id.id) for r in registrations if r.state in SUBMITTED_STATES}
        open_registration = {(r.campaign_id.id, r.unit_id.id): r.id for r in registrations}
        candidates = []
        for campaign in campaigns:
            units = campaign._get_participating_units()
            Reminder._prefetch_recipients(units)
            for unit in units:
                if (campaign.id, unit.id) not in submitted:
                    key = Reminder._make_key("registration_due", campaign, unit, day=today)
                    candidates.append((campaign, unit, key))
        existing = Reminder._existing_keys(key for __, __, key in candidates)
        vals_list = [
            Reminder._safe_vals(self._thidua_reminder_vals, campaign, unit, key,
                                open_registration.get((campaign.id, unit.id)), today)
            for campaign, unit, key in candidates
            if key not in existing
        ]
        return [vals for vals in vals_list if vals]

    @api.model
    def _thidua_reminder_vals(self, campaign, unit, key, registration_id, today):
        Reminder = self.env["thidua.reminder"]
        partners, users = Reminder._unit_recipients(unit, campaign)
        return Reminder._rule_vals(
            self, "registration_due", campaign=campaign, key=key, today=today, partners=partners, users=users,
            deadline=campaign.registration_deadline, unit=unit,
            res_model="thidua.registration" if registration_id else False, res_id=registration_id or False,
        )

    @api.model
    def _thidua_reminder_title(self, campaign, unit, day, deadline, targets):
        return self.env._("Register for %(campaign)s: %(days)s day(s) left (%(unit)s)",
                          campaign=campaign._name_in_text(), days=((deadline or day) - day).days, unit=unit.name)
