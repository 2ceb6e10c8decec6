import logging
import time
from collections import Counter
from contextlib import contextmanager, suppress
from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools import SQL

from ..models.thidua_reminder import QUIET
from .common import ThiduaCommon

_logger = logging.getLogger(__name__)

CAMPAIGNS = 5
# The registration-due mail template of the delivery the digest replaced, kept here for
# the bench only: the old run is measured with it, on the same data, in the same run.
OLD_BODY = """
<div style="margin: 0px; padding: 0px; font-size: 14px;">
    <p>Dear officers of <strong t-out="object.unit_id.name or ''">Xã Quang Lang</strong>,</p>
    <p>The registration deadline of the campaign <strong t-out="object.campaign_id.name or ''">Thi đua đặc biệt</strong>
        is <strong t-out="object.date_deadline and object.date_deadline.strftime('%d/%m/%Y') or ''">20/01/2024</strong>,
        and your unit has not submitted its registration yet.</p>
    <p>Please register at least <t t-out="object.campaign_id.min_items_per_unit or 1">1</t> model, work or task
        and submit the registration before that date.</p>
    <p style="margin: 16px 0px;">
        <a t-att-href="object.url" style="background-color: #875A7B; padding: 8px 16px; color: #FFFFFF;">
            Open the registration</a>
    </p>
    <p>This message was sent automatically by the emulation and commendation system.</p>
</div>
"""
OLD_RENDER_FIELDS = ("auto_delete", "body_html", "email_cc", "email_from", "email_to", "mail_server_id",
                     "model", "partner_to", "reply_to", "res_id", "scheduled_date", "subject")


class _Rollback(Exception):
    """Undoes the old run, so that the new one starts from the same data."""


def deliver_one_per_reminder(Reminder, vals_list, template):
    """The delivery before the digest (``_create_and_notify`` of models/thidua_reminder.py up to
    for the bench only: one mail per reminder rendered from its kind's mail.template,
    one to-do per reminder and user."""
    with Reminder.env.cr.savepoint():
        reminders = Reminder.with_context(**QUIET).create(vals_list)
        todo = Reminder.env.ref("mail.mail_activity_data_todo")
        model_id = Reminder.env["ir.model"]._get_id(Reminder._name)
        Reminder.env["mail.activity"].with_context(mail_activity_quick_update=True).create([
            {"res_model_id": model_id, "res_id": reminder.id, "activity_type_id": todo.id, "summary": reminder.name,
             "note": False, "user_id": user.id,
             "date_deadline": max(reminder.date_deadline or reminder.date, reminder.date)}
            for reminder in reminders
            for user in reminder.user_ids
        ])
        rendered = template._generate_template(reminders.filtered("partner_ids").ids, OLD_RENDER_FIELDS)
        mails_values = []
        for values in rendered.values():
            values["recipient_ids"] = [(4, partner_id) for partner_id in values.get("partner_ids") or []]
            if not values.get("email_from"):
                values.pop("email_from", None)
            values["body"] = values["body_html"]
            mails_values.append(values)
        # sudo: as the scheduled action queued them, whatever the user running the bench
        Reminder.env["mail.mail"].sudo().create(mails_values)
    return reminders


@tagged("bench", "post_install", "-at_install")
class BenchReminder(ThiduaCommon):
    """The reminder run over 100 and 1,000 units × 5 open campaigns: queries, mails and seconds.

    Every unit has one officer (half portal: mail only, half internal: mail and to-do) and takes
    part in the 5 campaigns, so a run logs 5 × N reminders. On 1,000 units the delivery the digest
    replaced (one mail per reminder) runs first and is rolled back, then the digest runs on the
    same data. Run with ``make bench``.
    """

    def _setup_size(self, size, deadline):
        tag = f"B{size}"
        portal = self.env.ref("base.group_portal").ids
        staff = self.env.ref("chilang_thidua.group_user").ids
        users = self.env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create([
            {"name": f"Cán bộ {tag} {i}", "login": f"bench_{tag}_{i}", "email": f"bench_{tag}_{i}@example.com",
             "lang": "vi_VN", "groups_id": [(6, 0, portal if i % 2 else staff)]}
            for i in range(size)
        ])
        parent = self.env["thidua.unit"].create({"name": f"Khối {tag}", "code": tag})
        self.env["thidua.unit"].with_context(tracking_disable=True).create([
            {"name": f"Đơn vị {tag} {i}", "code": f"{tag}_{i}", "parent_id": parent.id, "unit_type": "commune",
             "officer_ids": [(6, 0, users[i].ids)]}
            for i in range(size)
        ])
        campaigns = self.env["thidua.campaign"].create([
            {"name": f"Phong trào {tag} {n}", "date_start": deadline - timedelta(days=20),
             "date_end": deadline + timedelta(days=200), "registration_deadline": deadline,
             "unit_ids": [(6, 0, parent.ids)], "content_ids": [(0, 0, {"name": "Nội dung"})]}
            for n in range(CAMPAIGNS)
        ])
        campaigns.action_open()
        return campaigns

    @contextmanager
    def _measure(self):
        """Queries and seconds of the block, the writes apart: the ORM inserts (and updates the
        computed fields of) 100 rows a query."""
        counts = Counter()
        cr = self.env.cr
        execute = cr.execute

        def counting(query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else str(query)
            counts["writes" if code.lstrip().upper().startswith(("INSERT", "UPDATE")) else "others"] += 1
            return execute(query, params, log_exceptions)

        self.env.flush_all()
        self.env.invalidate_all()
        cr.execute = counting
        start = time.perf_counter()
        try:
            yield counts
            self.env.flush_all()
        finally:
            counts["seconds"] = time.perf_counter() - start
            del cr.execute
        counts["queries"] = counts["writes"] + counts["others"]

    def _old_template(self):
        return self.env["mail.template"].create({
            "name": "Bench: the registration reminder before the digest",
            "model_id": self.env["ir.model"]._get_id("thidua.reminder"),
            "subject": "{{ object.name }}",
            "email_from": "{{ object.company_id.email_formatted or user.email_formatted }}",
            "use_default_to": True,
            "lang": "{{ object.lang }}",
            "body_html": OLD_BODY,
            "auto_delete": True,
        })

    def _run_old(self, day, size):
        Reminder = self.env["thidua.reminder"].sudo()
        template = self._old_template()
        # the savepoint is rolled back by the exception: the old run leaves nothing behind
        with suppress(_Rollback), self.env.cr.savepoint():
            with self._measure() as counts:
                reminders = deliver_one_per_reminder(Reminder, Reminder._collect_reminders(day), template)
            counts["mails"] = self.env["mail.mail"].search_count(
                [("model", "=", "thidua.reminder"), ("res_id", "in", reminders.ids)])
            counts["sent"] = len(reminders)
            raise _Rollback
        self.env.invalidate_all()
        self.assertFalse(self.env["thidua.reminder"].search_count([("date", "=", day)]), "the old run is undone")
        self._log("old", size, counts)
        return counts

    def _run_new(self, day, size, campaigns):
        last_mail = self.env["mail.mail"].search([], order="id desc", limit=1).id or 0
        last_activity = self.env["mail.activity"].search([], order="id desc", limit=1).id or 0
        with self._measure() as counts:
            sent = self.env["thidua.reminder"]._cron_send_reminders(today=day)
        # the units and their parent (the demo dossiers waiting since 2024 are reminded too)
        self.assertEqual(len(sent.filtered(lambda r: r.campaign_id in campaigns)), (size + 1) * CAMPAIGNS)
        mails = self.env["mail.mail"].search([("id", ">", last_mail), ("model", "=", "thidua.reminder")])
        per_recipient = Counter(partner for mail in mails for partner in mail.recipient_ids.ids)
        officers = campaigns.unit_ids.child_ids.officer_ids.partner_id
        self.assertEqual(len(officers), size)
        self.assertEqual({per_recipient[partner] for partner in officers.ids}, {1}, "one mail for every officer")
        self.assertEqual(max(per_recipient.values()), 1, "at most one mail per recipient")
        activities = self.env["mail.activity"].search([("id", ">", last_activity)])
        per_user = Counter(activities.user_id.ids)
        self.assertLessEqual(max(per_user.values()), 1, "at most one to-do per user")
        counts.update({"sent": len(sent), "mails": len(mails), "activities": len(activities)})
        self._log("new", size, counts)
        return counts

    def _log(self, which, size, counts):
        _logger.info(
            "BENCH reminders (%s): %s units x %s campaigns: %s reminders, %s mails, %s queries "
            "(%s INSERT/UPDATE), %.2f s",
            which, size, CAMPAIGNS, counts["sent"], counts["mails"], counts["queries"], counts["writes"],
            counts["seconds"],
        )

    def test_bench_reminders_digest(self):
        # the demo campaign's one-off "units missing" notice is sent first, out of the measure
        self.env["thidua.reminder"]._cron_send_reminders(today=date(2029, 1, 1))
        small_deadline, large_deadline = date(2030, 6, 1), date(2030, 3, 1)
        campaigns = self._setup_size(100, small_deadline)
        small = self._run_new(small_deadline - timedelta(days=7), 100, campaigns)
        campaigns = self._setup_size(1000, large_deadline)
        day = large_deadline - timedelta(days=7)
        old = self._run_old(day, 1000)
        new = self._run_new(day, 1000, campaigns)

        ratio = old["seconds"] / new["seconds"]
        _logger.info("BENCH reminders: old %.2f s, new %.2f s, ×%.1f (goal ×5 %s; 1000 units x %s campaigns, "
                     "mails %s -> %s)", old["seconds"], new["seconds"], ratio, "met" if ratio >= 5 else "MISSED",
                     CAMPAIGNS, old["mails"], new["mails"])
        _logger.info(
            "BENCH reminders: 100 -> 1000 units: queries %s -> %s, of which INSERT/UPDATE %s -> %s, others %s -> %s",
            small["queries"], new["queries"], small["writes"], new["writes"], small["others"], new["others"],
        )
        # Nothing runs per unit or per recipient: the reads and the rest stay flat, and only the
        # ORM's own batches of 100 rows per INSERT (reminders, their recipients, mails, messages,
        # to-dos) or UPDATE (the to-dos' computed fields) grow with the rows.
        self.assertLessEqual(new["others"], small["others"] + 5, "reads grow with the number of units")
        self.assertLess((new["writes"] - small["writes"]) / ((1000 - 100) * CAMPAIGNS), 0.02,
                        "more writes than the ORM's batches of 100 rows")

        # the same day again: nothing more, for a handful of queries
        with self._measure() as again:
            self.assertFalse(self.env["thidua.reminder"]._cron_send_reminders(today=day))
        _logger.info("BENCH reminders: the same day again: nothing sent, %s queries, %.2f s",
                     again["queries"], again["seconds"])
