"""What the addon's portal pages share: lists (search and pager), checked uploads, form errors.

Registrations, dossiers and result reports are three ``CustomerPortal`` controllers; they all
mix this class in, so a list pages and searches the same way everywhere, a file goes through
one check and one attach path, and a refused form comes back the same way (HTTP 200, the
typed values in, the message next to the field, nothing saved).
"""

import base64
import unicodedata
from contextlib import contextmanager

from odoo import Command
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..tools.input import parse_int
from ..tools.upload import check_upload, upload_page_values

ROWS_PER_PAGE = 20
SEARCH_MAX_LENGTH = 100


class ThiduaFormError(UserError):
    """A refused form: a message and, when it is about inputs, ``errors``: {input name: message}."""

    def __init__(self, message, field=None, errors=None):
        super().__init__(message)
        self.errors = errors or ({field: message} if field else {})


class ThiduaPortalBase:
    """Helpers of the addon's portal controllers (a mixin: listed before ``CustomerPortal``)."""

    # ------------------------------------------------------------------
    # Lists
    # ------------------------------------------------------------------
    def _thidua_search_term(self, search):
        """The search as typed, bounded, without control characters (PostgreSQL refuses a NUL)
        and with its runs of spaces made one."""
        search = "".join(" " if unicodedata.category(char) in ("Cc", "Cf", "Cs") else char
                         for char in (search or "")[:SEARCH_MAX_LENGTH])
        return " ".join(search.split())

    def _thidua_like(self, search):
        """``search`` for an ``ilike`` domain: ``%`` and ``_`` are looked for, not wildcards."""
        return search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    def _thidua_list_values(self, url, search, total, page, label):
        """Pager and search bar of a portal list: 20 rows a page, the search kept by the pager.

        ``search`` is the term returned by ``_thidua_search_term``; ``label`` says what it
        searches in. The template calls ``portal.portal_searchbar`` and ``portal.portal_table``.
        """
        pager = portal_pager(url=url, url_args={"search": search, "search_in": "all"} if search else None,
                             total=total, page=page, step=ROWS_PER_PAGE)
        return {
            "pager": pager,
            "search": search,
            "search_in": "all",
            "searchbar_inputs": {"all": {"input": "all", "label": label}},
            "default_url": url,
        }

    # ------------------------------------------------------------------
    # Running what a page asks, and coming back to it
    # ------------------------------------------------------------------
    def _thidua_redirect_to(self, url, error=None, success=None):
        """Redirect to ``url``, which shows ``error`` or ``success`` once (``_thidua_flash``); the
        message travels in the session, not the URL, so nobody can forge one in a link."""
        request.session["thidua_flash"] = {"error": error, "success": success}
        return request.redirect(url)

    def _thidua_flash(self):
        return request.session.pop("thidua_flash", None) or {}

    def _thidua_run_on_page(self, method, url, page=None, success=None):
        """Run ``method`` as the user; show its refusal instead of a crash.

        With ``page`` (a form was sent: ``page(error)`` renders it again, the typed values in)
        a refusal comes back as that page; without (a button), the user is redirected to
        ``url`` with the message. Success redirects to ``url``.
        """
        try:
            method()
        except (UserError, ValidationError, AccessError) as error:
            request.env.cr.rollback()
            if page is not None:
                return page(error)
            return self._thidua_redirect_to(url, error=error.args[0])
        return self._thidua_redirect_to(url, success=success)

    # ------------------------------------------------------------------
    # Forms
    # ------------------------------------------------------------------
    @contextmanager
    def _thidua_form_field(self, name):
        """Tie a refusal raised while reading input ``name`` to that input."""
        try:
            yield
        except ThiduaFormError:
            raise
        except UserError as error:  # ValidationError and AccessError are UserErrors too
            raise ThiduaFormError(error.args[0] if error.args else "", field=name) from None

    def _thidua_collect_errors(self, errors):
        """Raise the messages of ``errors`` ({input name: message}) as one ThiduaFormError."""
        if errors:
            raise ThiduaFormError(next(iter(errors.values())), errors=errors)

    def _thidua_form_error_values(self, error):
        """The template values showing ``error`` (a refusal, a message or None) on its form.

        A message about an input goes next to it (``errors[name]``); the top of the form says that
        nothing was saved, with every message (each names its field), so none is missed on a
        long page or for an input the page does not show.
        """
        if not isinstance(error, Exception):
            return {"error": error, "errors": {}}
        errors = getattr(error, "errors", None)
        if errors:
            return {"error": request.env._("Nothing was saved:\n%(problems)s", problems="\n".join(errors.values())),
                    "errors": errors}
        return {"error": error.args[0] if error.args else str(error), "errors": {}}

    def _thidua_parse_progress(self, raw, field):
        """A progress percentage typed in input ``field``; empty gives None."""
        if raw in (None, ""):
            return None
        value = parse_int(raw)
        if value is None or not 0 <= value <= 100:
            raise ThiduaFormError(request.env._("Progress is a percentage from 0 to 100."), field=field)
        return value

    # ------------------------------------------------------------------
    # Uploads
    # ------------------------------------------------------------------
    def _thidua_checked_uploads(self, field, errors=None):
        """The files posted in input ``field`` as (clean name, content), each checked against the
        upload types and size of the settings before anything is saved. With ``errors`` (the form's
        other refusals), a refused file is added there and no file is returned, so that the form
        shows every refusal at once."""
        uploads = []
        try:
            for upload in request.httprequest.files.getlist(field):
                if upload and upload.filename:
                    content = upload.read()
                    with self._thidua_form_field(field):
                        uploads.append((check_upload(request.env, upload.filename, content), content))
        except ThiduaFormError as error:
            if errors is None:
                raise
            errors.update(error.errors)
            return []
        return uploads

    def _thidua_upload_values(self):
        """What a page's file inputs say of the upload policy (``upload_max_mb``, ``upload_accept``)."""
        return upload_page_values(request.env)

    def _thidua_attach(self, record, uploads):
        """Attach the files returned by ``_thidua_checked_uploads`` to ``record``'s attachments."""
        if not uploads:
            return
        record.check_access("write")
        # sudo: portal users have no rights on ir.attachment; the user's write access to the
        # record was checked just above, and the files are attached to that record only.
        attachments = request.env["ir.attachment"].sudo().create([{
            "name": filename,
            "datas": base64.b64encode(content),
            "res_model": record._name,
            "res_id": record.id,
        } for filename, content in uploads])
        # sudo: linking the files just created to the record whose write access was checked above
        record.sudo().attachment_ids = [Command.link(attachment.id) for attachment in attachments]
