"""Reminder rule "dossier waiting": award dossiers waiting longer than the processing time."""

from datetime import timedelta

from odoo import api, models


class ThiduaDossier(models.Model):
    _inherit = "thidua.dossier"

    @api.model
    def _thidua_reminders_due(self, today):
        """Dossiers waiting longer than the processing time: appraisers and council members.

        The processing time (``chilang_thidua.dossier_processing_days``, 20 working days, DOMAIN.md
        §5) runs from the submission of a complete dossier; working days are those of the office
        calendar (weekends and public holidays excluded). A submitted dossier waits for the
        appraisers, an appraised one for the council. One reminder per campaign and stage; each
        dossier is listed again only after the overdue interval.
        """
        Reminder = self.env["thidua.reminder"]
        limit = Reminder._days_setting("dossier_processing_days")
        interval = Reminder._days_setting("overdue_reminder_interval")
        # submitted fewer calendar days ago than the limit: certainly in time
        dossiers = self.search_fetch(
            [("state", "in", ("submitted", "appraised")), ("date_submitted", "!=", False),
             ("date_submitted", "<", today - timedelta(days=limit))],
            ["name", "nominee_name", "state", "date_submitted", "campaign_id", "unit_id"],
            order="date_submitted, id",
        )
        if dossiers:
            waited = Reminder._working_days_waited(dossiers, today)
            dossiers = dossiers.filtered(lambda dossier: waited[dossier] > limit)
        if not dossiers:
            return []
        recent = Reminder.search([("kind", "=", "dossier_waiting"), ("date", ">", today - timedelta(days=interval))])
        recently_listed = {dossier_id for reminder in recent for dossier_id in (reminder.target_ids or [])}
        groups = dossiers.filtered(lambda d: d.id not in recently_listed).grouped(lambda d: (d.campaign_id, d.state))
        keys = {group: Reminder._make_key("dossier_waiting", group[0], res_id=group[1], day=today) for group in groups}
        existing = Reminder._existing_keys(keys.values())
        vals_list = [
            Reminder._safe_vals(
                self._thidua_reminder_vals, campaign, stage, stage_dossiers, keys[campaign, stage], today
            )
            for (campaign, stage), stage_dossiers in groups.items()
            if keys[campaign, stage] not in existing
        ]
        return [vals for vals in vals_list if vals]

    @api.model
    def _thidua_reminder_vals(self, campaign, stage, dossiers, key, today):
        Reminder = self.env["thidua.reminder"]
        if stage == "submitted":
            users = Reminder._appraisers(campaign)
        else:
            users = Reminder._group_users("chilang_thidua.group_council")
        return Reminder._office_vals(self, "dossier_waiting", campaign, users, key, today, dossiers)

    @api.model
    def _thidua_reminder_title(self, campaign, unit, day, deadline, targets):
        # the stage the dossiers wait at: they all were at the same one when reminded
        if targets[:1].state == "appraised":
            return self.env._("%(count)s award dossier(s) of %(campaign)s waiting for the council too long",
                              count=len(targets), campaign=campaign._name_in_text())
        return self.env._("%(count)s award dossier(s) of %(campaign)s waiting for appraisal too long",
                          count=len(targets), campaign=campaign._name_in_text())
