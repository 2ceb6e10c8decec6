import hmac
import re

from odoo import http
from odoo.http import request

# secrets.token_hex(20) gives 40 hex characters (160 random bits; no '-' for the PDF line to
# break on); anything else is refused before it reaches the database.
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{40}$")


class ThiduaVerify(http.Controller):
    """Public verification of a certificate from the QR code printed on it."""

    @http.route("/thidua/verify/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def verify_certificate(self, token, **kwargs):
        dossier = self._find_dossier(token)
        if not dossier:
            # the same page for any wrong token: it tells nothing about what exists
            return request.render("chilang_thidua.verify_certificate_page", {"found": False}, status=404)
        return request.render("chilang_thidua.verify_certificate_page", self._verify_values(dossier))

    def _find_dossier(self, token):
        if not token or not TOKEN_PATTERN.match(token):
            return None
        # sudo: the visitor is anonymous; the unguessable token printed on the certificate is the
        # proof of access, and only the public fields of _verify_values are shown.
        dossier = request.env["thidua.dossier"].sudo().search([("verify_token", "=", token)], limit=1)
        if not dossier or not hmac.compare_digest(dossier.verify_token or "", token):
            return None
        return dossier

    def _verify_values(self, dossier):
        fmt = request.env["thidua.document.mixin"]
        line = dossier.decision_line_ids.filtered(lambda ln: ln.decision_id.state == "signed")[:1]
        decision = line.decision_id
        valid = dossier.state == "awarded" and bool(decision)
        return {
            "found": True,
            "valid": valid,
            "award": dossier.award_form_id.name or "",
            "grantor": dossier.award_form_id.grantor_title or "",
            "nominee": dossier.nominee_name or "",
            "detail": dossier.job_title or dossier.unit_id.name or "",
            "campaign": dossier.campaign_id.name or "",
            "decision_number": decision.name or "",
            "decision_date": fmt._doc_date_short(decision.date_decision) if decision else "",
            "signer": " ".join(filter(None, [decision.signer_title, decision.signer_subtitle, decision.signer_name])),
        }
