import logging
import time
from datetime import date, timedelta

from odoo.tests import tagged

from .common import ThiduaCommon

_logger = logging.getLogger(__name__)

CAMPAIGNS = 5


@tagged("bench", "post_install", "-at_install")
class BenchReminder(ThiduaCommon):
    """The reminder cron over 100 then 1,000 units and 5 open campaigns: queries and seconds.

    Every unit has one officer (half portal: mail only, half internal: mail and activity) and
    takes part in the 5 campaigns, so a run sends 5 × N reminders. Run with ``make bench``.
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

    def _measure(self, size, deadline):
        campaigns = self._setup_size(size, deadline)
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        self.env["thidua.reminder"]._cron_send_reminders(today=deadline - timedelta(days=7))
        self.env.flush_all()
        seconds = time.perf_counter() - start
        queries = self.cr.sql_log_count - queries
        sent = self.env["thidua.reminder"].search_count([("campaign_id", "in", campaigns.ids)])
        self.assertEqual(sent, (size + 1) * CAMPAIGNS)  # the units and their parent
        mails = self.env["mail.mail"].search_count([("model", "=", "thidua.reminder")])
        activities = self.env["mail.activity"].search_count([("res_model", "=", "thidua.reminder")])
        _logger.info(
            "BENCH reminders: %s units x %s campaigns: %s reminders, %s queries, %.2f s "
            "(mails so far %s, activities so far %s)",
            size, CAMPAIGNS, sent, queries, seconds, mails, activities,
        )
        return queries, seconds

    def test_bench_reminders_100_to_1000_units(self):
        # the demo campaign's one-off "units missing" notice is sent first, out of the measure
        self.env["thidua.reminder"]._cron_send_reminders(today=date(2029, 1, 1))
        small = self._measure(100, date(2030, 6, 1))
        large = self._measure(1000, date(2030, 3, 1))
        query_ratio = large[0] / small[0]
        time_ratio = large[1] / small[1]
        _logger.info(
            "BENCH reminders: 100 -> 1000 units: queries %s -> %s (x%.2f), time %.2f s -> %.2f s (x%.2f)",
            small[0], large[0], query_ratio, small[1], large[1], time_ratio,
        )
        # Nothing is done per unit: the only growth is the ORM's own batching, which inserts 100
        # rows per INSERT (reminders, mails and their messages, activities): about 5 queries per
        # 100 reminders, i.e. far fewer than one query per 10 reminders.
        per_reminder = (large[0] - small[0]) / ((1000 - 100) * CAMPAIGNS)
        _logger.info("BENCH reminders: %.3f extra queries per extra reminder", per_reminder)
        self.assertLess(per_reminder, 0.1, "reminder queries grow with the number of units")
