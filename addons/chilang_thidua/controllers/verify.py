import hmac
import re

from odoo import http
from odoo.http import request

from ..tools import pdf_signing
from ..tools.settings import thidua_setting

# secrets.token_hex(20) gives 40 hex characters (160 random bits; no '-' for the PDF line to
# break on); anything else is refused before it reaches the database.
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{40}$")


class ThiduaVerify(http.Controller):
    """Public verification of a certificate from the QR code printed on it."""

    @http.route("/thidua/verify/<string:token>", type="http", auth="public", methods=["GET", "POST"],
                sitemap=False)
    def verify_certificate(self, token, document=None, **kwargs):
        dossier = self._find_dossier(token)
        if not dossier:
            # the same page for any wrong token: it tells nothing about what exists
            return request.render("chilang_thidua.verify_certificate_page", {"found": False}, status=404)
        values = self._verify_values(dossier)
        if request.httprequest.method == "POST":
            values["check"] = self._check_upload(values, document)
        return request.render("chilang_thidua.verify_certificate_page", values)

    def _max_upload_bytes(self):
        return max(1, int(thidua_setting(request.env, "verify_max_mb"))) * 1024 * 1024

    def _check_upload(self, values, document):
        """Is the uploaded file exactly a signed document of record, and are its signatures intact?"""
        limit = self._max_upload_bytes()
        length = request.httprequest.content_length or 0
        if length > limit + 65536:
            return {"error": f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB."}
        if not document or not hasattr(document, "read"):
            return {"error": "Chọn một tệp PDF để kiểm tra."}
        data = document.read(limit + 1)
        if len(data) > limit:
            return {"error": f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB."}
        if not data.startswith(b"%PDF"):
            return {"error": "Tệp tải lên không phải là tệp PDF."}
        digest = pdf_signing.sha256_hex(data)
        match = next((doc["label"] for doc in values["documents"] if hmac.compare_digest(doc["sha256"], digest)), "")
        signatures = pdf_signing.check_pdf(data, set(values["fingerprints"]))
        if isinstance(signatures, dict):
            # refused unexamined: validating hundreds of signature fields would hold the server
            what = "trường chữ ký số" if signatures["too_many"] == "fields" else "lần sửa đổi (bản cập nhật)"
            return {"error": f"Tệp có quá nhiều {what} (hơn {signatures['limit']}): trang tra cứu không kiểm tra "
                             "tệp như vậy. Bản gốc do cơ quan ban hành chỉ có một chữ ký số; hãy tải lên đúng tệp "
                             "đã nhận."}
        return {
            "error": "",
            "sha256": digest,
            "match": match,
            "signatures": signatures or [],
            "unreadable": signatures is None,
            "genuine": bool(match) and bool(signatures) and all(sig["intact"] for sig in signatures),
        }

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
        decision = line.decision_id
        documents = []
        if valid and decision.is_digitally_signed:
            if decision.signed_pdf_sha256:
                documents.append({"label": "Quyết định và danh sách kèm theo", "sha256": decision.signed_pdf_sha256})
            # signed elsewhere, the dossier's certificate of record is the decision's signed batch
            if dossier.certificate_pdf_sha256 and dossier.certificate_pdf_sha256 != decision.certificate_pdf_sha256:
                documents.append({"label": "Giấy khen này (tệp riêng)", "sha256": dossier.certificate_pdf_sha256})
            if decision.certificate_pdf_sha256:
                documents.append({"label": "Giấy khen của quyết định", "sha256": decision.certificate_pdf_sha256})
        return {
            "found": True, "valid": valid, **{key: data.get(key, "") for key in keys},
            "digitally_signed": bool(documents), "documents": documents,
            "signature_holder": decision.signature_holder or "" if documents else "",
            "signature_time": decision.signature_time or "" if documents else "",
            # the issuing body's certificate, and the agency's when the clerk signed after the Chairman
            "fingerprints": [fingerprint for fingerprint in (decision.signature_cert_sha256,
                                                             decision.agency_cert_sha256) if documents and fingerprint],
            "max_mb": self._max_upload_bytes() // (1024 * 1024),
        }
