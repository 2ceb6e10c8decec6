from odoo import api, models

from ..models import pdf_signing
from .report_decision import COLLECTIVE_TYPES


class ReportCertificate(models.AbstractModel):
    """The certificate (Giấy khen): one landscape page per dossier, any number of dossiers.

    Only an awarded dossier of a signed decision prints as final, with its decision number and
    the QR code of its public verification page; any other prints as a marked preview.
    """

    _name = "report.chilang_thidua.report_certificate"
    _description = "Award Certificate Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        dossiers = self.env["thidua.dossier"].browse(docids)
        base_url = dossiers[:1].get_base_url() if dossiers else ""
        return {
            "doc_ids": docids,
            "doc_model": "thidua.dossier",
            "docs": dossiers,
            "certificates": [self._certificate_values(dossier, base_url) for dossier in dossiers],
        }

    @api.model
    def _achievement_line(self, dossier, achievement=None):
        """``Đã có thành tích …``: the dossier's summary, or the campaign it was earned in."""
        fmt = self.env["thidua.document.mixin"]
        text = " ".join((dossier.achievement if achievement is None else achievement or "").split()).rstrip(".")
        if not text:
            return f"Đã có thành tích xuất sắc trong {fmt._doc_campaign_phrase(dossier.campaign_id)}."
        if text.lower().startswith("đã có thành tích"):
            return f"Đã{text[2:]}."
        return f"Đã có thành tích {text[:1].lower()}{text[1:]}."

    @api.model
    def _certificate_values(self, dossier, base_url):
        fmt = self.env["thidua.document.mixin"]
        signed_lines = dossier.decision_line_ids.filtered(lambda line: line.decision_id.state == "signed")
        line = signed_lines[:1] or dossier.decision_line_ids.filtered(
            lambda line: line.decision_id.state == "draft"
        )[:1]
        decision = line.decision_id
        final = bool(dossier.state == "awarded" and decision.state == "signed" and dossier.verify_token)
        auth = fmt._doc_authority(
            decision.issuing_unit_id or dossier.campaign_id.issuing_unit_id or dossier.unit_id
        )
        form = dossier.award_form_id
        date = decision.date_decision if final else False
        # a final certificate prints what the signed decision fixed (see dossier._certificate_snapshot)
        data = dossier.certificate_data if final and isinstance(dossier.certificate_data, dict) else {}
        job_title = data.get("job_title", dossier.job_title or "")
        if dossier.subject_type in COLLECTIVE_TYPES:
            # a collective is named by itself; a line under it only when the dossier gives one
            detail = job_title
        else:
            detail = job_title or data.get("unit", dossier.unit_id.name or "")
        position = ""
        if final:
            # the awardee's row in the decision's annex doubles as its number in the award book
            ordered = decision.line_ids.sorted(lambda ln: (ln.sequence, ln.id))
            position = fmt._doc_count(ordered.ids.index(line.id) + 1)
        verify_url = f"{base_url}/thidua/verify/{dossier.verify_token}" if final else ""
        return {
            "dossier": dossier,
            "final": final,
            "grantor": (form.grantor_title or "").upper(),
            "title": (form.document_title or "GIẤY KHEN").upper(),
            "name": data.get("nominee", dossier.nominee_name or ""),
            "detail": detail,
            "achievement": self._achievement_line(dossier, data.get("achievement")),
            "decision_ref": (
                f"Quyết định số {decision.name} ngày {fmt._doc_date_short(date)}" if final
                else "Quyết định số\u00a0" + fmt._doc_number(False, "QĐ", auth["abbreviation"]) + " ngày"
            ),
            "register_number": position,
            "date_line": fmt._doc_date_line(auth["place"], date),
            "signer_lines": fmt._doc_signer_lines(decision.signer_title or dossier.campaign_id.signer_title)
            + fmt._doc_signer_lines(decision.signer_subtitle),
            "signer_name": decision.signer_name or dossier.campaign_id.signer_name or "",
            "verify_url": verify_url,
            "qr": fmt._doc_qr_data_uri(verify_url) if final else "",
            # the visible signature, only in the rendering that is being signed (models/pdf_signing.py)
            "esign": pdf_signing.current_visible_signature() if final else None,
        }
