from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..tools.input import clean_text, parse_id
from .portal_base import ROWS_PER_PAGE, ThiduaFormError, ThiduaPortalBase

RESULT_MAX_LENGTH = 10_000


class ThiduaResultPortal(ThiduaPortalBase, CustomerPortal):
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
        return self._thidua_redirect_to(report.access_url if report else "/my/thidua/results",
                                        error=error, success=success)

    def _thidua_result_run(self, report, method, success=None, post=None):
        """Run ``method`` on the report's page (see ``_thidua_run_on_page``); with ``post`` (the
        form was sent) a refusal shows the report again with what was typed."""
        page = None
        if post is not None:
            def page(error):
                return self._thidua_result_page(report, error=error, post=post)
        return self._thidua_run_on_page(method, report.access_url, page=page, success=success)

    @http.route(["/my/thidua/results", "/my/thidua/results/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_thidua_results(self, page=1, search=None, **kw):
        env = request.env
        Report = env["thidua.result.report"]
        if not Report.has_access("read"):
            raise NotFound()
        # an education office files for dozens of schools: a search on unit and campaign, and a pager
        search = self._thidua_search_term(search)
        like = self._thidua_like(search)
        domain = ["|", ("unit_id.name", "ilike", like), ("campaign_id.name", "ilike", like)] if search else []
        # registrations the user acts for (their units and those under them) with no report yet, in
        # running or ended campaigns: paged in SQL, an education office has hundreds
        to_report_domain = [
            ("campaign_id.state", "in", ("open", "closed")), ("state", "=", "accepted"),
            *env["thidua.unit"]._acted_for_domain("unit_id", below=True), ("result_report_ids", "=", False),
        ] + domain
        to_report = env["thidua.registration"].search(to_report_domain, limit=ROWS_PER_PAGE)
        values = self._prepare_portal_layout_values()
        values.update(self._thidua_list_values("/my/thidua/results", search, Report.search_count(domain), page,
                                               env._("Search in unit and campaign")))
        values.update({
            "page_name": "thidua_results",
            "reports": Report.search(domain, order="id desc", limit=ROWS_PER_PAGE,
                                     offset=values["pager"]["offset"]),
            "to_report": to_report,
            "to_report_more": max(0, env["thidua.registration"].search_count(to_report_domain) - ROWS_PER_PAGE)
            if len(to_report) == ROWS_PER_PAGE else 0,
            **self._thidua_flash(),
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
        return self._thidua_result_page(report, **self._thidua_flash())

    def _thidua_result_page(self, report, error=None, success=None, post=None):
        """The report's page; after a refused save, ``error`` and what was typed (``post``)."""
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "thidua_result",
            "report": report,
            "editable": report._transition_allowed("edit"),
            # sudo: portal officers have no ACL on ir.attachment; these are the files of a
            # report whose access was just checked
            "attachments": report.sudo().attachment_ids,
            "post": post or {},
            "success": success,
            **self._thidua_upload_values(),
            **self._thidua_form_error_values(error),
        })
        return request.render("chilang_thidua.portal_thidua_result", values)

    def _thidua_result_save(self, report, post):
        """Save what the report's form holds; every input is read and checked first: a refused
        one saves nothing, the others included."""
        env = request.env
        result_label = report.line_ids._fields["result"]._description_string(env)
        line_values, errors = {}, {}
        for line in report.line_ids:
            values = {"is_completed": bool(post.get(f"completed_{line.id}"))}
            try:
                with self._thidua_form_field(f"result_{line.id}"):
                    values["result"] = clean_text(env, post.get(f"result_{line.id}"), result_label,
                                                  max_length=RESULT_MAX_LENGTH, multiline=True) or False
                progress = self._thidua_parse_progress(post.get(f"progress_{line.id}"), f"progress_{line.id}")
                if progress is not None:
                    values["progress"] = progress
            except ThiduaFormError as error:
                errors.update(error.errors)
            line_values[line] = values
        summary = None
        if "summary" in post:
            # checked as the other texts (control characters, length) before the HTML field takes it
            try:
                with self._thidua_form_field("summary"):
                    summary = clean_text(env, post["summary"], report._fields["summary"]._description_string(env),
                                         max_length=RESULT_MAX_LENGTH, multiline=True) or False
            except ThiduaFormError as error:
                errors.update(error.errors)
        uploads = self._thidua_checked_uploads("attachments", errors)
        self._thidua_collect_errors(errors)
        for line, values in line_values.items():
            line.write(values)
        if "summary" in post:
            report.write({"summary": summary})
        if uploads:
            report._check_editable()
            self._thidua_attach(report, uploads)

    @http.route(["/my/thidua/result/<int:report_id>/save"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_thidua_result_save(self, report_id, **post):
        report = self._thidua_check_result(report_id)
        return self._thidua_result_run(report, lambda: self._thidua_result_save(report, post),
                                       success=request.env._("Result report saved."), post=post)

    @http.route(["/my/thidua/result/<int:report_id>/submit"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_thidua_result_submit(self, report_id, **post):
        """Submit; sent from the report's form (``thidua_form``), what it holds is saved first with
        the checks of Save, and a refusal brings the form back as typed."""
        report = self._thidua_check_result(report_id)
        if not post.get("thidua_form"):
            return self._thidua_result_run(report, report.action_submit,
                                           success=request.env._("Your result report has been submitted."))

        def save_and_submit():
            self._thidua_result_save(report, post)
            report.action_submit()

        return self._thidua_result_run(report, save_and_submit,
                                       success=request.env._("Your result report has been submitted."), post=post)
