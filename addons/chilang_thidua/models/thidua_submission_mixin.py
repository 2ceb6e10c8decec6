from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError, UserError

from .thidua_guard import MAIL_FIELD_PREFIXES


class ThiduaSubmissionMixin(models.AbstractModel):
    """What a unit submits and a reviewer accepts or returns: registrations, result reports, dossiers.

    One shape for all three: the unit's officers (role ``officer``: those who act for the unit,
    ``thidua.unit._is_acted_for_by``) edit the record while its table's ``edit`` transition allows
    it and submit it; reviewers accept or return it, and :meth:`action_return` without a reason
    opens the one return wizard (``thidua.return.wizard``). The workflow's own fields are
    declared once per model in ``_workflow_fields``.
    """

    _name = "thidua.submission.mixin"
    _inherit = ["thidua.workflow.mixin"]
    _description = "Emulation Submission Mixin"

    # written by anyone who may write the record (kanban colour) or checked by the lines themselves
    _free_fields = frozenset({"color"})

    # ------------------------------------------------------------------
    # Who acts
    # ------------------------------------------------------------------
    # Officers of a parent unit see their sub-units' records (record rules) but do not act for
    # them: each unit answers for its own submission, the aggregating unit for its review.
    _officer_below = False

    def _user_acts_for(self, unit, user=None):
        """True when ``user`` acts for ``unit`` (an officer of it, and it is active)."""
        # sudo: the scope table decides, whatever the user may read of the unit; a form's new
        # record holds its unit as a new record: the unit itself is asked
        return bool(unit) and unit.sudo()._origin._is_acted_for_by(user, below=self._officer_below)

    def _transition_roles(self):
        roles = super()._transition_roles()
        if self._user_acts_for(self.unit_id):
            roles.add("officer")
        return roles

    def _check_officer(self, unit=None):
        """Refuse unless the user is an officer of ``unit`` (default: each record's unit)."""
        if self.env.su:
            return
        for target in (unit,) if unit is not None else self.unit_id:
            if not self._user_acts_for(target):
                if not target.has_access("read"):
                    # a unit the user cannot read is not named: an id must not reveal a name
                    raise AccessError(self.env._("You do not act for this unit."))
                raise AccessError(self.env._("You do not act for the unit %(unit)s.", unit=target.display_name))

    def _check_editable(self):
        """The unit's officer, in a state its ``edit`` transition allows."""
        self._check_transition("edit")

    def _content_fields(self, vals):
        return {
            name for name in vals
            if not name.startswith(MAIL_FIELD_PREFIXES) and name not in self._free_fields
        }

    def _check_content_write(self, vals):
        """The table's ``edit`` transition: a unit's officer, in an editable state."""
        self._check_editable()

    def write(self, vals):
        if not self._workflow_unlocked() and self._content_fields(vals):
            # a forged workflow field is named as such, whoever sends it
            self._guard_check_fields(vals)
            self._check_content_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Return for correction
    # ------------------------------------------------------------------
    def action_return(self, reason=None):
        """Without a reason: the return wizard asks for one. With it: :meth:`_action_return`."""
        if reason is None:
            return self.env["thidua.return.wizard"]._open_for(self)
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for returning %(name)s.", name=self[:1].display_name))
        return self._action_return(reason)

    def _action_return(self, reason):
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def _notify_users(self, users, summary, body=None, todo=True):
        """Tell ``users``: a mail for everyone, a to-do activity for the internal ones.

        sudo: the acting officer (often a portal user) has no right to schedule activities for,
        or even read, the reviewers; the message is still authored by the acting user.
        """
        self.ensure_one()
        body = body or Markup("<p>%s</p>") % summary
        # sudo: see the docstring: notifying reviewers is not a right of the acting officer
        record = self.sudo()
        # sudo: the acting officer may not read the users notified
        users = users.sudo().filtered("active")
        record.message_post(
            body=body, subject=summary, partner_ids=users.partner_id.ids,
            author_id=self.env.user.partner_id.id, message_type="comment", subtype_xmlid="mail.mt_comment",
        )
        if todo:
            for user in users.filtered(lambda u: not u.share):
                record.activity_schedule("mail.mail_activity_data_todo", summary=summary, note=body, user_id=user.id)

    def _notify_unit(self, message, todo=False):
        """Tell the record's unit officers (portal users included)."""
        for record in self:
            # sudo: the unit is not readable by every reviewer
            record._notify_users(record.sudo().unit_id._officer_users(), message, todo=todo)

    def _close_activities(self):
        # sudo: the reviewer closes the to-dos addressed to other reviewers of the same step
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
