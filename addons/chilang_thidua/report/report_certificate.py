import base64
import math

from odoo import api, models

from ..tools import document_format as fmt
from ..tools import pdf_signing
from .report_decision import COLLECTIVE_TYPES, annex_lines


def _svg_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(" ".join(svg.split()).encode()).decode()


def _star(outer, inner, cx=0.0, cy=0.0):
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi / 2 + index * math.pi / 5
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy - radius * math.sin(angle):.2f}")
    return " ".join(points)


# PLACEHOLDER for the state emblem (Quốc huy), which the repository does not carry: a neutral gold
# ring, red disc and yellow star, NOT the emblem. Replace it by the real artwork before issuing.
_EMBLEM_TICKS = "".join(
    f'<ellipse cx="0" cy="-88" rx="3.2" ry="7" fill="#f3d36b" transform="rotate({angle})"/>'
    for angle in range(0, 360, 12)
)
EMBLEM_PLACEHOLDER_SVG = f"""
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="-100 -100 200 200">
  <title>Placeholder - not the state emblem</title>
  <circle r="97" fill="#d9a520"/>
  {_EMBLEM_TICKS}
  <circle r="78" fill="#c8102e" stroke="#8c6a10" stroke-width="2"/>
  <polygon points="{_star(58, 23)}" fill="#ffd21f"/>
</svg>
"""
EMBLEM_PLACEHOLDER = _svg_uri(EMBLEM_PLACEHOLDER_SVG)


def _frame_corner(x, y, sx, sy):
    """A corner ornament at (x, y), its arms along +x*sx and +y*sy."""
    return f"""
<g transform="translate({x},{y}) scale({sx * 0.7},{sy * 0.7})">
  <path d="M0,22 L0,0 L22,0" fill="none" stroke="#9c1c1c" stroke-width="0.9"/>
  <path d="M3,16 Q3,3 16,3" fill="none" stroke="#c9a227" stroke-width="0.7"/>
  <polygon points="8,2.5 13.5,8 8,13.5 2.5,8" fill="#c9a227" stroke="#9c1c1c" stroke-width="0.4"/>
  <circle cx="8" cy="8" r="1.6" fill="#9c1c1c"/>
  <circle cx="19" cy="3.2" r="1" fill="#9c1c1c"/>
  <circle cx="3.2" cy="19" r="1" fill="#9c1c1c"/>
</g>"""


# The decorated border: red double rule, a gold chain band, a gold rule, ornaments in the corners.
# Drawn on the certificate's box (281 x 193 mm: A4 landscape within the 8 mm paper margins).
CERT_W, CERT_H = 281, 193
FRAME_SVG = f"""
<svg xmlns="http://www.w3.org/2000/svg" width="{CERT_W}mm" height="{CERT_H}mm" viewBox="0 0 {CERT_W} {CERT_H}">
  <rect x="0.9" y="0.9" width="{CERT_W - 1.8}" height="{CERT_H - 1.8}" fill="none" stroke="#9c1c1c"
        stroke-width="1.8"/>
  <rect x="3.2" y="3.2" width="{CERT_W - 6.4}" height="{CERT_H - 6.4}" fill="none" stroke="#9c1c1c"
        stroke-width="0.45"/>
  <rect x="5.6" y="5.6" width="{CERT_W - 11.2}" height="{CERT_H - 11.2}" fill="none" stroke="#c9a227"
        stroke-width="2.2" stroke-dasharray="2.2,1.3"/>
  <rect x="8.2" y="8.2" width="{CERT_W - 16.4}" height="{CERT_H - 16.4}" fill="none" stroke="#c9a227"
        stroke-width="0.5"/>
  {_frame_corner(10, 10, 1, 1)}{_frame_corner(CERT_W - 10, 10, -1, 1)}
  {_frame_corner(10, CERT_H - 10, 1, -1)}{_frame_corner(CERT_W - 10, CERT_H - 10, -1, -1)}
</svg>
"""
FRAME = _svg_uri(FRAME_SVG)


class ReportCertificate(models.AbstractModel):
    """The certificate (Giấy khen): one landscape page per dossier, any number of dossiers.

    Only an awarded dossier of a signed decision prints as final, with its decision number and
    the QR code of its public verification page (and, rendered to be signed before the issue, a
    dossier of the decision being signed); any other prints as a marked preview.
    """

    _name = "report.chilang_thidua.report_certificate"
    _description = "Award Certificate Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        dossiers = self.env["thidua.dossier"].browse(docids)
        base_url = dossiers[:1].get_base_url() if dossiers else ""
        annex_rows = {}
        return {
            "doc_ids": docids,
            "doc_model": "thidua.dossier",
            "docs": dossiers,
            "certificates": [self._certificate_values(dossier, base_url, annex_rows) for dossier in dossiers],
        }

    @api.model
    def _achievement_line(self, dossier, achievement=None):
        """``Đã có thành tích …``: the dossier's summary, or the campaign it was earned in."""
        text = " ".join((dossier.achievement if achievement is None else achievement or "").split()).rstrip(".")
        if not text:
            return f"Đã có thành tích xuất sắc trong {fmt.campaign_phrase(dossier.campaign_id)}."
        if text.lower().startswith("đã có thành tích"):
            return f"Đã{text[2:]}."
        return f"Đã có thành tích {text[:1].lower()}{text[1:]}."

    @api.model
    def _certificate_values(self, dossier, base_url, annex_rows=None):
        """``annex_rows``: a dict shared across a batch, each decision's annex rows sorted once
        (sorting them for every certificate made a batch quadratic: 1 s of 3 for 300)."""
        # rendered to be signed before the decision is issued (pdf_signing.issuing_decision): final,
        # its number and date left blank while the clerk has not given them (as the decision's own)
        issuing = pdf_signing.current_issuing_decision()
        signed_lines = dossier.decision_line_ids.filtered(lambda line: line.decision_id.state == "signed")
        issuing_lines = dossier.decision_line_ids.filtered(
            lambda line: issuing and line.decision_id.id == issuing[0] and line.decision_id.state == "draft")
        line = signed_lines[:1] or issuing_lines[:1] or dossier.decision_line_ids.filtered(
            lambda line: line.decision_id.state == "draft"
        )[:1]
        decision = line.decision_id
        final = bool(dossier.state == "awarded" and decision.state == "signed" and dossier.verify_token)
        awaiting_number = False
        if not final and line in issuing_lines:
            final = bool(dossier.state == "approved" and dossier.verify_token)
            awaiting_number = final and issuing[1]
        auth = fmt.authority(
            decision.issuing_unit_id or dossier.campaign_id.issuing_unit_id or dossier.unit_id
        )
        form = dossier.award_form_id
        date = decision.date_decision if final and not awaiting_number else False
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
            # the awardee's row (STT) in the decision's annex is its number in the award book
            annex_rows = {} if annex_rows is None else annex_rows
            if decision.id not in annex_rows:
                annex_rows[decision.id] = {
                    line_id: row for row, line_id in enumerate(annex_lines(decision).ids, start=1)
                }
            position = str(annex_rows[decision.id][line.id])
        verify_url = f"{base_url}/thidua/verify/{dossier.verify_token}" if final else ""
        return {
            "dossier": dossier,
            "final": final,
            "frame": FRAME,
            # no issuing-body field holds the emblem's artwork (yet): the marked placeholder
            "emblem": EMBLEM_PLACEHOLDER,
            "grantor": fmt.grantor(form, auth["unit"]).upper(),
            "title": (form.document_title or "GIẤY KHEN").upper(),
            "name": data.get("nominee", dossier.nominee_name or ""),
            "detail": detail,
            "achievement": self._achievement_line(dossier, data.get("achievement")),
            "decision_ref": (
                f"Quyết định số {decision.name} ngày {fmt.date_short(date)}" if final and not awaiting_number
                else "Quyết định số\u00a0" + fmt.document_number(False, "QĐ", auth["abbreviation"]) + " ngày"
            ),
            # the clerk's number and date are written in these places by the agency's signing
            "awaiting_number": awaiting_number,
            "place": auth["place"],
            "register_number": position,
            "date_line": fmt.date_line(auth["place"], date),
            "signer_lines": fmt.signer_lines(decision.signer_title or dossier.campaign_id.signer_title)
            + fmt.signer_lines(decision.signer_subtitle),
            "signer_name": decision.signer_name or dossier.campaign_id.signer_name or "",
            "verify_url": verify_url,
            "qr": fmt.qr_data_uri(self.env, verify_url) if final else "",
            # the visible signature, only in the rendering that is being signed (tools/pdf_signing.py)
            "esign": pdf_signing.current_visible_signature() if final else None,
        }
