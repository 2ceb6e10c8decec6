from odoo import http
from odoo.http import content_disposition, request

from ..tools import dossier_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DossierDocx(http.Controller):
    """The editable .docx of a dossier (achievement report, Tờ trình) for whoever may read it."""

    @http.route("/thidua/dossier/<int:dossier_id>/docx/<string:kind>", type="http", auth="user")
    def dossier_docx(self, dossier_id, kind):
        if kind not in ("achievement", "proposal"):
            raise request.not_found()
        dossier = request.env["thidua.dossier"].browse(dossier_id).exists()
        if not dossier:
            raise request.not_found()
        dossier.check_access("read")  # as the user: an AccessError is a 403
        if kind == "achievement":
            content = dossier_docx.achievement_report(dossier._docx_achievement_values())
            name = f"Bao cao thanh tich - {dossier.name}.docx"
        else:
            content = dossier_docx.proposal_letter(dossier._docx_proposal_values())
            name = f"To trinh - {dossier.name}.docx"
        return request.make_response(content, headers=[
            ("Content-Type", DOCX), ("Content-Disposition", content_disposition(name)),
        ])
