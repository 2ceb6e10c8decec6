import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import unit_scope

# the addon's roles, as the user form offers them: one role a user, so that the appraiser who
# types a council's tally is never one of the council members who vote on it
THIDUA_ROLES = [
    ("user", "Unit Staff"),
    ("appraiser", "Appraiser (Home Affairs)"),
    ("council", "Council Member"),
    ("reporting", "Reporting (Read Only)"),
    ("manager", "Manager"),
]
ROLE_GROUPS = {role: f"chilang_thidua.group_{role}" for role, _label in THIDUA_ROLES}
# Vietnam's time zone: chatter and deadlines read in the office's hours
THIDUA_TZ = "Asia/Ho_Chi_Minh"


def _is_units_leaf(leaf):
    """``leaf`` is a condition on ``thidua_unit_ids`` itself (not a path through it)."""
    return isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "thidua_unit_ids"


class ResUsers(models.Model):
    _inherit = "res.users"

    thidua_unit_ids = fields.Many2many(
        "thidua.unit",
        "thidua_unit_officer_rel",
        "user_id",
        "unit_id",
        string="Emulation Units",
        help="Units this user acts for; their records are the user's to see and edit.",
    )
    thidua_role = fields.Selection(
        THIDUA_ROLES, string="Emulation Role", compute="_compute_thidua_role",
        inverse="_inverse_thidua_role", groups="base.group_erp_manager",
        help="The user's role in emulation and commendation. Unit Staff act for the units they are officers of; "
        "the Appraiser (Home Affairs) accepts registrations, appraises dossiers and types the council's tally; "
        "Council Members read dossiers and vote; Reporting reads everything but identity numbers and changes "
        "nothing (statistics, other systems); Managers configure and sign. An appraiser cannot also be a "
        "council member.",
    )

    thidua_portal_officer = fields.Boolean(
        string="Portal Unit Officer", compute="_compute_thidua_portal_officer",
        inverse="_inverse_thidua_portal_officer", groups="base.group_erp_manager",
        help="Imported officers: a portal user (works on the website's /my pages only) rather than an internal user.",
    )

    @api.depends("groups_id")
    def _compute_thidua_portal_officer(self):
        portal = self.env.ref("base.group_portal")
        for user in self:
            user.thidua_portal_officer = portal in user.groups_id

    def _inverse_thidua_portal_officer(self):
        portal = self.env.ref("base.group_portal")
        for user in self.filtered(lambda user: user.thidua_portal_officer and portal not in user.groups_id):
            user.write({"groups_id": [(6, 0, portal.ids)]})

    @api.model
    def get_import_templates(self):
        templates = super().get_import_templates()
        if self.env.user.has_group("chilang_thidua.group_manager"):
            templates = [*templates, {
                "label": self.env._("Import Template for Unit Officers (Emulation and Commendation)"),
                "template": "/chilang_thidua/static/xls/thidua_officer_import.xlsx",
            }]
        return templates

    @api.model
    def load(self, fields, data):
        """Odoo's import, with the officers' units written by code (or a name that names one unit
        only), several separated by commas; an officer created this way gets Vietnam's time zone."""
        if "thidua_unit_ids" not in fields:
            return super().load(fields, data)
        fields_list = list(fields)
        position = fields_list.index("thidua_unit_ids")
        fields_list[position] = "thidua_unit_ids/.id"
        add_tz = "tz" not in fields_list and "id" not in fields_list
        if add_tz:
            fields_list.append("tz")
        Unit = self.env["thidua.unit"]
        index = Unit._import_unit_index()
        label = self._fields["thidua_unit_ids"]._description_string(self.env)
        offset = 2 if self.env.context.get("import_file") else 1
        rows, refused = [], []
        for number, data_row in enumerate(data):
            row = list(data_row)
            ids = []
            for value in re.split(r"[,;\n]", row[position] or ""):
                unit_id, error = Unit._import_resolve_unit(value, label, index) if value.strip() else ("", None)
                if error:
                    refused.append({"type": "error", "record": number, "rows": {"from": number, "to": number},
                                    "message": self.env._("Line %(line)s: %(error)s", line=number + offset,
                                                          error=error)})
                elif unit_id:
                    ids.append(unit_id)
            row[position] = ",".join(ids)
            if add_tz:
                row.append(THIDUA_TZ)
            rows.append(row)
        if refused:
            return {"ids": False, "messages": refused, "nextrow": 0}
        return super().load(fields_list, rows)

    @api.depends("groups_id")
    def _compute_thidua_role(self):
        groups = {role: self.env.ref(xmlid) for role, xmlid in ROLE_GROUPS.items()}
        for user in self:
            user.thidua_role = next(
                (role for role in ("manager", "appraiser", "council", "reporting", "user")
                 if groups[role] in user.groups_id), False)

    def _inverse_thidua_role(self):
        groups = {role: self.env.ref(xmlid) for role, xmlid in ROLE_GROUPS.items()}
        for user in self:
            if user.thidua_role == user._thidua_role_from_groups(groups):
                continue
            role = user.thidua_role
            # two writes: Odoo drops a group added in the same write as a group it implies is removed
            user.write({"groups_id": [(3, group.id) for group in groups.values()]})
            if role:
                user.write({"groups_id": [(4, groups[role].id)]})
            if role and not user.share:
                user._thidua_set_defaults()

    def _thidua_role_from_groups(self, groups):
        return next((role for role in ("manager", "appraiser", "council", "reporting", "user")
                     if groups[role] in self.groups_id), False)

    def _thidua_set_defaults(self):
        """Vietnam's time zone and the addon as the home screen, where the user has neither: for the
        users given a role of the addon only (other apps' users are left as they are)."""
        home = self.env.ref("chilang_thidua.thidua_campaign_action", raise_if_not_found=False)
        for user in self:
            vals = {}
            if not user.tz:
                vals["tz"] = THIDUA_TZ
            if home and not user.action_id and not user.share:
                vals["action_id"] = home.id
            if vals:
                user.write(vals)

    @api.constrains("groups_id")
    def _check_thidua_separation(self):
        appraiser = self.env.ref("chilang_thidua.group_appraiser", raise_if_not_found=False)
        council = self.env.ref("chilang_thidua.group_council", raise_if_not_found=False)
        manager = self.env.ref("chilang_thidua.group_manager", raise_if_not_found=False)
        if not (appraiser and council and manager):
            return  # the groups are being installed
        for user in self:
            # a manager holds both by implication: the chair's office signs, it does not type tallies
            if appraiser in user.groups_id and council in user.groups_id and manager not in user.groups_id:
                raise ValidationError(self.env._(
                    "%(user)s cannot be both an appraiser and a council member: the appraiser types the "
                    "council's tally that the members vote on. Give them one role.", user=user.name,
                ))

    @api.model
    def _search(self, domain, *args, **kwargs):
        # only the searches on the officers' units are rewritten; every other search of users
        # (logins, mail, access checks) goes to Odoo as it came
        if not self.env.su and any(_is_units_leaf(leaf) for leaf in domain or ()):
            domain = [self._thidua_units_leaf(leaf) for leaf in domain]
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _thidua_units_leaf(self, leaf):
        """``(thidua_unit_ids, =/in/!=/not in, …)`` among the units the searcher may read: Odoo
        answers these from the relation table, without the units' rules, so any internal user
        could list the officers of every unit (of a sibling commune too) by its id."""
        if not _is_units_leaf(leaf):
            return leaf
        _name, operator, value = leaf
        if operator not in ("=", "!=", "in", "not in"):
            return leaf  # a name or a path: Odoo searches the units themselves, with their rules
        if value is False:
            # (…, "!=", False): has a unit; (…, "=", False): has none; among the readable units
            return ("thidua_unit_ids", "any" if operator in ("!=", "not in") else "not any", [])
        ids = list(value) if isinstance(value, (list, tuple)) else [value]
        return ("thidua_unit_ids", "any" if operator in ("=", "in") else "not any", [("id", "in", ids)])

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        if any(vals.get("thidua_unit_ids") for vals in vals_list):
            unit_scope.refresh(self.env, users.ids)
            self.env["thidua.unit"]._invalidate_scope()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "thidua_unit_ids" in vals:
            unit_scope.refresh(self.env, self.ids)
            self.env["thidua.unit"]._invalidate_scope()
        return result

    def unlink(self):
        ids = self.ids
        result = super().unlink()
        unit_scope.forget(self.env, user_ids=ids)
        return result

