import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.chilang_thidua.models.thidua_input import clean_text, parse_id, parse_int
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request


class ThiduaResultPortal(CustomerPortal):
    """Unit officers file their end-of-campaign result reports on /my/thidua/results.

    As on the registration pages, every page checks the record the Odoo way first
    (``_document_check_access``) and the changes run as the user, so the model's own checks
    (officer of the unit, editable state) decide.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "thidua_result_report_count" in counters:
            Report = request.env["thidua.result.report"]
            values["thidua_result_report_count"] = Report.search_count([]) if Report.has_access("read") else 0
        return values

    def _thidua_check_result(self, report_id):
        try:
            self._document_check_access("thidua.result.report", report_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.env["thidua.result.report"].browse(report_id)

    def _thidua_result_redirect(self, report=None, error=None, success=None):
        request.session["thidua_flash"] = {"error": error, "success": success}
        return request.redirect(report.access_url if report else "/my/thidua/results")

    def _thidua_result_run(self, report, method, success=None):
        try:
            method()
        except (UserError, ValidationError, AccessError) as error:
            request.env.cr.rollback()
            return self._thidua_result_redirect(report, error=error.args[0])
        return self._thidua_result_redirect(report, success=success)

    @http.route(["/my/thidua/results"], type="http", auth="user", website=True)
    def portal_my_thidua_results(self, **kw):
        env = request.env
        Report = env["thidua.result.report"]
        if not Report.has_access("read"):
            raise NotFound()
        reports = Report.search([])
        # registrations of the user's units with no report yet, in running or ended campaigns
        registrations = env["thidua.registration"].search([
            ("campaign_id.state", "in", ("open", "closed")), ("state", "=", "accepted"),
            ("unit_id", "child_of", env.user.thidua_unit_ids.ids),
        ])
        to_report = registrations.filtered(
            lambda r: r._user_acts_for(r.unit_id) and r.unit_id not in reports.filtered(
                lambda report, c=r.campaign_id: report.campaign_id == c).unit_id
        )
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "thidua_results",
            "reports": reports,
            "to_report": to_report,
            **(request.session.pop("thidua_flash", None) or {}),
        })
        return request.render("chilang_thidua.portal_my_thidua_results", values)

    @http.route(["/my/thidua/result/new"], type="http", auth="user", methods=["POST"], website=True)
    def portal_thidua_result_new(self, registration_id=None, **kw):
        env = request.env
        registration_id = parse_id(registration_id)
        if not registration_id:
            # the id comes from the page's button: anything else was not sent by it
            raise NotFound()
        try:
            registration = env["thidua.registration"].browse(registration_id)
            registration.check_access("read")
            report = env["thidua.result.report"].create({
                "campaign_id": registration.campaign_id.id, "unit_id": registration.unit_id.id,
            })
        except (UserError, ValidationError, AccessError, MissingError, ValueError) as error:
            env.cr.rollback()
            return self._thidua_result_redirect(error=error.args[0] if error.args else "")
        return self._thidua_result_redirect(report)

    @http.route(["/my/thidua/result/<int:report_id>"], type="http", auth="user", website=True)
    def portal_thidua_result(self, report_id, **kw):
        report = self._thidua_check_result(report_id)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "thidua_result",
            "report": report,
            "editable": report.state in ("draft", "returned"),
            # sudo: portal officers have no ACL on ir.attachment; these are the files of a
            # report whose access was just checked
            "attachments": report.sudo().attachment_ids,
            **(request.session.pop("thidua_flash", None) or {}),
        })
        return request.render("chilang_thidua.portal_thidua_result", values)

    @http.route(["/my/thidua/result/<int:report_id>/save"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_thidua_result_save(self, report_id, **post):
        report = self._thidua_check_result(report_id)
        files = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]

        def save():
            result_label = report.line_ids._fields["result"]._description_string(request.env)
            for line in report.line_ids:
                result = clean_text(request.env, post.get(f"result_{line.id}"), result_label,
                                    max_length=10_000, multiline=True)
                values = {"result": result or False, "is_completed": bool(post.get(f"completed_{line.id}"))}
                progress = post.get(f"progress_{line.id}")
                if progress not in (None, ""):
                    progress = parse_int(progress)
                    if progress is None:
                        raise UserError(request.env._("Progress is a percentage from 0 to 100."))
                    values["progress"] = max(0, min(100, progress))
                line.write(values)
            if "summary" in post:
                report.write({"summary": post["summary"]})
            if files:
                report._check_officer()
                report._check_editable()
                # the limits and types set for evidence uploads (chilang_thidua.upload_*) apply here
                # too; the files are stored under the clean names _check_upload returns
                Item = request.env["thidua.registration.item"]
                uploads = []
                for upload in files:
                    content = upload.read()
                    uploads.append((Item._check_upload(upload.filename, content), content))
                # sudo: portal officers have no ACL on ir.attachment; the officer's right on the
                # report was checked just above
                attachments = request.env["ir.attachment"].sudo().create([
                    {"name": filename, "datas": base64.b64encode(content),
                     "res_model": report._name, "res_id": report.id}
                    for filename, content in uploads
                ])
                # sudo: the files were just created for this report, whose officer was checked above
                report.sudo().write({"attachment_ids": [(4, attachment.id) for attachment in attachments]})

        return self._thidua_result_run(report, save, success=request.env._("Result report saved."))

    @http.route(["/my/thidua/result/<int:report_id>/submit"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_thidua_result_submit(self, report_id, **kw):
        report = self._thidua_check_result(report_id)
        return self._thidua_result_run(report, report.action_submit,
                                       success=request.env._("Your result report has been submitted."))
