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
        line = dossier.decision_line_ids.filtered(lambda ln: ln.decision_id.state == "signed")[:1]
        valid = dossier.state == "awarded" and bool(line) and bool(dossier.certificate_data)
        # what the signed decision fixed, never the current (editable) names of units or award forms
        data = dossier.certificate_data if isinstance(dossier.certificate_data, dict) else {}
        keys = ("award", "grantor", "nominee", "detail", "campaign", "decision_number", "decision_date", "signer")
        return {"found": True, "valid": valid, **{key: data.get(key, "") for key in keys}}
