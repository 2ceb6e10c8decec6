"""Emulation reminders: the log of what was due, delivered as one digest per recipient and day.

The rules that find what is due live with what they are about: ``_thidua_reminders_due(today)``
on the registration, campaign, registration item and dossier models, each in its model's file.
This model collects their reminders, keeps one record per reminder key (running the scheduled
action twice a day sends nothing twice) and delivers them: each recipient gets one mail listing
everything due for them across campaigns and kinds, and an internal user at most one to-do a
day. The mail is the QWeb templates of ``data/mail_template_data.xml``, rendered once per
recipient in their language.
"""

import bisect
import logging
from collections import defaultdict, namedtuple
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from ..tools.settings import thidua_setting

_logger = logging.getLogger(__name__)

REMINDER_KINDS = [
    ("registration_due", "Registration deadline approaching"),
    ("registration_missing", "Units not registered after the deadline"),
    ("item_deadline", "Item completion date"),
    ("dossier_waiting", "Dossier waiting too long"),
]
# kind: (the model whose ``_thidua_reminders_due(today)`` finds it and words its title,
#        the model of its ``target_ids``)
RULES = {
    "registration_due": ("thidua.registration", None),
    "registration_missing": ("thidua.campaign", "thidua.unit"),
    "item_deadline": ("thidua.registration.item", "thidua.registration.item"),
    "dossier_waiting": ("thidua.dossier", "thidua.dossier"),
}
# Context that keeps bulk creation cheap: reminders are one-shot notices, nobody follows them.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True, "mail_notrack": True}
# The reminders' day is Vietnam's, whatever the server's clock says.
VIETNAM_TZ = "Asia/Ho_Chi_Minh"
DETAIL_TEMPLATE = "chilang_thidua.thidua_reminder_detail"
MAIL_TEMPLATE = "chilang_thidua.thidua_reminder_digest_mail"
TODO_TEMPLATE = "chilang_thidua.thidua_reminder_digest_todo"
ACTIVITY_TYPE = "chilang_thidua.mail_activity_type_reminder"

# What one recipient gets on one day: a mail listing ``mailed``, a to-do listing ``todo`` for
# ``user`` (an internal user, else empty).
Digest = namedtuple("Digest", "date partner user mailed todo")


def format_date(day):
    """Dates as Vietnamese administrative documents write them (docs/law.md)."""
    return day.strftime("%d/%m/%Y") if day else ""


class ThiduaReminder(models.Model):
    """Something due for someone, and the key that keeps it from being sent twice.

    One record per (kind, campaign, unit or target, date). The day's reminders of one recipient
    go out together (:meth:`_send_digests`); the mail and the to-do are filed on the first
    reminder they list, a mail needing one document.
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
    campaign_id = fields.Many2one("thidua.campaign", required=True, index=True, ondelete="cascade")
    unit_id = fields.Many2one("thidua.unit", index=True, ondelete="cascade")
    # the campaign's, given by _collect_reminders(): a related field would be written back one
    # UPDATE per 100 reminders after they are created
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    res_model = fields.Char(string="Document Model", help="The record the reminder is about.")
    res_id = fields.Many2oneReference(string="Document", model_field="res_model")
    target_ids = fields.Json(help="Ids of the items or dossiers the reminder lists (dossiers are reminded "
                                  "again only after the overdue interval).")
    date_deadline = fields.Date(string="Deadline")
    # compute_sudo: whoever reads the reminder was sent this list; the listed units, items or
    # dossiers may belong to units the reader cannot open.
    detail = fields.Html(compute="_compute_detail", compute_sudo=True, sanitize=False,
                         help="The list the mail shows (units, items or dossiers).")
    partner_ids = fields.Many2many("res.partner", string="Mail Recipients")
    user_ids = fields.Many2many("res.users", string="Assigned Users", help="Users given a to-do activity.")
    lang = fields.Char(help="Language the mail is written in: the recipients'.")
    url = fields.Char(compute="_compute_url", string="Link")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "This reminder has already been sent."),
    ]

    def _compute_detail(self):
        targets = self._prefetch_targets()
        for lang, group in self.grouped("lang").items():
            reminders = group.with_context(lang=lang or self.env.lang)
            helpers = reminders._render_helpers(targets)
            for reminder in reminders:
                reminder.detail = reminders.env["ir.qweb"]._render(DETAIL_TEMPLATE, dict(helpers, reminder=reminder))

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
    # What the rules and the templates share
    # ------------------------------------------------------------------
    def _title(self):
        """The reminder's title in the environment's language, worded by its rule."""
        self.ensure_one()
        return self.env[RULES[self.kind][0]]._thidua_reminder_title(
            self.campaign_id, self.unit_id, self.date, self.date_deadline, self._targets()
        )

    def _digest_title(self):
        """The title for a recipient whose language is the environment's."""
        self.ensure_one()
        return self.name if self.lang == self.env.lang else self._title()

    def _targets(self):
        """The units, items or dossiers the reminder lists."""
        self.ensure_one()
        model = RULES[self.kind][1]
        return self.env[model].browse(self.target_ids or []) if model else None

    def _prefetch_targets(self):
        """{model: every record the reminders of ``self`` list}: the templates then read each
        model once for all the reminders, not once per reminder."""
        ids = defaultdict(dict)
        for reminder in self:
            model = RULES.get(reminder.kind, (None, None))[1]
            if model:
                ids[model].update(dict.fromkeys(reminder.target_ids or []))
        return {model: self.env[model].browse(list(model_ids)) for model, model_ids in ids.items()}

    def _render_helpers(self, targets, memo=None):
        """The values the QWeb templates use besides the reminders, in ``self.env``'s language.

        ``targets`` is :meth:`_prefetch_targets`; ``memo`` keeps what does not depend on the
        language (working days waited) from one language to the next. Labels are worked out once
        per language, not once per reminder.
        """
        env = self.env
        memo = {} if memo is None else memo
        labels = {}

        def remembered(key, compute):
            if key not in labels:
                labels[key] = compute()
            return labels[key]

        def listed(reminder):
            records = reminder._targets()
            if records is None:
                return None
            everything = targets.get(records._name)
            return records.with_prefetch(everything._prefetch_ids) if everything else records

        def days_label(deadline, day):
            delta = (deadline - day).days
            if delta >= 0:
                return remembered(("days", delta), lambda: env._("due in %(days)s day(s)", days=delta))
            return remembered(("days", delta), lambda: env._("overdue by %(days)s day(s)", days=-delta))

        def waited(reminder, dossiers):
            # one calendar read a day for every dossier of the batch
            if ("waited", reminder.date) not in memo:
                everything = targets.get("thidua.dossier") or dossiers
                memo["waited", reminder.date] = self._working_days_waited(everything | dossiers, reminder.date)
            return memo["waited", reminder.date]

        return {
            "format_date": format_date,
            "field_label": lambda model, fname: remembered(
                (model, fname), lambda: env[model]._fields[fname]._description_string(env)),
            "listed": listed,
            "days_label": days_label,
            "title": lambda reminder: reminder._digest_title(),
            "waited": waited,
            "min_items_hint": lambda campaign: remembered(("min_items", campaign.min_items_per_unit), lambda: env._(
                "Register at least %(count)s model(s), work(s) or task(s) before submitting.",
                count=campaign.min_items_per_unit or 1,
            )),
            "waited_label": env._("Working Days Waited"),
        }

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

    @api.model
    def _reminder_tz(self):
        calendar = self._working_calendar()
        return (calendar and calendar.tz) or VIETNAM_TZ

    @api.model
    def _today(self):
        """Today in Vietnam: the scheduled action runs on the server's clock (UTC)."""
        return fields.Date.context_today(self.with_context(tz=self._reminder_tz()))

    # ------------------------------------------------------------------
    # Helpers of the rules: keys, recipients
    # ------------------------------------------------------------------
    @api.model
    def _existing_keys(self, keys):
        keys = list(keys)
        if not keys:
            return set()
        return set(self.with_context(active_test=False).search([("key", "in", keys)]).mapped("key"))

    @api.model
    def _make_key(self, kind, campaign, unit=None, res_id=None, day=None):
        return f"{kind}:{campaign.id}:{unit.id if unit else 0}:{res_id or 0}:{day or ''}"

    @api.model
    def _safe_vals(self, method, *args):
        """Prepare one reminder's values; a unit whose data cannot be read is logged and skipped."""
        try:
            return method(*args)
        except Exception:
            _logger.exception("Reminder %s could not be prepared", args)
            return None

    @api.model
    def _unit_recipients(self, unit, campaign):
        """(partners to mail, users to give an activity) for a unit's reminder.

        Mail goes to every active officer and to the unit's own address that have an e-mail;
        internal officers also get an activity. A unit nobody can be reached at (no e-mail, no
        internal officer) is handed to the campaign's responsible as an activity, to phone them.
        """
        officers = unit._officer_users().filtered("active")
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
        officers = units._officer_users()
        officers.mapped("share")
        (officers.partner_id | units.partner_id).mapped("lang")

    @api.model
    def _appraisers(self, campaign):
        """Phòng Nội vụ for a campaign (the campaign's own answer)."""
        return campaign._appraiser_users()

    @api.model
    def _group_users(self, xmlid):
        root = self.env.ref("base.user_root")
        return self.env.ref(xmlid).users.filtered(lambda user: user.active and not user.share and user != root)

    @api.model
    def _lang_of(self, partners, users, campaign):
        return (users.partner_id | partners).filtered("lang")[:1].lang or campaign.user_id.lang or self.env.lang

    # ------------------------------------------------------------------
    # Scheduled action: collect, log, deliver
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_reminders(self, today=None):
        """Daily: every rule's reminders for every open campaign, as one digest per recipient
        (``today`` for tests and replays)."""
        # sudo: the scheduled action reads every unit, registration and dossier and writes
        # reminders, mails and activities for users of every unit, on behalf of the system.
        reminder = self.sudo()
        today = today or reminder._today()
        sent = reminder._deliver(reminder._collect_reminders(today))
        # nothing left: a progress with tasks remaining makes Odoo run the job again at once (on
        # every server running crons), which would be one reminder run after another all day
        steps = len(dict.fromkeys(model for model, _target in RULES.values())) + 1
        self.env["ir.cron"]._notify_progress(done=steps, remaining=0)
        _logger.info("Emulation reminders: %s sent", len(sent))
        return sent

    @api.model
    def _rule_vals(self, rule, kind, *, campaign, key, today, partners, users, targets=None, deadline=None,
                   unit=None, res_model=False, res_id=False):
        """The values of one reminder of ``rule`` (the model whose rule it is), titled by the rule
        in the recipients' language. Filed on ``res_model``/``res_id``, else on the campaign."""
        lang = self._lang_of(partners, users, campaign)
        vals = {
            "name": rule.with_context(lang=lang)._thidua_reminder_title(campaign, unit, today, deadline or today,
                                                                      targets),
            "kind": kind,
            "key": key,
            "date": today,
            "campaign_id": campaign.id,
            "res_model": res_model,
            "res_id": res_id,
            "date_deadline": deadline or today,
            "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, users.ids)],
            "lang": lang,
        }
        if unit:
            vals["unit_id"] = unit.id
        if targets is not None:
            vals["target_ids"] = targets.ids
        return vals

    @api.model
    def _office_vals(self, rule, kind, campaign, users, key, today, targets):  # noqa: PLR0917
        """A reminder to an office (appraisers, council) about a campaign's units or dossiers."""
        return self._rule_vals(rule, kind, campaign=campaign, key=key, today=today, targets=targets,
                               partners=users.partner_id.filtered("email"), users=users,
                               res_model="thidua.campaign", res_id=campaign.id)

    @api.model
    def _collect_reminders(self, today):
        """The values of every reminder due ``today`` and not sent yet, rule by rule."""
        rule_models = list(dict.fromkeys(model for model, _target in RULES.values()))
        vals_list = []
        for done, model in enumerate(rule_models, start=1):
            vals_list += self.env[model]._thidua_reminders_due(today)
            # the delivery that follows is the last step; it is reported done at the end of the run
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(rule_models) + 1 - done)
        campaigns = self.env["thidua.campaign"].browse({vals["campaign_id"] for vals in vals_list})
        company_of = {campaign.id: campaign.company_id.id for campaign in campaigns}
        for vals in vals_list:
            vals.setdefault("company_id", company_of[vals["campaign_id"]])
        return vals_list

    @api.model
    def _deliver(self, vals_list):
        """Log the reminders of ``vals_list``, then send them as the recipients' digests."""
        reminders = self._create_reminders(vals_list)
        if not reminders:
            return reminders
        withdrawn = reminders._send_digests()
        return reminders - withdrawn

    @api.model
    def _create_reminders(self, vals_list):
        """Create the reminders in one savepoint; when that fails, one by one, so that one bad
        reminder is logged and skipped and the others are still sent."""
        if not vals_list:
            return self.browse()
        Reminder = self.with_context(**QUIET)
        try:
            with self.env.cr.savepoint():
                return Reminder.create(vals_list)
        except Exception:
            if len(vals_list) == 1:
                _logger.exception("Reminder %s could not be sent", vals_list[0].get("key"))
                return self.browse()
            _logger.warning("A batch of %s reminders failed; retrying them one by one", len(vals_list))
        created = []
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created += Reminder.create([vals]).ids
            except Exception:
                _logger.exception("Reminder %s could not be sent", vals.get("key"))
        return Reminder.browse(created)

    def _send_digests(self):
        """Send the digests of the reminders ``self``; return the reminders withdrawn.

        All digests go in one savepoint (a few queries whatever their number). When that fails,
        each recipient's digest is retried in its own savepoint: a recipient whose digest still
        fails is logged and taken off the reminders, and a reminder left with nobody is deleted,
        so that the log only says what was sent and the next run sends it again.
        """
        digests = self._digests()
        if not digests:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                self._deliver_digests(digests)
            return self.browse()
        except Exception:
            if len(digests) == 1:
                _logger.exception("Reminders %s could not be sent to %s", digests[0].mailed.ids or digests[0].todo.ids,
                                  digests[0].partner.id)
                return self._withdraw(digests)
            _logger.warning("%s reminder digests failed; retrying them one by one", len(digests))
        failed = []
        for digest in digests:
            try:
                with self.env.cr.savepoint():
                    (digest.mailed | digest.todo)._deliver_digests([digest])
            except Exception:
                _logger.exception("Reminders %s could not be sent to %s", (digest.mailed | digest.todo).ids,
                                  digest.partner.id)
                failed.append(digest)
        return self._withdraw(failed)

    def _withdraw(self, digests):
        """Take the recipients of the failed ``digests`` off their reminders; delete the reminders
        left with nobody. Returns the deleted reminders."""
        concerned = self.browse()
        for digest in digests:
            digest.mailed.write({"partner_ids": [(3, digest.partner.id)]})
            if digest.user:
                digest.todo.write({"user_ids": [(3, digest.user.id)]})
            concerned |= digest.mailed | digest.todo
        orphans = concerned.filtered(lambda reminder: not reminder.partner_ids and not reminder.user_ids)
        orphans.unlink()
        return orphans

    def _digests(self):
        """One :data:`Digest` per recipient and day: the reminders mailed to them (they are among
        the reminder's partners) and those given them as a to-do (they are among its users)."""
        mailed, todo, user_of = defaultdict(list), defaultdict(list), {}
        self.fetch(["date", "date_deadline", "partner_ids", "user_ids"])
        for reminder in self:
            for partner in reminder.partner_ids:
                mailed[reminder.date, partner.id].append(reminder.id)
            for user in reminder.user_ids:
                todo[reminder.date, user.partner_id.id].append(reminder.id)
                user_of.setdefault(user.partner_id.id, user.id)
        keys = list(dict.fromkeys([*mailed, *todo]))
        partners = self.env["res.partner"].browse({partner_id for __, partner_id in keys})
        users = self.env["res.users"].browse(set(user_of.values()))
        prefetch = self._prefetch_ids

        def listed(ids):
            # the most urgent first: the mail and the to-do are filed on it
            reminders = self.browse(ids).with_prefetch(prefetch)
            return reminders.sorted(lambda r: (r.date_deadline or r.date, r.id))

        return [
            Digest(
                date=day,
                partner=partners.browse(partner_id).with_prefetch(partners._prefetch_ids),
                user=users.browse(user_of[partner_id]).with_prefetch(users._prefetch_ids)
                if todo.get((day, partner_id)) else users.browse(),
                mailed=listed(mailed.get((day, partner_id), [])),
                todo=listed(todo.get((day, partner_id), [])),
            )
            for day, partner_id in keys
        ]

    def _deliver_digests(self, digests):
        """Render each digest in its recipient's language, and queue its mail and to-do."""
        targets = self._prefetch_targets()
        todo_type = self.env.ref(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        open_todos = self._open_todos(digests, todo_type)
        memo = {}
        by_lang = defaultdict(list)
        for digest in digests:
            by_lang[digest.partner.lang or self.env.lang].append(digest)
        mail_values, activity_values = [], []
        for lang, lang_digests in by_lang.items():
            # dates of the digest are Vietnam's days; any time shown is Vietnam's too
            reminder = self.with_context(lang=lang, tz=self._reminder_tz())
            env = reminder.env
            helpers = reminder._render_helpers(targets, memo)
            qweb = env["ir.qweb"]
            for digest in lang_digests:
                mailed, todo = digest.mailed.with_env(env), digest.todo.with_env(env)
                if mailed:
                    lead = mailed[0]
                    body = qweb._render(MAIL_TEMPLATE, dict(helpers, partner=digest.partner, date=digest.date,
                                                            reminders=mailed))
                    mail_values.append({
                        "subject": mailed._digest_subject(digest.date),
                        "body_html": body,
                        "model": self._name,
                        "res_id": lead.id,
                        "email_from": lead.company_id.email_formatted or self.env.user.email_formatted,
                        "recipient_ids": [(4, digest.partner.id)],
                        "auto_delete": True,
                    })
                if not (digest.user and todo):
                    continue
                todo_list = qweb._render(TODO_TEMPLATE, dict(helpers, reminders=todo))
                # the to-do is the day's work (under "Today" in the activity menu, Vietnam's day);
                # each deadline is in the list it carries
                deadline = digest.date
                activity = open_todos.get((digest.user.id, digest.date))
                if activity:
                    # the day's to-do exists (a second run the same day): it lists the new ones too
                    activity.write({"note": activity.note + todo_list})
                    continue
                activity_values.append({
                    "res_model_id": model_id,
                    "res_id": todo[0].id,
                    "activity_type_id": todo_type.id,
                    "summary": todo._digest_subject(digest.date),
                    "note": todo_list,
                    "user_id": digest.user.id,
                    "date_deadline": deadline,
                })
        # the reply-to of every mail at once (mail.message would look it up mail by mail)
        if mail_values:
            leads = self.browse([values["res_id"] for values in mail_values])
            reply_to = leads._notify_get_reply_to(default=False)
            for values in mail_values:
                values["reply_to"] = reply_to[values["res_id"]] or values["email_from"]
        # sudo: reminder mails are queued by the scheduled action, not by a user's right
        self.env["mail.mail"].sudo().create(mail_values)
        # quick_update: the digest mail is the notification; no second mail per to-do
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activity_values)

    def _open_todos(self, digests, todo_type):
        """{(user id, date): the reminder to-do already given that day}, for a second run."""
        user_ids = {digest.user.id for digest in digests if digest.user}
        if not user_ids:
            return {}
        days = {digest.date for digest in digests}
        activities = self.env["mail.activity"].search([
            ("activity_type_id", "=", todo_type.id), ("res_model", "=", self._name),
            ("user_id", "in", list(user_ids)),
            ("res_id", "in", self._search([("date", "in", list(days))])),
        ])
        leads = self.browse(activities.mapped("res_id"))
        day_of = dict(zip(leads.ids, leads.mapped("date"), strict=True)) if leads else {}
        return {(activity.user_id.id, day_of[activity.res_id]): activity for activity in activities}

    def _digest_subject(self, day):
        """One reminder: its title; several: how many, and the day."""
        if len(self) == 1:
            return self._digest_title()
        return self.env._("%(count)s emulation reminders for %(date)s", count=len(self), date=format_date(day))

    # ------------------------------------------------------------------
    # Working days (the dossier rule counts the processing time in them)
    # ------------------------------------------------------------------
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
        tz = pytz.timezone(calendar.tz or VIETNAM_TZ)
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
