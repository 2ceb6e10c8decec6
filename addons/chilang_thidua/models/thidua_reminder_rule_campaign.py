"""Reminder rule "registration missing": after the deadline, which units have not registered."""

from odoo import api, models

from .thidua_reminder import SUBMITTED_STATES


class ThiduaCampaign(models.Model):
    _inherit = "thidua.campaign"

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
