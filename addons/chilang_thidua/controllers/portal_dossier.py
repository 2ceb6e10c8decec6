from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..tools.input import clean_text, parse_amount, parse_id
from .portal_base import ROWS_PER_PAGE, ThiduaFormError, ThiduaPortalBase

# Fields a unit officer fills in on the portal form.
DOSSIER_FORM_FIELDS = ("subject_type", "nominee_name", "job_title", "achievement", "achievement_report")
DOSSIER_BOOL_FIELDS = ("taxes_paid", "stable_worker_income")
# Records chosen in the new-dossier form
DOSSIER_NEW_ID_FIELDS = ("campaign_id", "unit_id", "award_form_id")


class ThiduaDossierPortal(ThiduaPortalBase, CustomerPortal):
    """Award dossiers on the portal (/my/thidua/dossiers): unit officers propose their nominees.

    Every read and write runs as the portal user, so the record rules (their units only) and
    the model's state checks (draft or returned only) apply; sudo is used only for attachments,
    which portal users cannot handle themselves, after the dossier's access check.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "thidua_dossier_count" in counters:
            Dossier = request.env["thidua.dossier"]
            values["thidua_dossier_count"] = Dossier.search_count([]) if Dossier.has_access("read") else 0
        return values

    def _thidua_dossier_get(self, dossier_id):
        try:
            return self._document_check_access("thidua.dossier", dossier_id).with_user(request.env.user)
        except (AccessError, MissingError):
            return None

    def _thidua_dossier_values(self, dossier=None, error=None, **values):
        """The form's values; after a refused save, ``error`` and ``post`` (what was typed)."""
        env = request.env
        subject_types = env["thidua.dossier"]._fields["subject_type"]._description_selection(env)
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "thidua_dossier",
            "dossier": dossier,
            "units": self._thidua_dossier_units(),
            "campaigns": self._thidua_dossier_campaigns(),
            "subject_types": subject_types,
            **self._thidua_upload_values(),
            **self._thidua_form_error_values(error),
            **values,
        }

    def _thidua_dossier_label(self, name):
        """The field's label as the user reads it on the form (Vietnamese for a vi_VN user)."""
        return request.env["thidua.dossier"]._fields[name]._description_string(request.env)

    def _thidua_dossier_choice_error(self, name):
        return ThiduaFormError(request.env._("Choose %(field)s from the list.", field=self._thidua_dossier_label(name)),
                               field=name)

    def _thidua_dossier_vals_from_post(self, post, new=False):
        """The dossier values of the form, checked before anything is written: the refusals of
        every input (a typing mistake, a forged value) are raised together as a ThiduaFormError."""
        env = request.env
        vals, errors = {}, {}
        for name in DOSSIER_FORM_FIELDS:
            if name in post:
                try:
                    vals[name] = self._thidua_dossier_form_value(name, post[name])
                except UserError as error:
                    errors[name] = error.args[0]
        if new and "nominee_name" not in post:
            errors["nominee_name"] = env._("%(field)s is required.", field=self._thidua_dossier_label("nominee_name"))
        for name in DOSSIER_BOOL_FIELDS:
            vals[name] = bool(post.get(name))
        if "annual_income" in post:
            label = self._thidua_dossier_label("annual_income")
            try:
                vals["annual_income"] = parse_amount(env, post["annual_income"], label)
            except UserError as error:
                errors["annual_income"] = error.args[0]
        if post.get("nominee_unit_id"):
            vals["nominee_unit_id"] = parse_id(post["nominee_unit_id"])
            if not vals["nominee_unit_id"]:
                errors["nominee_unit_id"] = self._thidua_dossier_choice_error("nominee_unit_id").args[0]
        if new:
            self._thidua_dossier_new_ids(post, vals, errors)
        self._thidua_collect_errors(errors)
        return vals

    def _thidua_dossier_read_form(self, post, new=False):
        """The dossier values and the checked uploads of the form; the refusals of both are
        raised together, so the officer corrects everything at once."""
        vals, uploads, errors = {}, [], {}
        try:
            vals = self._thidua_dossier_vals_from_post(post, new=new)
        except ThiduaFormError as error:
            errors.update(error.errors)
        uploads = self._thidua_checked_uploads("attachments", errors)
        self._thidua_collect_errors(errors)
        return vals, uploads

    def _thidua_dossier_form_value(self, name, value):
        """The value typed in input ``name`` (one of DOSSIER_FORM_FIELDS), checked."""
        env = request.env
        # plain-text fields: the model's own limits (its guard applies them again); the
        # achievement report is HTML, which the field's sanitizer cleans
        text_fields = env["thidua.dossier"]._text_fields
        if name in text_fields:
            max_length, multiline = text_fields[name]
            return clean_text(env, value, self._thidua_dossier_label(name), max_length=max_length,
                              multiline=multiline, required=name == "nominee_name") or False
        if name == "subject_type":
            selection = dict(env["thidua.dossier"]._fields["subject_type"]._description_selection(env))
            if value not in selection:
                raise self._thidua_dossier_choice_error(name)
        return value

    def _thidua_dossier_new_ids(self, post, vals, errors):
        """The campaign, unit and award form of a new dossier, among those the form offers: a
        dossier the model would refuse once created would already have drawn its reference."""
        offered = {"campaign_id": self._thidua_dossier_campaigns(), "unit_id": self._thidua_dossier_units()}
        for name in DOSSIER_NEW_ID_FIELDS:
            raw = (post.get(name) or "").strip()
            vals[name] = parse_id(raw) if raw else 0
            if vals[name] is None or (name in offered and vals[name] not in offered[name].ids):
                errors[name] = self._thidua_dossier_choice_error(name).args[0]
                vals[name] = 0
        campaign = request.env["thidua.campaign"].browse(vals["campaign_id"])
        if vals["award_form_id"] and vals["award_form_id"] not in campaign.award_form_ids.ids:
            errors["award_form_id"] = self._thidua_dossier_choice_error("award_form_id").args[0]
        if not vals["award_form_id"]:
            vals["award_form_id"] = campaign.award_form_ids[:1].id
            if campaign and not vals["award_form_id"] and "campaign_id" not in errors:
                errors["campaign_id"] = request.env._("The campaign %(campaign)s has no award form to propose.",
                                                      campaign=campaign._name_in_text())

    def _thidua_dossier_units(self):
        """The units a new dossier is proposed for: those the user acts for themselves."""
        Unit = request.env["thidua.unit"]
        return Unit.search(Unit._acted_for_domain())

    def _thidua_dossier_campaigns(self):
        """The campaigns a dossier is proposed to: those that have ended."""
        return request.env["thidua.campaign"].search([("state", "=", "closed")])

    def _thidua_dossier_attach(self, dossier, uploads):
        """Attach the checked files; the criteria on attached evidence are evaluated again."""
        if uploads:
            self._thidua_attach(dossier, uploads)
            dossier._evaluate_criteria()

    def _thidua_dossier_update_criteria(self, dossier, post):
        """Tick the judgement criteria as the officer does on the form."""
        for line in dossier.criterion_ids.filtered(lambda line: line.kind == "manual"):
            ticked = bool(post.get(f"criterion_{line.id}"))
            if line.is_met != ticked:
                line.is_met = ticked

    @http.route(["/my/thidua/dossiers", "/my/thidua/dossiers/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_thidua_dossiers(self, page=1, search=None, **kw):
        Dossier = request.env["thidua.dossier"]
        if not Dossier.has_access("read"):
            return request.redirect("/my")
        search = self._thidua_search_term(search)
        like = self._thidua_like(search)
        domain = ["|", ("nominee_name", "ilike", like), ("name", "ilike", like)] if search else []
        list_values = self._thidua_list_values("/my/thidua/dossiers", search, Dossier.search_count(domain), page,
                                               request.env._("Search in nominee and reference"))
        dossiers = Dossier.search(domain, order="id desc", limit=ROWS_PER_PAGE, offset=list_values["pager"]["offset"])
        values = self._thidua_dossier_values(dossiers=dossiers, page_name="thidua_dossiers", **list_values)
        return request.render("chilang_thidua.portal_my_thidua_dossiers", values)

    @http.route("/my/thidua/dossiers/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_thidua_dossier_new(self, **post):
        if request.httprequest.method == "GET":
            return request.render("chilang_thidua.portal_thidua_dossier_form", self._thidua_dossier_values())
        try:
            # everything typed is checked before the dossier is created: a refused form saves
            # nothing and draws no reference number (the sequence does not roll back)
            vals, uploads = self._thidua_dossier_read_form(post, new=True)
        except UserError as error:
            return request.render("chilang_thidua.portal_thidua_dossier_form",
                                  self._thidua_dossier_values(error=error, post=post))
        try:
            dossier = request.env["thidua.dossier"].create(vals)
            self._thidua_dossier_attach(dossier, uploads)
        except (UserError, ValueError) as error:
            request.env.cr.rollback()
            error = error if isinstance(error, UserError) else UserError(str(error))
            return request.render("chilang_thidua.portal_thidua_dossier_form",
                                  self._thidua_dossier_values(error=error, post=post))
        return request.redirect(f"/my/thidua/dossiers/{dossier.id}")

    @http.route("/my/thidua/dossiers/<int:dossier_id>", type="http", auth="user", website=True,
                methods=["GET", "POST"])
    def portal_thidua_dossier(self, dossier_id, **post):
        dossier = self._thidua_dossier_get(dossier_id)
        if dossier is None:
            return request.redirect("/my")
        error = None
        if request.httprequest.method == "POST":
            try:
                vals, uploads = self._thidua_dossier_read_form(post)
                dossier.write(vals)
                self._thidua_dossier_update_criteria(dossier, post)
                self._thidua_dossier_attach(dossier, uploads)
                if post.get("submit"):
                    dossier.action_submit()
                return request.redirect(f"/my/thidua/dossiers/{dossier.id}")
            except (UserError, ValueError) as error_raised:
                request.env.cr.rollback()
                error = error_raised if isinstance(error_raised, UserError) else UserError(str(error_raised))
        editable = dossier._transition_allowed("edit")
        values = self._thidua_dossier_values(
            dossier=dossier,
            error=error,
            # what was typed comes back in the form when the dossier could take it
            post=post if error and editable else {},
            # sudo: attachment names only, of a dossier whose read access was checked above
            attachments=dossier.sudo().attachment_ids,
            editable=editable,
        )
        values = self._get_page_view_values(dossier, None, values, "my_thidua_dossiers_history", False)
        return request.render("chilang_thidua.portal_thidua_dossier_form", values)
