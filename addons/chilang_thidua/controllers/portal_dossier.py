import base64

from odoo import Command, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

# Fields a unit officer fills in on the portal form.
DOSSIER_FORM_FIELDS = ("subject_type", "nominee_name", "job_title", "achievement", "achievement_report")
DOSSIER_BOOL_FIELDS = ("taxes_paid", "stable_worker_income")
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

    def _thidua_dossier_vals_from_post(self, post):
        vals = {name: post[name] for name in DOSSIER_FORM_FIELDS if name in post}
        for name in DOSSIER_BOOL_FIELDS:
            vals[name] = bool(post.get(name))
        if post.get("annual_income"):
            try:
                vals["annual_income"] = float(post["annual_income"].replace(".", "").replace(",", "") or 0)
            except ValueError:
                raise UserError(request.env._("The annual income is an amount in VND, e.g. 85.000.000.")) from None
        if post.get("nominee_unit_id"):
            vals["nominee_unit_id"] = int(post["nominee_unit_id"])
        return vals

    def _thidua_dossier_attach(self, dossier, files):
        files = [upload for upload in files if upload and upload.filename]
        if not files:
            return
        dossier.check_access("write")
        # the limits and types set for evidence uploads (Settings: chilang_thidua.upload_*) apply here too
        contents = [upload.read() for upload in files]
        for upload, content in zip(files, contents, strict=True):
            request.env["thidua.registration.item"]._check_upload(upload.filename, content)
        # sudo: portal users have no rights on ir.attachment; the officer's write access to the
        # dossier was checked just above, and the files are attached to that dossier only.
        attachments = request.env["ir.attachment"].sudo().create([{
            "name": upload.filename,
            "datas": base64.b64encode(content),
            "res_model": "thidua.dossier",
            "res_id": dossier.id,
        } for upload, content in zip(files, contents, strict=True)])
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
    def portal_my_thidua_dossiers(self, page=1, **kw):
        Dossier = request.env["thidua.dossier"]
        if not Dossier.has_access("read"):
            return request.redirect("/my")
        count = Dossier.search_count([])
        pager = portal_pager(url="/my/thidua/dossiers", total=count, page=page, step=PAGE_SIZE)
        dossiers = Dossier.search([], order="id desc", limit=PAGE_SIZE, offset=pager["offset"])
        values = self._thidua_dossier_values(dossiers=dossiers, pager=pager, page_name="thidua_dossiers")
        return request.render("chilang_thidua.portal_my_thidua_dossiers", values)

    @http.route("/my/thidua/dossiers/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_thidua_dossier_new(self, **post):
        if request.httprequest.method == "GET":
            return request.render("chilang_thidua.portal_thidua_dossier_form", self._thidua_dossier_values())
        vals = self._thidua_dossier_vals_from_post(post)
        vals.update(campaign_id=int(post.get("campaign_id") or 0), unit_id=int(post.get("unit_id") or 0),
                    award_form_id=int(post.get("award_form_id") or 0))
        if not vals["award_form_id"] and vals["campaign_id"]:
            vals["award_form_id"] = request.env["thidua.campaign"].browse(vals["campaign_id"]).award_form_ids[:1].id
        try:
            dossier = request.env["thidua.dossier"].create(vals)
            self._thidua_dossier_attach(dossier, request.httprequest.files.getlist("attachments"))
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
                dossier.write(self._thidua_dossier_vals_from_post(post))
                self._thidua_dossier_update_criteria(dossier, post)
                self._thidua_dossier_attach(dossier, request.httprequest.files.getlist("attachments"))
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
