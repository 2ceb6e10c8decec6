from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models.thidua_reminder import working_days_between
from .common import ThiduaCommon
from .common_dossier import DossierCommon

DEADLINE = date(2024, 1, 20)


@tagged("post_install", "-at_install")
class TestReminderCommon(ThiduaCommon):
    """Three participating units: the Education office (submits), commune B and the school."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reminder = cls.env["thidua.reminder"]
        cls.campaign.write({
            "unit_ids": [(6, 0, [cls.unit_education.id, cls.unit_commune_b.id])],
            "user_id": cls.user_appraiser.id,
        })
        cls.campaign.with_user(cls.user_appraiser).action_open()
        # participating: the Education office, the school under it, commune B
        cls.registration_education = cls._make_registration(cls.user_education, cls.unit_education)
        cls.registration_education.action_submit()

    @classmethod
    def _make_registration(cls, user, unit, deadline=None, progress=0):
        return cls.env["thidua.registration"].with_user(user).create({
            "campaign_id": cls.campaign.id,
            "unit_id": unit.id,
            "item_ids": [(0, 0, {
                "name": f"Mô hình của {unit.name}",
                "item_type": "model",
                "content_id": cls.campaign.content_ids[0].id,
                "date_deadline": deadline,
                "progress": progress,
            })],
        })

    def _run(self, day):
        return self.Reminder._cron_send_reminders(today=day)

    def _reminders(self, kind=None):
        domain = [("campaign_id", "=", self.campaign.id)]
        if kind:
            domain.append(("kind", "=", kind))
        return self.Reminder.search(domain)

    def _same_day(self, reminders):
        return self.Reminder.search([("date", "in", reminders.mapped("date"))])

    def _mails(self, reminders):
        """The digests listing ``reminders``: mailed to their recipients that day (a digest is
        filed on the first reminder it lists, and the demo campaign's reminders join in)."""
        return self.env["mail.mail"].search([
            ("model", "=", "thidua.reminder"), ("res_id", "in", self._same_day(reminders).ids),
            ("recipient_ids", "in", reminders.partner_ids.ids),
        ])

    def _activities(self, reminders):
        """The to-dos listing ``reminders``: their users' to-do of that day."""
        return self.env["mail.activity"].search([
            ("res_model", "=", "thidua.reminder"), ("res_id", "in", self._same_day(reminders).ids),
            ("user_id", "in", reminders.user_ids.ids),
        ])


@tagged("post_install", "-at_install")
class TestRegistrationReminder(TestReminderCommon):
    def test_reminds_exactly_the_units_not_submitted_once(self):
        self.assertEqual(
            set(self.campaign._get_participating_units().ids),
            {self.unit_education.id, self.unit_school.id, self.unit_commune_b.id},
        )
        self._run(DEADLINE - timedelta(days=7))
        reminders = self._reminders("registration_due")
        self.assertEqual(reminders.unit_id, self.unit_commune_b | self.unit_school)
        mails = self._mails(reminders)
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, self.user_commune_b.partner_id | self.user_portal_school.partner_id)
        school_mail = mails.filtered(lambda m: self.user_portal_school.partner_id in m.recipient_ids)
        # one mail for the school (the demo's 2024 campaign is history, done: it reminds nobody)
        self.assertIn("thử nghiệm 2024", school_mail.subject)
        self.assertIn("còn 7 ngày", school_mail.body_html)
        self.assertIn("Hạn đăng ký", school_mail.body_html)
        self.assertIn("20/01/2024", school_mail.body_html)
        # an activity for the internal officer only: the portal officer has no backend
        activities = self._activities(reminders)
        self.assertEqual(activities.user_id, self.user_commune_b)
        # the day's work: due the day it is given, the deadline is in its list
        self.assertEqual(activities.date_deadline, DEADLINE - timedelta(days=7))

        # the same day again: nothing more
        self._run(DEADLINE - timedelta(days=7))
        self.assertEqual(self._reminders("registration_due"), reminders)
        self.assertEqual(self._mails(reminders), mails)
        self.assertEqual(self._activities(reminders), activities)

    def test_only_on_the_configured_days(self):
        self.env["ir.config_parameter"].set_param("chilang_thidua.reminder_days", "5, 2")
        self._run(DEADLINE - timedelta(days=7))
        self.assertFalse(self._reminders())
        self._run(DEADLINE - timedelta(days=5))
        self.assertEqual(len(self._reminders("registration_due")), 2)
        self._run(DEADLINE - timedelta(days=2))
        self.assertEqual(len(self._reminders("registration_due")), 4)

    def test_draft_registration_is_still_reminded_with_a_link_to_it(self):
        draft = self._make_registration(self.user_commune_b, self.unit_commune_b)
        self._run(DEADLINE - timedelta(days=1))
        reminder = self._reminders("registration_due").filtered(lambda r: r.unit_id == self.unit_commune_b)
        self.assertEqual((reminder.res_model, reminder.res_id), ("thidua.registration", draft.id))
        self.assertIn(f"/mail/view?model=thidua.registration&amp;res_id={draft.id}", self._mails(reminder).body_html)

    def test_officer_without_email_gets_an_activity_only(self):
        self.user_commune_b.partner_id.email = False
        self._run(DEADLINE - timedelta(days=3))
        reminder = self._reminders("registration_due").filtered(lambda r: r.unit_id == self.unit_commune_b)
        self.assertFalse(reminder.partner_ids)
        self.assertFalse(self._mails(reminder))
        activity = self._activities(reminder)
        self.assertEqual(activity.user_id, self.user_commune_b)
        self.assertIn(self.campaign.name, activity.note)
        # the officer sees the day's to-do in their activities and can open what it is filed on
        mine = self.Reminder.with_user(self.user_commune_b).search([("activity_user_id", "=", self.user_commune_b.id)])
        self.assertEqual(mine.ids, [activity.res_id])

    def test_unit_nobody_can_be_reached_at_goes_to_the_responsible(self):
        self.user_portal_school.partner_id.email = False
        self._run(DEADLINE - timedelta(days=3))
        reminder = self._reminders("registration_due").filtered(lambda r: r.unit_id == self.unit_school)
        self.assertFalse(self._mails(reminder))
        self.assertEqual(self._activities(reminder).user_id, self.user_appraiser)

    def test_one_failing_unit_does_not_stop_the_others(self):
        Rule = type(self.env["thidua.registration"])
        prepare = Rule._thidua_reminder_vals

        def failing(reminder, campaign, unit, *args):
            if unit == self.unit_school:
                raise ValueError("broken unit")
            return prepare(reminder, campaign, unit, *args)

        with patch.object(Rule, "_thidua_reminder_vals", failing), \
                self.assertLogs("odoo.addons.chilang_thidua.models.thidua_reminder", "ERROR"):
            self._run(DEADLINE - timedelta(days=7))
        self.assertEqual(self._reminders("registration_due").unit_id, self.unit_commune_b)
        # the next day the school is reminded as usual
        self._run(DEADLINE - timedelta(days=3))
        self.assertEqual(len(self._reminders("registration_due")), 3)

    def test_one_failing_mail_is_rolled_back_alone(self):
        Reminder = type(self.Reminder)
        send = Reminder._deliver_digests

        def failing(reminders, digests):
            if any(self.unit_school in digest.mailed.unit_id for digest in digests):
                raise ValueError("mail server refuses the school")
            return send(reminders, digests)

        with patch.object(Reminder, "_deliver_digests", failing), \
                self.assertLogs("odoo.addons.chilang_thidua.models.thidua_reminder", "ERROR") as logs:
            self._run(DEADLINE - timedelta(days=7))
        self.assertIn("could not be sent", "\n".join(logs.output))
        reminders = self._reminders("registration_due")
        self.assertEqual(reminders.unit_id, self.unit_commune_b, "the school's reminder is rolled back, not half-sent")
        self.assertEqual(len(self._mails(reminders)), 1)
        self.assertEqual(len(self._activities(reminders)), 1)

    def test_after_the_deadline_home_affairs_is_told_once(self):
        self._run(DEADLINE + timedelta(days=1))
        reminder = self._reminders("registration_missing")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_ids, self.user_appraiser)
        self.assertIn(self.unit_school.name, reminder.detail)
        self.assertIn(self.unit_commune_b.name, reminder.detail)
        self.assertNotIn(self.unit_education.name + "<", reminder.detail)
        self.assertEqual(self._mails(reminder).recipient_ids, self.user_appraiser.partner_id)
        self.assertIn("chưa đăng ký", reminder.name)
        self.assertFalse(self._reminders("registration_due"), "units are no longer reminded after the deadline")
        self._run(DEADLINE + timedelta(days=2))
        self.assertEqual(self._reminders("registration_missing"), reminder)

    def test_queries_do_not_grow_with_units(self):
        """Registration reminders for 10 and for 50 units cost the same number of queries."""
        counts = []
        for size in (10, 50):
            day = date(2025, 3, 3) + timedelta(days=size)
            campaign = self._make_campaign_with_units(size, day + timedelta(days=7))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            reminders = self.Reminder._deliver(self.env["thidua.registration"]._thidua_reminders_due(day))
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(reminders.filtered(lambda r, c=campaign: r.campaign_id == c)), size)
        self.assertLessEqual(counts[1], counts[0] + 2, f"queries for 10 and 50 units: {counts}")

    def _make_campaign_with_units(self, size, deadline):
        suffix = f"{size}_{deadline}"
        parent = self.env["thidua.unit"].create({"name": f"Khối {suffix}", "code": f"K_{suffix}"})
        users = self.env["res.users"].with_context(no_reset_password=True).create([
            {"name": f"Cán bộ {suffix} {i}", "login": f"officer_{suffix}_{i}", "email": f"o{i}_{suffix}@example.com",
             # half portal officers (mail only), half internal ones (mail and activity)
             "groups_id": [(6, 0, self.env.ref("base.group_portal" if i % 2 else "chilang_thidua.group_user").ids)]}
            for i in range(size)
        ])
        self.env["thidua.unit"].create([
            {"name": f"Đơn vị {suffix} {i}", "code": f"U_{suffix}_{i}", "parent_id": parent.id,
             "officer_ids": [(6, 0, users[i].ids)]}
            for i in range(size)
        ])
        campaign = self.env["thidua.campaign"].create({
            "name": f"Phong trào {suffix}",
            "date_start": deadline - timedelta(days=30),
            "date_end": deadline + timedelta(days=200),
            "registration_deadline": deadline,
            "unit_ids": [(6, 0, parent.child_ids.ids)],
            "content_ids": [(0, 0, {"name": "Nội dung"})],
        })
        campaign.sudo().action_open()
        return campaign


@tagged("post_install", "-at_install")
class TestItemReminder(TestReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registration_b = cls._make_registration(
            cls.user_commune_b, cls.unit_commune_b, deadline=date(2024, 5, 10), progress=50
        )
        cls.registration_b.action_submit()
        cls.registration_b.with_user(cls.user_appraiser).action_accept()

    def test_due_soon_then_overdue_every_interval(self):
        reminded = []
        for day in (date(2024, 5, 3), date(2024, 5, 4), date(2024, 5, 9), date(2024, 5, 11), date(2024, 5, 12),
                    date(2024, 5, 18)):
            before = self._reminders("item_deadline")
            self._run(day)
            if self._reminders("item_deadline") - before:
                reminded.append(day)
        self.assertEqual(reminded, [date(2024, 5, 3), date(2024, 5, 9), date(2024, 5, 11), date(2024, 5, 18)])
        last = self._reminders("item_deadline").sorted("date")[-1]
        self.assertEqual(last.unit_id, self.unit_commune_b)
        self.assertIn("quá hạn 8 ngày", last.detail)
        self.assertIn("Mô hình của Xã Bình Yên", self._mails(last).body_html)

    def test_complete_items_are_not_reminded(self):
        self.registration_b.item_ids.with_user(self.user_commune_b).write({"progress": 100})
        self._run(date(2024, 5, 3))
        self.assertFalse(self._reminders("item_deadline"))


@tagged("post_install", "-at_install")
class TestCampaignAutoState(ThiduaCommon):
    def _campaign(self, start, end, **values):
        return self.env["thidua.campaign"].create({
            "name": f"Phong trào tự động {start}",
            "date_start": start,
            "date_end": end,
            "registration_deadline": start + timedelta(days=5),
            "auto_state": True,
            "user_id": self.user_appraiser.id,
            "content_ids": [(0, 0, {"name": "Nội dung"})],
            **values,
        })

    def test_opens_and_closes_on_dates(self):
        today = fields.Date.today()
        starting = self._campaign(today, today + timedelta(days=60))
        future = self._campaign(today + timedelta(days=1), today + timedelta(days=60))
        manual = self._campaign(today, today + timedelta(days=60), auto_state=False)
        ending = self._campaign(today - timedelta(days=60), today - timedelta(days=1))
        ending.with_user(self.user_appraiser).action_open()
        self.env["thidua.campaign"]._cron_update_state()
        self.assertEqual(starting.state, "open")
        self.assertEqual(future.state, "draft")
        self.assertEqual(manual.state, "draft")
        self.assertEqual(ending.state, "closed")

    def test_campaign_that_cannot_open_is_reported_once_and_others_still_open(self):
        today = fields.Date.today()
        empty = self._campaign(today, today + timedelta(days=60), content_ids=False)
        starting = self._campaign(today - timedelta(days=1), today + timedelta(days=60))
        with self.assertLogs("odoo.addons.chilang_thidua.models.thidua_campaign", "WARNING"):
            self.env["thidua.campaign"]._cron_update_state()
        self.assertEqual(empty.state, "draft")
        self.assertEqual(starting.state, "open")
        self.assertEqual(empty.activity_ids.user_id, self.user_appraiser)
        with self.assertLogs("odoo.addons.chilang_thidua.models.thidua_campaign", "WARNING"):
            self.env["thidua.campaign"]._cron_update_state()
        self.assertEqual(len(empty.activity_ids), 1, "one to-do, not one a day")

    def test_cron_records_exist(self):
        for xmlid, code in [("ir_cron_campaign_state", "model._cron_update_state()"),
                            ("ir_cron_reminders", "model._cron_send_reminders()")]:
            cron = self.env.ref(f"chilang_thidua.{xmlid}")
            self.assertEqual(cron.code, code)
            self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))


@tagged("post_install", "-at_install")
class TestDossierReminder(DossierCommon):
    def _waiting(self):
        return self.env["thidua.reminder"].search(
            [("campaign_id", "=", self.campaign.id), ("kind", "=", "dossier_waiting")], order="id"
        )

    def test_dossiers_waiting_longer_than_the_processing_time(self):
        dossier = self._eligible_individual()
        dossier.with_user(self.user_commune_a).action_submit()
        submitted = dossier.date_submitted
        run = self.env["thidua.reminder"]._cron_send_reminders
        run(today=submitted + timedelta(days=14))  # 10 working days: in time
        self.assertFalse(self._waiting())
        run(today=submitted + timedelta(days=35))  # 25 working days: late
        reminder = self._waiting()
        self.assertEqual(reminder.target_ids, dossier.ids)
        self.assertIn(self.user_appraiser, reminder.user_ids)
        self.assertNotIn(self.user_council, reminder.user_ids)
        self.assertIn("chờ thẩm định quá hạn", reminder.name)
        self.assertIn(dossier.nominee_name, reminder.detail)
        run(today=submitted + timedelta(days=36))
        self.assertEqual(self._waiting(), reminder, "not listed again before the overdue interval")
        run(today=submitted + timedelta(days=42))
        self.assertEqual(len(self._waiting()), 2)
        # appraised: now the council is waited for
        dossier.with_user(self.user_appraiser).action_appraise()
        run(today=submitted + timedelta(days=50))
        council_reminder = self._waiting()[-1]
        self.assertIn(self.user_council, council_reminder.user_ids)
        self.assertIn("chờ Hội đồng xét quá hạn", council_reminder.name)

    def test_working_days(self):
        # Friday 05/01/2024 → Monday 08/01/2024: one working day; two weeks later: 11
        self.assertEqual(working_days_between(date(2024, 1, 5), date(2024, 1, 8)), 1)
        self.assertEqual(working_days_between(date(2024, 1, 5), date(2024, 1, 22)), 11)
        self.assertEqual(working_days_between(date(2024, 1, 5), date(2024, 1, 5)), 0)


@tagged("post_install", "-at_install")
class TestWorkingDays(TransactionCase):
    """'20 working days' count on the office calendar: weekends and Vietnam's public holidays out."""

    def test_public_holidays_are_not_working_days(self):
        Reminder = self.env["thidua.reminder"]
        # Tết 2026: Monday 16 to Friday 20 February are days off; Monday 23 is the first working day
        self.assertEqual(Reminder._working_dates(date(2026, 2, 13), date(2026, 2, 23)), [date(2026, 2, 23)])
        # 30/4 and 1/5/2026 are Thursday and Friday: that week has three working days
        self.assertEqual(len(Reminder._working_dates(date(2026, 4, 26), date(2026, 5, 3))), 3)
        # National Day 2025: Monday 1 and Tuesday 2 September
        self.assertEqual(Reminder._working_dates(date(2025, 8, 29), date(2025, 9, 3)), [date(2025, 9, 3)])
        # an ordinary fortnight: ten working days
        self.assertEqual(len(Reminder._working_dates(date(2026, 3, 1), date(2026, 3, 14))), 10)

    def test_holidays_are_data_an_administrator_edits(self):
        Reminder = self.env["thidua.reminder"]
        calendar = Reminder._working_calendar()
        self.env["resource.calendar.leaves"].create({
            "name": "Nghỉ bù", "calendar_id": calendar.id,
            "date_from": datetime(2026, 3, 2, 0, 0), "date_to": datetime(2026, 3, 2, 23, 59),
        })
        self.assertNotIn(date(2026, 3, 2), Reminder._working_dates(date(2026, 3, 1), date(2026, 3, 6)))


DAY = date(2024, 5, 2)


@tagged("post_install", "-at_install")
class TestReminderDigest(TestReminderCommon):
    """Xã Bình Yên takes part in three campaigns. On DAY an item of its accepted registration to the
    first is due in 3 days, and the registration deadline of the two others is 7 days away: two
    kinds of reminders, three campaigns, one officer (internal, Vietnamese) and the unit's own
    mailbox (English)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        content = cls.campaign.content_ids[0]
        cls.registration_b = cls.env["thidua.registration"].with_user(cls.user_commune_b).create({
            "campaign_id": cls.campaign.id,
            "unit_id": cls.unit_commune_b.id,
            "item_ids": [
                (0, 0, {"name": "Mô hình Dân vận khéo", "item_type": "model", "content_id": content.id,
                        "date_deadline": DAY + timedelta(days=3), "progress": 40}),
                # due in 2 days on DAY (not a reminder day), in 1 day the day after
                (0, 0, {"name": "Công trình đường làng", "item_type": "work", "content_id": content.id,
                        "date_deadline": DAY + timedelta(days=2), "progress": 10}),
            ],
        })
        cls.registration_b.action_submit()
        cls.registration_b.with_user(cls.user_appraiser).action_accept()
        cls.campaigns_near = cls.env["thidua.campaign"].create([
            {"name": name, "date_start": date(2024, 4, 1), "date_end": date(2024, 12, 31),
             "registration_deadline": DAY + timedelta(days=7), "unit_ids": [(6, 0, cls.unit_commune_b.ids)],
             "user_id": cls.user_appraiser.id, "content_ids": [(0, 0, {"name": "Nội dung"})]}
            for name in ("Phong trào Chuyển đổi số 2024", "Phong trào Xanh - Sạch - Đẹp 2024")
        ])
        cls.campaigns_near.with_user(cls.user_appraiser).action_open()
        cls.unit_commune_b.partner_id = cls.env["res.partner"].create(
            {"name": "UBND xã Bình Yên", "email": "ubnd.binhyen@example.com", "lang": "en_US"}
        )
        cls.officer = cls.user_commune_b.partner_id
        cls.todo_type = cls.env.ref("chilang_thidua.mail_activity_type_reminder")

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)], order="id")

    def _todos(self, user):
        return self.env["mail.activity"].search([("user_id", "=", user.id)], order="id")

    def test_one_mail_lists_everything_due_across_campaigns(self):
        self._run(DAY)
        reminders = self.Reminder.search([("unit_id", "=", self.unit_commune_b.id), ("date", "=", DAY)])
        self.assertEqual(sorted(reminders.mapped("kind")), ["item_deadline", "registration_due", "registration_due"])
        self.assertEqual(reminders.campaign_id, self.campaign | self.campaigns_near)
        mail = self._mails_to(self.officer)
        self.assertEqual(len(mail), 1, "one mail for the day, not one per campaign")
        for campaign in self.campaign | self.campaigns_near:
            self.assertIn(campaign.name, mail.body_html)
        self.assertIn("Mô hình Dân vận khéo", mail.body_html)
        self.assertNotIn("Công trình đường làng", mail.body_html, "not due on one of the reminder days")
        self.assertIn("02/05/2024", mail.subject)
        self.assertEqual(mail.recipient_ids, self.officer)
        self.assertEqual(len(self._mails_to(self.unit_commune_b.partner_id)), 1)
        # one to-do of the reminders' own type, listing the same, due the day it is given
        todo = self._todos(self.user_commune_b)
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.activity_type_id, self.todo_type)
        self.assertEqual((todo.res_model, todo.res_id in reminders.ids), ("thidua.reminder", True))
        self.assertEqual(todo.date_deadline, DAY)
        for campaign in self.campaign | self.campaigns_near:
            self.assertIn(campaign.name, todo.note)
        # the officer opens it: the reminder it is filed on is theirs to read
        self.assertTrue(self.Reminder.with_user(self.user_commune_b).browse(todo.res_id).name)

    def test_a_second_run_the_same_day_sends_nothing(self):
        self._run(DAY)
        counts = [self.env[model].search_count([]) for model in ("thidua.reminder", "mail.mail", "mail.activity")]
        self.assertFalse(self._run(DAY))
        self.assertEqual(
            [self.env[model].search_count([]) for model in ("thidua.reminder", "mail.mail", "mail.activity")], counts
        )

    def test_the_next_day_only_what_is_newly_due(self):
        self._run(DAY)
        self._run(DAY + timedelta(days=1))
        first, second = self._mails_to(self.officer)
        self.assertIn("Công trình đường làng", second.body_html)
        self.assertNotIn("Mô hình Dân vận khéo", second.body_html)
        for campaign in self.campaigns_near:
            self.assertNotIn(campaign.name, second.body_html, "6 days left: not a reminder day")
        self.assertIn("còn 1 ngày", second.body_html)
        # a new day, a new to-do (the first one is still there until done), with only the items
        first_todo, second_todo = self._todos(self.user_commune_b)
        self.assertIn("Mô hình, công trình, phần việc của Xã Bình Yên sắp đến hạn", second_todo.note)
        for campaign in self.campaigns_near:
            self.assertIn(campaign.name, first_todo.note)
            self.assertNotIn(campaign.name, second_todo.note)

    def test_each_recipient_reads_it_in_their_language(self):
        self._run(DAY)
        # the officer reads Vietnamese: titles, labels and the days left
        vietnamese = self._mails_to(self.officer).body_html
        # "phong trào" written once, the campaign's own capitals kept
        self.assertIn("Đăng ký tham gia phong trào Chuyển đổi số 2024: còn 7 ngày (Xã Bình Yên)", vietnamese)
        self.assertIn("Mô hình, công trình, phần việc của Xã Bình Yên sắp đến hạn", vietnamese)
        self.assertIn("Hạn đăng ký", vietnamese)
        self.assertIn("Thời hạn hoàn thành", vietnamese)
        self.assertIn("còn 3 ngày", vietnamese)
        self.assertNotIn("day(s)", vietnamese)
        # the unit's mailbox reads English, rendered from the same reminders
        english = self._mails_to(self.unit_commune_b.partner_id).body_html
        self.assertIn("Register for Chuyển đổi số 2024: 7 day(s) left (Xã Bình Yên)", english)
        self.assertIn("Registration Deadline", english)
        self.assertIn("due in 3 day(s)", english)
        self.assertNotIn("còn 3 ngày", english)

    def test_a_second_run_with_something_new_keeps_one_todo(self):
        """A campaign launched later the same day and the reminders run again: one more mail with
        the new campaign only, and the day's to-do lists it too instead of a second to-do."""
        self._run(DAY)
        late = self.env["thidua.campaign"].create({
            "name": "Phong trào phát động chiều nay", "date_start": date(2024, 4, 1), "date_end": date(2024, 12, 31),
            "registration_deadline": DAY + timedelta(days=3), "unit_ids": [(6, 0, self.unit_commune_b.ids)],
            "user_id": self.user_appraiser.id, "content_ids": [(0, 0, {"name": "Nội dung"})],
        })
        late.with_user(self.user_appraiser).action_open()
        self._run(DAY)
        first, second = self._mails_to(self.officer)
        self.assertIn(late.name, second.body_html)
        self.assertNotIn(self.campaign.name, second.body_html)
        todo = self._todos(self.user_commune_b)
        self.assertEqual(len(todo), 1)
        self.assertIn(late.name, todo.note)
        self.assertIn(self.campaign.name, todo.note)
