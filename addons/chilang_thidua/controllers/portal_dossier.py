import base64

from odoo import Command, http
from odoo.addons.chilang_thidua.models.thidua_input import clean_text, parse_amount, parse_id
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

# Fields a unit officer fills in on the portal form.
DOSSIER_FORM_FIELDS = ("subject_type", "nominee_name", "job_title", "achievement", "achievement_report")
DOSSIER_BOOL_FIELDS = ("taxes_paid", "stable_worker_income")
# Plain-text fields: (most characters, several lines); the achievement report is HTML, which the
# field's sanitizer cleans.
DOSSIER_TEXT_FIELDS = {"nominee_name": (256, False), "job_title": (256, False), "achievement": (10_000, True)}
# Records chosen in the new-dossier form
DOSSIER_NEW_ID_FIELDS = ("campaign_id", "unit_id", "award_form_id")
PAGE_SIZE = 20


class ThiduaDossierPortal(CustomerPortal):
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
        env = request.env
        user_units = env.user.thidua_unit_ids
        campaigns = env["thidua.campaign"].search([("state", "=", "closed")])
        subject_types = env["thidua.dossier"]._fields["subject_type"]._description_selection(env)
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "thidua_dossier",
            "dossier": dossier,
            "units": user_units,
            "campaigns": campaigns,
            "subject_types": subject_types,
            "error": error,
            **values,
        }

    def _thidua_dossier_label(self, name):
        """The field's label as the user reads it on the form (Vietnamese for a vi_VN user)."""
        return request.env["thidua.dossier"]._fields[name]._description_string(request.env)

    def _thidua_dossier_choice_error(self, name):
        return UserError(request.env._("Choose %(field)s from the list.", field=self._thidua_dossier_label(name)))

    def _thidua_dossier_vals_from_post(self, post, new=False):
        """The dossier values of the form, checked: a typing mistake or a forged value raises a
        UserError (or ValidationError) with a plain message, before anything is written."""
        env = request.env
        vals = {}
        for name in DOSSIER_FORM_FIELDS:
            if name not in post:
                continue
            value = post[name]
            if name in DOSSIER_TEXT_FIELDS:
                max_length, multiline = DOSSIER_TEXT_FIELDS[name]
                value = clean_text(env, value, self._thidua_dossier_label(name), max_length=max_length,
                                   multiline=multiline, required=name == "nominee_name") or False
            elif name == "subject_type":
                selection = dict(env["thidua.dossier"]._fields["subject_type"]._description_selection(env))
                if value not in selection:
                    raise self._thidua_dossier_choice_error(name)
            vals[name] = value
        for name in DOSSIER_BOOL_FIELDS:
            vals[name] = bool(post.get(name))
        if "annual_income" in post:
            label = self._thidua_dossier_label("annual_income")
            vals["annual_income"] = parse_amount(env, post["annual_income"], label)
        if post.get("nominee_unit_id"):
            vals["nominee_unit_id"] = parse_id(post["nominee_unit_id"])
            if not vals["nominee_unit_id"]:
                raise self._thidua_dossier_choice_error("nominee_unit_id")
        for name in DOSSIER_NEW_ID_FIELDS if new else ():
            raw = (post.get(name) or "").strip()
            vals[name] = parse_id(raw) if raw else 0
            if vals[name] is None:
                raise self._thidua_dossier_choice_error(name)
        return vals

    def _thidua_dossier_uploads(self, files):
        """The files of the form as (clean name, content), checked against the limits and types
        set for evidence uploads (Settings: chilang_thidua.upload_*) before anything is saved."""
        Item = request.env["thidua.registration.item"]
        uploads = []
        for upload in files:
            if upload and upload.filename:
                content = upload.read()
                uploads.append((Item._check_upload(upload.filename, content), content))
        return uploads

    def _thidua_dossier_attach(self, dossier, uploads):
        """Attach the files returned by ``_thidua_dossier_uploads`` to ``dossier``."""
        if not uploads:
            return
        dossier.check_access("write")
        # sudo: portal users have no rights on ir.attachment; the officer's write access to the
        # dossier was checked just above, and the files are attached to that dossier only.
        attachments = request.env["ir.attachment"].sudo().create([{
            "name": filename,
            "datas": base64.b64encode(content),
            "res_model": "thidua.dossier",
            "res_id": dossier.id,
        } for filename, content in uploads])
        # sudo: linking the files just created to the dossier whose write access was checked above
        dossier.sudo().attachment_ids = [Command.link(attachment.id) for attachment in attachments]
        dossier._evaluate_criteria()

    def _thidua_dossier_update_criteria(self, dossier, post):
        """Tick the judgement criteria as the officer does on the form."""
        for line in dossier.criterion_ids.filtered(lambda line: line.kind == "manual"):
            ticked = bool(post.get(f"criterion_{line.id}"))
            if line.is_met != ticked:
                line.is_met = ticked

    @http.route(["/my/thidua/dossiers", "/my/thidua/dossiers/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_thidua_dossiers(self, page=1, search=None, search_in="all", **kw):
        Dossier = request.env["thidua.dossier"]
        if not Dossier.has_access("read"):
            return request.redirect("/my")
        search = " ".join((search or "")[:100].split())
        domain = ["|", ("nominee_name", "ilike", search), ("name", "ilike", search)] if search else []
        count = Dossier.search_count(domain)
        pager = portal_pager(url="/my/thidua/dossiers", url_args={"search": search, "search_in": "all"} if search
                             else None, total=count, page=page, step=PAGE_SIZE)
        dossiers = Dossier.search(domain, order="id desc", limit=PAGE_SIZE, offset=pager["offset"])
        values = self._thidua_dossier_values(
            dossiers=dossiers, pager=pager, page_name="thidua_dossiers", search=search, search_in="all",
            searchbar_inputs={"all": {"input": "all", "label": request.env._("Search in nominee and reference")}},
            default_url="/my/thidua/dossiers",
        )
        return request.render("chilang_thidua.portal_my_thidua_dossiers", values)

    @http.route("/my/thidua/dossiers/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_thidua_dossier_new(self, **post):
        if request.httprequest.method == "GET":
            return request.render("chilang_thidua.portal_thidua_dossier_form", self._thidua_dossier_values())
        try:
            # everything typed is checked before the dossier is created: a refused form saves
            # nothing and draws no reference number (the sequence does not roll back)
            vals = self._thidua_dossier_vals_from_post(post, new=True)
            uploads = self._thidua_dossier_uploads(request.httprequest.files.getlist("attachments"))
            if not vals["award_form_id"] and vals["campaign_id"]:
                campaign = request.env["thidua.campaign"].browse(vals["campaign_id"])
                vals["award_form_id"] = campaign.award_form_ids[:1].id
        except (AccessError, UserError) as error:
            values = self._thidua_dossier_values(error=error.args[0], post=post)
            return request.render("chilang_thidua.portal_thidua_dossier_form", values)
        try:
            dossier = request.env["thidua.dossier"].create(vals)
            self._thidua_dossier_attach(dossier, uploads)
        except (AccessError, UserError, ValidationError, ValueError) as error:
            request.env.cr.rollback()
            values = self._thidua_dossier_values(error=str(error), post=post)
            return request.render("chilang_thidua.portal_thidua_dossier_form", values)
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
                vals = self._thidua_dossier_vals_from_post(post)
                uploads = self._thidua_dossier_uploads(request.httprequest.files.getlist("attachments"))
                dossier.write(vals)
                self._thidua_dossier_update_criteria(dossier, post)
                self._thidua_dossier_attach(dossier, uploads)
                if post.get("submit"):
                    dossier.action_submit()
                return request.redirect(f"/my/thidua/dossiers/{dossier.id}")
            except (AccessError, UserError, ValidationError, ValueError) as error_raised:
                request.env.cr.rollback()
                error = str(error_raised)
        values = self._thidua_dossier_values(
            dossier=dossier,
            error=error,
            # sudo: attachment names only, of a dossier whose read access was checked above
            attachments=dossier.sudo().attachment_ids,
            editable=dossier.state in ("draft", "returned"),
        )
        values = self._get_page_view_values(dossier, None, values, "my_thidua_dossiers_history", False)
        return request.render("chilang_thidua.portal_thidua_dossier_form", values)
