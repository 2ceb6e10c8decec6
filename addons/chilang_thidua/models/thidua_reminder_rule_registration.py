"""Reminder rule "registration due": the registration deadline is near and the unit has not submitted."""

from datetime import timedelta

from odoo import api, models

from .thidua_reminder import SUBMITTED_STATES


class ThiduaRegistration(models.Model):
    _inherit = "thidua.registration"

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
