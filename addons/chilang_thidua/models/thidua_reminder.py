import bisect
import logging
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models

from .thidua_settings import thidua_setting

_logger = logging.getLogger(__name__)

REMINDER_KINDS = [
    ("registration_due", "Registration deadline approaching"),
    ("registration_missing", "Units not registered after the deadline"),
    ("item_deadline", "Item completion date"),
    ("dossier_waiting", "Dossier waiting too long"),
]
# The mail template of each kind (data/mail_template_data.xml), editable by the administrator.
KIND_TEMPLATES = {
    "registration_due": "chilang_thidua.mail_template_reminder_registration_due",
    "registration_missing": "chilang_thidua.mail_template_reminder_registration_missing",
    "item_deadline": "chilang_thidua.mail_template_reminder_item_deadline",
    "dossier_waiting": "chilang_thidua.mail_template_reminder_dossier_waiting",
}
# Registrations in these states count as submitted: their unit is not reminded.
SUBMITTED_STATES = ("submitted", "forwarded", "accepted")
# Context that keeps bulk creation cheap: reminders are one-shot notices, nobody follows them.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True, "mail_notrack": True}


class ThiduaReminder(models.Model):
    """A reminder sent by the scheduled actions, and the key that keeps them idempotent.

    One record per (kind, campaign, unit or target, date): running the scheduled action twice
    the same day finds the key and sends nothing twice. The record is also what the reminder
    mail is rendered on (``mail.template`` per kind) and what the officers' activities are
    attached to, so a whole run costs a few queries per campaign, not per unit.
    """

    _name = "thidua.reminder"
    _description = "Emulation Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _mail_post_access = "read"
    _check_company_auto = True

    name = fields.Char(required=True)
    kind = fields.Selection(REMINDER_KINDS, required=True, index=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    key = fields.Char(required=True, index=True, help="Kind, campaign, unit, target and date: unique.")
    campaign_id = fields.Many2one("thidua.campaign", string="Campaign", required=True, index=True, ondelete="cascade")
    unit_id = fields.Many2one("thidua.unit", string="Unit", index=True, ondelete="cascade")
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Document Model", help="The record the reminder is about.")
    res_id = fields.Many2oneReference(string="Document", model_field="res_model")
    target_ids = fields.Json(help="Ids of the items or dossiers the reminder lists (dossiers are reminded "
                                  "again only after the overdue interval).")
    date_deadline = fields.Date(string="Deadline")
    detail = fields.Html(sanitize=False, help="The list the mail shows (units, items or dossiers).")
    partner_ids = fields.Many2many("res.partner", string="Mail Recipients")
    user_ids = fields.Many2many("res.users", string="Assigned Users", help="Users given a to-do activity.")
    lang = fields.Char(help="Language the mail is written in: the recipients'.")
    url = fields.Char(compute="_compute_url", string="Link")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "This reminder has already been sent."),
    ]

    def _compute_url(self):
        for reminder in self:
            if reminder.res_model and reminder.res_id:
                path = f"/mail/view?model={reminder.res_model}&res_id={reminder.res_id}"
            else:
                path = "/my/thidua"
            reminder.url = reminder.get_base_url() + path

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # Activities subscribe their assignee to the document, one query per user: following a
        # one-shot reminder is meaningless, and skipping it keeps a run's cost flat.
        return True

    def _message_get_default_recipients(self):
        return {r.id: {"partner_ids": r.partner_ids.ids, "email_to": False, "email_cc": False} for r in self}

    def action_open_document(self):
        self.ensure_one()
        model, res_id = (self.res_model, self.res_id) if self.res_model else ("thidua.campaign", self.campaign_id.id)
        return {"type": "ir.actions.act_window", "res_model": model, "res_id": res_id, "view_mode": "form"}

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _get_reminder_days(self):
        """Days before a deadline on which to remind, from ``chilang_thidua.reminder_days`` ("7,3,1")."""
        value = thidua_setting(self.env, "reminder_days")
        days = set()
        for part in (value or "").split(","):
            try:
                days.add(int(part))
            except ValueError:
                _logger.warning("Ignoring %r in chilang_thidua.reminder_days", part)
        return {day for day in days if day >= 0}

    @api.model
    def _days_setting(self, name):
        """A number of days among the settings (at least 1)."""
        return max(1, thidua_setting(self.env, name))

    # ------------------------------------------------------------------
    # Delivery: batched, idempotent, one bad record does not stop the rest
    # ------------------------------------------------------------------
    @api.model
    def _existing_keys(self, keys):
        if not keys:
            return set()
        return set(self.with_context(active_test=False).search([("key", "in", list(keys))]).mapped("key"))

    @api.model
    def _make_key(self, kind, campaign, unit=None, res_id=None, day=None):
        return f"{kind}:{campaign.id}:{unit.id if unit else 0}:{res_id or 0}:{day or ''}"

    @api.model
    def _deliver(self, vals_list):
        """Create the reminders of ``vals_list``, their activities and their mails.

        The whole batch goes in one savepoint (a few queries whatever its size). When it fails,
        each reminder is retried in its own savepoint so that one bad record is logged and the
        others are still delivered.
        """
        if not vals_list:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                return self._create_and_notify(vals_list)
        except Exception:
            if len(vals_list) == 1:
                _logger.exception("Reminder %s could not be sent", vals_list[0].get("key"))
                return self.browse()
            _logger.warning("A batch of %s reminders failed; retrying them one by one", len(vals_list))
        delivered = self.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    delivered |= self._create_and_notify([vals])
            except Exception:
                _logger.exception("Reminder %s could not be sent", vals.get("key"))
        return delivered

    @api.model
    def _create_and_notify(self, vals_list):
        reminders = self.with_context(**QUIET).create(vals_list)
        reminders._schedule_activities()
        reminders._send_mails()
        return reminders

    def _schedule_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_vals = [
            {
                "res_model_id": model_id,
                "res_id": reminder.id,
                "activity_type_id": todo.id,
                "summary": reminder.name,
                "note": reminder.detail,
                "user_id": user.id,
                "date_deadline": max(reminder.date_deadline or reminder.date, reminder.date),
            }
            for reminder in self
            for user in reminder.user_ids
        ]
        # quick_update: the reminder mail is the notification; no second mail per activity
        return self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activity_vals)

    def _send_mails(self):
        """Render each kind's mail template on its reminders and queue the mails.

        This is ``mail.template.send_mail_batch`` without its chunks of ``mail.batch_size`` (50)
        records, which cost five queries each: rendered all at once, a run's queries stay flat.
        The templates have no layout and no attachment, the two things skipped here.
        """
        render_fields = ("auto_delete", "body_html", "email_cc", "email_from", "email_to", "mail_server_id",
                         "model", "partner_to", "reply_to", "res_id", "scheduled_date", "subject")
        mails_values = []
        for kind, reminders in self.filtered("partner_ids").grouped("kind").items():
            template = self.env.ref(KIND_TEMPLATES[kind])
            rendered = template._generate_template(reminders.ids, render_fields)
            for reminder in reminders:
                values = rendered[reminder.id]
                values["recipient_ids"] = [(4, partner_id) for partner_id in values.get("partner_ids") or []]
                if not values.get("email_from"):
                    values.pop("email_from", None)
                values["body"] = values["body_html"]
                mails_values.append(values)
        # sudo: reminder mails are queued by the scheduled action, not by a user's right
        return self.env["mail.mail"].sudo().create(mails_values)

    # ------------------------------------------------------------------
    # Recipients
    # ------------------------------------------------------------------
    @api.model
    def _unit_recipients(self, unit, campaign):
        """(partners to mail, users to give an activity) for a unit's reminder.

        Mail goes to every active officer and to the unit's own address that have an e-mail;
        internal officers also get an activity. A unit nobody can be reached at (no e-mail, no
        internal officer) is handed to the campaign's responsible as an activity, to phone them.
        """
        officers = unit.officer_ids.filtered("active")
        partners = officers.partner_id.filtered("email")
        if unit.partner_id.email:
            partners |= unit.partner_id
        users = officers.filtered(lambda user: not user.share)
        if not partners and not users:
            users = campaign.user_id
        return partners, users

    @api.model
    def _prefetch_recipients(self, units):
        """Read what :meth:`_unit_recipients` needs for all ``units`` at once (a query per 1,000
        records): per-unit unions of recordsets below would otherwise read one unit at a time."""
        officers = units.officer_ids
        officers.mapped("share")
        (officers.partner_id | units.partner_id).mapped("lang")

    @api.model
    def _appraisers(self, campaign):
        """Phòng Nội vụ for a campaign: its responsible when an appraiser, else every appraiser."""
        responsible = campaign.user_id
        root = self.env.ref("base.user_root")
        if responsible and responsible != root and responsible.has_group("chilang_thidua.group_appraiser"):
            return responsible
        return self._group_users("chilang_thidua.group_appraiser")

    @api.model
    def _group_users(self, xmlid):
        root = self.env.ref("base.user_root")
        return self.env.ref(xmlid).users.filtered(lambda user: user.active and not user.share and user != root)

    @api.model
    def _lang_of(self, partners, users, campaign):
        return (users.partner_id | partners).filtered("lang")[:1].lang or campaign.user_id.lang or self.env.lang

    @api.model
    def _html_table(self, headers, rows):
        """A small HTML table for the mail and the activity, headers in the recipients' language."""
        head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        body = Markup("").join(
            Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % escape(cell) for cell in row)
            for row in rows
        )
        return Markup(
            '<table class="table table-sm table-bordered"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>'
        ) % (head, body)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_reminders(self, today=None):
        """Daily: every kind of reminder for every open campaign (``today`` for tests and replays)."""
        # sudo: the scheduled action reads every unit, registration and dossier and writes
        # reminders and activities for users of every unit, on behalf of the system.
        reminder = self.sudo()
        today = today or fields.Date.context_today(self)
        steps = [
            reminder._send_registration_due,
            reminder._send_registration_missing,
            reminder._send_item_deadline,
            reminder._send_dossier_waiting,
        ]
        sent = self.browse()
        for done, step in enumerate(steps, start=1):
            sent |= step(today)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(steps) - done)
        _logger.info("Emulation reminders: %s sent", len(sent))
        return sent

    @api.model
    def _send_registration_due(self, today):
        """Before the registration deadline: remind each participating unit that has not submitted."""
        days = self._get_reminder_days()
        campaigns = self.env["thidua.campaign"].search([
            ("state", "=", "open"), ("registration_deadline", ">=", today),
            ("registration_deadline", "<=", today + timedelta(days=max(days, default=0))),
        ]).filtered(lambda c: (c.registration_deadline - today).days in days)
        if not campaigns:
            return self.browse()
        registrations = self.env["thidua.registration"].search_fetch(
            [("campaign_id", "in", campaigns.ids)], ["campaign_id", "unit_id", "state"]
        )
        submitted = {(r.campaign_id.id, r.unit_id.id) for r in registrations if r.state in SUBMITTED_STATES}
        open_registration = {(r.campaign_id.id, r.unit_id.id): r.id for r in registrations}
        candidates = []
        for campaign in campaigns:
            units = campaign._get_participating_units()
            self._prefetch_recipients(units)
            for unit in units:
                if (campaign.id, unit.id) not in submitted:
                    candidates.append((campaign, unit, self._make_key("registration_due", campaign, unit, day=today)))
        existing = self._existing_keys([key for __, __, key in candidates])
        vals_list = []
        for campaign, unit, key in candidates:
            if key in existing:
                continue
            registration_id = open_registration.get((campaign.id, unit.id))
            vals_list.append(self._safe_vals(self._registration_due_vals, campaign, unit, key, registration_id, today))
        return self._deliver([vals for vals in vals_list if vals])

    @api.model
    def _safe_vals(self, method, *args):
        """Prepare one reminder's values; a unit whose data cannot be read is logged and skipped."""
        try:
            return method(*args)
        except Exception:
            _logger.exception("Reminder %s could not be prepared", args)
            return None

    @api.model
    def _registration_due_vals(self, campaign, unit, key, registration_id, today):
        partners, users = self._unit_recipients(unit, campaign)
        lang = self._lang_of(partners, users, campaign)
        _ = self.with_context(lang=lang).env._
        left = (campaign.registration_deadline - today).days
        return {
            "name": _("Register for %(campaign)s: %(days)s day(s) left (%(unit)s)",
                      campaign=campaign.name, days=left, unit=unit.name),
            "kind": "registration_due",
            "key": key,
            "date": today,
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "res_model": "thidua.registration" if registration_id else False,
            "res_id": registration_id or False,
            "date_deadline": campaign.registration_deadline,
            "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, users.ids)],
            "lang": lang,
        }

    @api.model
    def _send_registration_missing(self, today):
        """After the registration deadline: tell Phòng Nội vụ, once, which units have not submitted."""
        campaigns = self.env["thidua.campaign"].search([("state", "=", "open"), ("registration_deadline", "<", today)])
        if not campaigns:
            return self.browse()
        keys = {campaign: self._make_key("registration_missing", campaign) for campaign in campaigns}
        existing = self._existing_keys(keys.values())
        campaigns = campaigns.filtered(lambda c: keys[c] not in existing)
        if not campaigns:
            return self.browse()
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
                    self._safe_vals(self._registration_missing_vals, campaign, missing, keys[campaign], today)
                )
        return self._deliver([vals for vals in vals_list if vals])

    @api.model
    def _registration_missing_vals(self, campaign, missing, key, today):
        users = self._appraisers(campaign)
        partners = users.partner_id.filtered("email")
        lang = self._lang_of(partners, users, campaign)
        _ = self.with_context(lang=lang).env._
        unit_types = dict(self.env["thidua.unit"].with_context(lang=lang)._fields["unit_type"]._description_selection(
            self.with_context(lang=lang).env))
        rows = [(unit.name, unit_types.get(unit.unit_type, ""), ", ".join(unit.officer_ids.mapped("name")))
                for unit in missing]
        return {
            "name": _("%(count)s unit(s) have not registered for %(campaign)s",
                      count=len(missing), campaign=campaign.name),
            "kind": "registration_missing",
            "key": key,
            "date": today,
            "campaign_id": campaign.id,
            "res_model": "thidua.campaign",
            "res_id": campaign.id,
            "target_ids": missing.ids,
            "date_deadline": today,
            "detail": self._html_table([_("Unit"), _("Unit Type"), _("Officers")], rows),
            "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, users.ids)],
            "lang": lang,
        }

    @api.model
    def _send_item_deadline(self, today):
        """Units whose items are due in N days (N in the reminder days) or overdue, progress < 100.

        Overdue items are reminded the day after their date and then every overdue interval
        (``chilang_thidua.overdue_reminder_interval``, 7 days). One reminder per unit and day
        lists all its items concerned. Only the items of accepted registrations of running
        campaigns: progress is reported once Phòng Nội vụ has accepted the registration.
        """
        days = self._get_reminder_days()
        interval = self._days_setting("overdue_reminder_interval")
        items = self.env["thidua.registration.item"].search_fetch(
            [
                ("campaign_id.state", "=", "open"), ("state", "=", "accepted"), ("progress", "<", 100),
                ("date_deadline", "!=", False), ("date_deadline", "<=", today + timedelta(days=max(days, default=0))),
            ],
            ["name", "item_type", "date_deadline", "progress", "registration_id", "campaign_id", "unit_id"],
            order="date_deadline, id",
        )

        def is_due(item):
            delta = (item.date_deadline - today).days
            return delta in days if delta >= 0 else (-delta - 1) % interval == 0

        items = items.filtered(is_due)
        self._prefetch_recipients(items.unit_id)
        by_unit = items.grouped(lambda item: (item.campaign_id, item.unit_id))
        keys = {group: self._make_key("item_deadline", group[0], group[1], day=today) for group in by_unit}
        existing = self._existing_keys(keys.values())
        vals_list = [
            self._safe_vals(self._item_deadline_vals, campaign, unit, unit_items, keys[campaign, unit], today)
            for (campaign, unit), unit_items in by_unit.items()
            if keys[campaign, unit] not in existing
        ]
        return self._deliver([vals for vals in vals_list if vals])

    @api.model
    def _item_deadline_vals(self, campaign, unit, items, key, today):
        partners, users = self._unit_recipients(unit, campaign)
        lang = self._lang_of(partners, users, campaign)
        env = self.with_context(lang=lang).env
        _ = env._
        item_types = dict(items._fields["item_type"]._description_selection(env))
        rows = []
        for item in items:
            delta = (item.date_deadline - today).days
            when = (_("due in %(days)s day(s)", days=delta) if delta >= 0
                    else _("overdue by %(days)s day(s)", days=-delta))
            rows.append((item.name, item_types.get(item.item_type, ""), item.date_deadline.strftime("%d/%m/%Y"),
                         f"{item.progress}%", when))
        overdue = any(item.date_deadline < today for item in items)
        name = (_("Overdue models, works or tasks of %(unit)s", unit=unit.name) if overdue
                else _("Models, works or tasks of %(unit)s due soon", unit=unit.name))
        return {
            "name": name,
            "kind": "item_deadline",
            "key": key,
            "date": today,
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "res_model": "thidua.registration",
            "res_id": items[0].registration_id.id,
            "target_ids": items.ids,
            "date_deadline": min(items.mapped("date_deadline")),
            "detail": self._html_table([_("Title"), _("Kind"), _("Completion Date"), _("Progress"), _("Status")], rows),
            "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, users.ids)],
            "lang": lang,
        }

    @api.model
    def _send_dossier_waiting(self, today):
        """Dossiers waiting longer than the processing time: appraisers and council members.

        The processing time (``chilang_thidua.dossier_processing_days``, 20 working days, DOMAIN.md
        §5) runs from the submission of a complete dossier; working days are those of the office
        calendar (:meth:`_working_dates`: weekends and public holidays excluded). A submitted dossier waits for the
        appraisers, an appraised one for the council. One digest per campaign and stage; each
        dossier is listed again only after the overdue interval.
        """
        limit = self._days_setting("dossier_processing_days")
        interval = self._days_setting("overdue_reminder_interval")
        # the oldest date a dossier may have been submitted on and still be in time
        dossiers = self.env["thidua.dossier"].search_fetch(
            [("state", "in", ("submitted", "appraised")), ("date_submitted", "!=", False),
             ("date_submitted", "<", today - timedelta(days=limit))],
            ["name", "nominee_name", "state", "date_submitted", "campaign_id", "unit_id"],
            order="date_submitted, id",
        )
        if dossiers:
            waited = self._working_days_waited(dossiers, today)
            dossiers = dossiers.filtered(lambda dossier: waited[dossier] > limit)
        if not dossiers:
            return self.browse()
        recent = self.search([("kind", "=", "dossier_waiting"), ("date", ">", today - timedelta(days=interval))])
        recently_listed = {dossier_id for reminder in recent for dossier_id in (reminder.target_ids or [])}
        groups = dossiers.filtered(lambda d: d.id not in recently_listed).grouped(lambda d: (d.campaign_id, d.state))
        keys = {group: self._make_key("dossier_waiting", group[0], res_id=group[1], day=today) for group in groups}
        existing = self._existing_keys(keys.values())
        vals_list = [
            self._safe_vals(self._dossier_waiting_vals, campaign, stage, stage_dossiers, keys[campaign, stage], today)
            for (campaign, stage), stage_dossiers in groups.items()
            if keys[campaign, stage] not in existing
        ]
        return self._deliver([vals for vals in vals_list if vals])

    @api.model
    def _working_calendar(self):
        """The office calendar (weekends, public holidays): the addon's, else the company's."""
        return (self.env.ref("chilang_thidua.resource_calendar_vn_office", raise_if_not_found=False)
                or self.env.company.resource_calendar_id)

    @api.model
    def _working_dates(self, start, end):
        """The sorted working dates after ``start`` up to ``end`` included, on the office calendar."""
        calendar = self._working_calendar()
        if not calendar or end <= start:
            return [start + timedelta(days=n) for n in range(1, (end - start).days + 1)
                    if (start + timedelta(days=n)).weekday() < 5]
        tz = pytz.timezone(calendar.tz or "Asia/Ho_Chi_Minh")
        start_dt = tz.localize(datetime.combine(start + timedelta(days=1), time.min))
        end_dt = tz.localize(datetime.combine(end, time.max))
        # sudo: the calendar and its holidays are public data every user's reminders count on
        intervals = calendar.sudo()._work_intervals_batch(start_dt, end_dt)[False]
        return sorted({begin.astimezone(tz).date() for begin, _end, _record in intervals})

    @api.model
    def _working_days_waited(self, dossiers, today):
        """{dossier: working days since its submission}, one calendar read for all of them."""
        dates = self._working_dates(min(dossiers.mapped("date_submitted")), today)
        return {dossier: _count_after(dates, dossier.date_submitted) for dossier in dossiers}

    @api.model
    def _dossier_waiting_vals(self, campaign, stage, dossiers, key, today):
        if stage == "submitted":
            users = self._appraisers(campaign)
        else:
            users = self._group_users("chilang_thidua.group_council")
        partners = users.partner_id.filtered("email")
        lang = self._lang_of(partners, users, campaign)
        env = self.with_context(lang=lang).env
        _ = env._
        states = dict(dossiers._fields["state"]._description_selection(env))
        waited = self._working_days_waited(dossiers, today)
        rows = [
            (dossier.name, dossier.nominee_name, dossier.unit_id.name, states.get(dossier.state, ""),
             dossier.date_submitted.strftime("%d/%m/%Y"), waited[dossier])
            for dossier in dossiers
        ]
        if stage == "submitted":
            name = _("%(count)s award dossier(s) of %(campaign)s waiting for appraisal too long",
                     count=len(dossiers), campaign=campaign.name)
        else:
            name = _("%(count)s award dossier(s) of %(campaign)s waiting for the council too long",
                     count=len(dossiers), campaign=campaign.name)
        headers = [_("Reference"), _("Nominee"), _("Proposing Unit"), _("Status"), _("Submitted On"),
                   _("Working Days Waited")]
        return {
            "name": name,
            "kind": "dossier_waiting",
            "key": key,
            "date": today,
            "campaign_id": campaign.id,
            "res_model": "thidua.campaign",
            "res_id": campaign.id,
            "target_ids": dossiers.ids,
            "date_deadline": today,
            "detail": self._html_table(headers, rows),
            "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, users.ids)],
            "lang": lang,
        }


def _count_after(dates, start):
    """How many of the sorted ``dates`` come after ``start``."""
    return len(dates) - bisect.bisect_right(dates, start)


def working_days_between(start, end):
    """Monday-to-Friday days after ``start`` up to ``end`` included."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
