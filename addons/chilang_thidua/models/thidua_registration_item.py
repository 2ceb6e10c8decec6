import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.audit import server_mail
from ..tools.upload import check_upload

ITEM_TYPES = [
    ("model", "Model"),
    ("work", "Work"),
    ("task", "Task"),
    ("title", "Emulation Title"),  # the yearly registration of a title (đăng ký danh hiệu thi đua)
]
# Reported during the campaign, whatever the registration's state (plan III: progress, results).
PROGRESS_FIELDS = {"progress", "result"}


class ThiduaRegistrationItem(models.Model):
    """A model (mô hình), work (công trình) or task (phần việc) a unit undertakes in a campaign.

    Its description is fixed once the registration is submitted; its progress, result and
    evidence are reported all along the campaign. Phòng Nội vụ marks the exemplary ones
    (điển hình tiên tiến), which the public page ``/thidua/dien-hinh`` publicises.
    """

    _name = "thidua.registration.item"
    _inherit = ["thidua.guard.mixin"]
    _description = "Registered Model, Work or Task"
    _guard_parent = "registration_id"
    _text_fields = {"name": (256, False), "description": (10000, True), "target": (10000, True),
                    "result": (10000, True)}
    _order = "registration_id, sequence, id"
    _check_company_auto = True

    registration_id = fields.Many2one(
        "thidua.registration", required=True, index=True, ondelete="cascade",
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True)
    item_type = fields.Selection(ITEM_TYPES, string="Kind", required=True, default="model")
    title_id = fields.Many2one(
        "thidua.award.form", string="Title Registered", domain="[('kind', '=', 'title')]", ondelete="restrict",
        help="For a title registration: the title the unit (or its people) aim for this year.",
    )
    content_id = fields.Many2one(
        "thidua.campaign.content", string="Content Area", ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
    )
    description = fields.Text()
    target = fields.Text(help="What the unit commits to achieve, measurable where possible.")
    date_deadline = fields.Date(string="Completion Date")
    progress = fields.Integer(default=0, help="Percentage done, from 0 to 100.")
    result = fields.Text(help="Results achieved so far, reported during and at the end of the campaign.")
    is_exemplary = fields.Boolean(
        string="Exemplary", copy=False,
        help="Marked by the appraisers as an exemplary model to publicise and replicate.",
    )
    campaign_id = fields.Many2one(related="registration_id.campaign_id", store=True, string="Campaign")
    unit_id = fields.Many2one(related="registration_id.unit_id", store=True, string="Unit")
    unit_type = fields.Selection(related="registration_id.unit_type", store=True)
    state = fields.Selection(related="registration_id.state", store=True, string="Registration Status")
    # whether the user may change the item's description: its registration's "edit" transition
    can_edit = fields.Boolean(related="registration_id.can_edit", string="Can Edit")
    company_id = fields.Many2one(related="registration_id.company_id", store=True)
    attachment_ids = fields.One2many(
        "ir.attachment", "res_id", string="Evidence",
        domain=[("res_model", "=", "thidua.registration.item")],
    )
    attachment_count = fields.Integer(compute="_compute_attachment_count", string="Evidence Files")

    _sql_constraints = [
        ("progress_range", "CHECK(progress >= 0 AND progress <= 100)", "Progress is a percentage from 0 to 100."),
    ]

    @api.depends("attachment_ids")
    def _compute_attachment_count(self):
        for item in self:
            item.attachment_count = len(item.attachment_ids)

    @api.constrains("progress")
    def _check_progress(self):
        for item in self:
            if not 0 <= item.progress <= 100:
                raise ValidationError(self.env._("Progress is a percentage from 0 to 100."))

    @api.constrains("item_type", "title_id")
    def _check_title(self):
        for item in self:
            if item.item_type == "title" and (not item.title_id or item.title_id.kind != "title"):
                raise ValidationError(self.env._("Choose the emulation title registered for %(item)s.", item=item.name))

    @api.constrains("content_id", "registration_id")
    def _check_content(self):
        for item in self:
            if item.content_id and item.content_id.campaign_id != item.registration_id.campaign_id:
                raise ValidationError(
                    self.env._(
                        "The content area %(content)s belongs to another campaign.", content=item.content_id.name
                    )
                )

    # ------------------------------------------------------------------
    # Guards: the registration's state decides what may change, and by whom
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        # checked on what was created: the registration may come from a default_registration_id key
        if not items._workflow_unlocked():
            if any(items.mapped("is_exemplary")):
                items.registration_id._check_transition("mark_exemplary")
            items.registration_id._check_editable()
        return items

    def write(self, vals):
        if not self.env.su:
            fields_set = set(vals) - {"sequence"}
            if "is_exemplary" in fields_set:
                self.registration_id._check_transition("mark_exemplary")
                fields_set.discard("is_exemplary")
            if fields_set - PROGRESS_FIELDS:
                self.registration_id._check_editable()
            elif fields_set:
                self._check_progress_open()
        if "registration_id" in vals and not self.env.su:
            # an item moved to another registration must land in one the user edits
            self.env["thidua.registration"].browse(vals["registration_id"])._check_editable()
        result = super().write(vals)
        if "is_exemplary" in vals:
            self._log_exemplary()
        return result

    def unlink(self):
        if not self.env.su:
            self.registration_id._check_editable()
        return super().unlink()

    def _check_progress_open(self):
        """Progress, results and evidence are reported by the unit's officers on accepted
        registrations while the campaign runs or closes (and freely in draft); a registration
        under review is frozen (the registration's ``progress`` transition)."""
        self.registration_id._check_transition("progress")
        for item in self:
            if item.campaign_id.state not in ("open", "closed"):
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s is over: progress can no longer be reported.",
                        campaign=item.campaign_id._name_in_text(),
                    )
                )

    def _log_exemplary(self):
        for item in self:
            if item.is_exemplary:
                message = self.env._("%(item)s was marked exemplary.", item=item.name)
            else:
                message = self.env._("%(item)s is no longer marked exemplary.", item=item.name)
            # the server's log line, not a comment of the user's (the audit trail keeps the two apart)
            with server_mail():
                item.registration_id.message_post(body=message)

    def action_mark_exemplary(self):
        self.write({"is_exemplary": True})
        return True

    def action_unmark_exemplary(self):
        self.write({"is_exemplary": False})
        return True

    # ------------------------------------------------------------------
    # Evidence
    # ------------------------------------------------------------------
    def _attach_evidence(self, filename, content):
        """Attach an evidence file (raw bytes) to this item after checking who and what.

        The caller's right is checked as for a progress update: an officer of the unit, on an
        accepted (or still draft) registration, while the campaign runs. The file must have an
        allowed extension and fit the size limit.
        """
        self.ensure_one()
        self.check_access("write")
        self._check_progress_open()
        filename = check_upload(self.env, filename, content)
        # sudo: portal officers have no ACL on ir.attachment; their right on the item was checked above
        attachment = self.env["ir.attachment"].sudo().create({
            "name": filename,
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
        })
        with server_mail():
            self.registration_id.message_post(
                body=self.env._("Evidence %(file)s added to %(item)s.", file=filename, item=self.name),
            )
        return attachment

    # ------------------------------------------------------------------
    # Reminder rule "item deadline" (run by thidua.reminder._collect_reminders)
    # ------------------------------------------------------------------
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
