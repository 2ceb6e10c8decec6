"""Reminder rule "item deadline": registered models, works or tasks due soon or overdue."""

from datetime import timedelta

from odoo import api, models


class ThiduaRegistrationItem(models.Model):
    _inherit = "thidua.registration.item"

    @api.model
    def _thidua_reminders_due(self, today):
        """Units whose items are due in N days (N in the reminder days) or overdue, progress < 100.

        Overdue items are reminded the day after their date and then every overdue interval
        (``chilang_thidua.overdue_reminder_interval``, 7 days). One reminder per unit and day
        lists all its items concerned. Only the items of accepted registrations of running
        campaigns: progress is reported once Phòng Nội vụ has accepted the registration.
        """
        Reminder = self.env["thidua.reminder"]
        days = Reminder._get_reminder_days()
        interval = Reminder._days_setting("overdue_reminder_interval")
        items = self.search_fetch(
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
        Reminder._prefetch_recipients(items.unit_id)
        by_unit = items.grouped(lambda item: (item.campaign_id, item.unit_id))
        keys = {group: Reminder._make_key("item_deadline", group[0], group[1], day=today) for group in by_unit}
        existing = Reminder._existing_keys(keys.values())
        vals_list = [
            Reminder._safe_vals(self._thidua_reminder_vals, campaign, unit, unit_items, keys[campaign, unit], today)
            for (campaign, unit), unit_items in by_unit.items()
            if keys[campaign, unit] not in existing
        ]
        return [vals for vals in vals_list if vals]

    @api.model
    def _thidua_reminder_vals(self, campaign, unit, items, key, today):
        Reminder = self.env["thidua.reminder"]
        partners, users = Reminder._unit_recipients(unit, campaign)
        return Reminder._rule_vals(
            self, "item_deadline", campaign=campaign, key=key, today=today, partners=partners, users=users,
            targets=items, deadline=min(items.mapped("date_deadline")), unit=unit,
            res_model="thidua.registration", res_id=items[0].registration_id.id,
        )

    @api.model
    def _thidua_reminder_title(self, campaign, unit, day, deadline, targets):
        # the reminder's deadline is its earliest item's
        if deadline and deadline < day:
            return self.env._("Overdue models, works or tasks of %(unit)s", unit=unit.name)
        return self.env._("Models, works or tasks of %(unit)s due soon", unit=unit.name)
