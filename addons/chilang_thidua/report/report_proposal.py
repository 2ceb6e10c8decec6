from odoo import api, fields, models

from ..models.thidua_award_form import LEVEL_ORDER
from ..tools import document_format as fmt
from .report_decision import count_phrase


class ReportProposal(models.AbstractModel):
    """The proposal (Tờ trình đề nghị khen thưởng) of the selected dossiers, written by the
    proposing body to the level above it. Who writes to whom comes from the data:

    - an award the campaign's issuing body grants, for dossiers of its own units (units without
      issuing-body data of their own): the body's appraising office proposes to the body's
      Chairman (Phòng Nội vụ → Chủ tịch UBND huyện; Phòng Văn hóa – Xã hội → Chủ tịch UBND xã);
    - the same award, for a unit under the campaign's body that is an issuing body itself (a
      commune's People's Committee under a district): that body proposes to the Chairman of the
      campaign's body;
    - a higher award (a dossier proposed higher, or a form of a level above the campaign's own
      awards): the body proposes to the award's grantor (UBND huyện → Chủ tịch UBND tỉnh).

    One document per campaign, award form and proposing body. The number and the date are left
    blank: the clerk gives them when the document is issued.
    """

    _name = "report.chilang_thidua.report_proposal"
    _description = "Award Proposal Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        dossiers = self.env["thidua.dossier"].browse(docids)
        groups = {}
        for dossier in dossiers:
            key = (dossier.campaign_id, dossier.award_form_id, self._proposing_body(dossier))
            groups[key] = groups.get(key, self.env["thidua.dossier"]) | dossier
        return {
            "doc_ids": docids,
            "doc_model": "thidua.dossier",
            "docs": dossiers,
            "proposals": [self._proposal_values(campaign, form, body, group)
                          for (campaign, form, body), group in groups.items()],
        }

    @api.model
    def _issuing_body(self, unit):
        """The unit itself, or its nearest ancestor, that carries issuing-body data."""
        return unit._get_document_authority() if unit else self.env["thidua.unit"]

    @api.model
    def _is_higher(self, dossier):
        """Granted above the campaign's body: proposed higher, or of a level above the campaign's
        own award forms (the lowest level among them)."""
        if dossier.origin_dossier_id:
            return True
        form, campaign = dossier.award_form_id, dossier.campaign_id
        levels = [LEVEL_ORDER.index(level) for level in campaign.award_form_ids.mapped("level") if level in LEVEL_ORDER]
        return bool(levels) and form.level in LEVEL_ORDER and LEVEL_ORDER.index(form.level) > min(levels)

    @api.model
    def _proposing_body(self, dossier):
        """The issuing body that writes the proposal of ``dossier`` (its office may sign it)."""
        body = self._issuing_body(dossier.unit_id)
        campaign_body = self._issuing_body(dossier.campaign_id.issuing_unit_id)
        if self._is_higher(dossier):
            return body or campaign_body
        # the campaign's body decides: a body under it proposes; its own dossiers (or those of
        # units outside its hierarchy) are proposed by its appraising office
        return body if self._is_below(body, campaign_body) else campaign_body

    @api.model
    def _is_below(self, body, other):
        """Is ``body`` a unit under ``other`` in the units' hierarchy (not ``other`` itself)?"""
        return bool(body and other and body != other and (body.parent_path or "").startswith(other.parent_path or "-"))

    @api.model
    def _office_authority(self, body_auth, office):
        """The header of the appraising office: the body above it, then the office's own name."""
        if office.authority_name:
            return fmt.authority(office)
        return dict(
            body_auth, unit=office, parent=fmt.governing_line(body_auth["name"]),
            lines=[" ".join(office.name.split()).upper()], collective="", name=office.name,
            abbreviation=office.doc_abbreviation or body_auth["abbreviation"],
        )

    @api.model
    def _minutes_reference(self, council_body, dossiers):
        """``Biên bản số 05/BB-HĐTĐKT ngày 25/11/2026``: the closed sessions of ``council_body``'s
        council that voted on the dossiers (or on those they were proposed higher from)."""
        voted = dossiers | dossiers.origin_dossier_id
        # sudo: the number and date of the minutes are printed whoever prints the proposal (unit
        # staff may not read council sessions)
        sessions = self.env["thidua.council.vote"].sudo().search([
            ("dossier_id", "in", voted.ids), ("session_id.state", "=", "closed"),
        ]).session_id.filtered(lambda session: session.number and session._minutes_authority() == council_body)
        return ", ".join(f"số {session.number} ngày {fmt.date_short(session.date)}"
                         for session in sessions.sorted(lambda session: (session.date, session.id)))

    @api.model
    def _proposal_values(self, campaign, form, body, dossiers):
        campaign_body = self._issuing_body(campaign.issuing_unit_id)
        campaign_auth = fmt.authority(campaign_body)
        # the body deciding the award: the campaign's for its own awards; a higher grantor is
        # named by the award form's data only
        decider = self.env["thidua.unit"] if any(map(self._is_higher, dossiers)) else campaign_body
        addressee = fmt.grantor(form, decider)
        # sudo: the appraising office is named on documents whoever prints them
        office = body.sudo().appraising_office_id if decider and body == decider else self.env["thidua.unit"]
        if office:
            auth = self._office_authority(fmt.authority(body), office)
            signer_lines = fmt.signer_lines(office.head_title or body.appraising_office_head)
            signer_name = office.head_name or ""
        else:
            auth = fmt.authority(body)
            own = body == campaign_body
            signer_lines = fmt.signer_lines(campaign.signer_title if own else body.head_title)
            signer_name = (campaign.signer_name if own else body.head_name) or ""
            if auth["collective"] and not any(line.startswith(("TM.", "KT.")) for line in signer_lines):
                signer_lines.insert(0, f"TM. {auth['collective']}")
        council_auth = fmt.authority(body)
        bases = ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"]
        if form.legal_basis:
            bases.append(form.legal_basis)
        # the legal documents in force today, as records where they exist (docs/law.md §12)
        today = fields.Date.context_today(self)
        documents = (self.env["thidua.legal.document"]._default_citations(today)
                     | self.env["thidua.award.coefficient"]._in_force(form, today).legal_document_id)
        bases = documents._basis_lines("\n".join(bases), today)
        plan = ""
        if campaign.document_number:
            plan = (f"Kế hoạch số {campaign.document_number} ngày {fmt.date_short(campaign.date_issued)} "
                    f"của {campaign_auth['name']} về việc phát động {fmt.campaign_phrase(campaign)}")
        rows = []
        for dossier in dossiers:
            rows.append({
                "name": dossier.nominee_name or "",
                "detail": dossier.job_title or ("" if dossier.is_collective else dossier.unit_id.name or ""),
                "achievement": " ".join((dossier.achievement or "").split()),
            })
        return {
            "campaign": campaign,
            "auth": auth,
            "draft": False,
            "number": fmt.document_number(False, "TTr", auth["abbreviation"]),
            "date_line": fmt.date_line(auth["place"], False),
            "doc_kind": "TỜ TRÌNH",
            "doc_subject": f"Về việc đề nghị tặng {form.name or ''}",
            "addressee": addressee,
            "bases": bases,
            "plan": plan,
            "area": council_auth["area"],
            "minutes": self._minutes_reference(body, dossiers),
            "award_name": form.name or "",
            "counts": count_phrase(fmt, dossiers.mapped("subject_type")),
            "campaign_phrase": fmt.campaign_phrase(campaign),
            "rows": rows,
            "recipients": ["Như trên", "Lưu: VT"],
            "signer_lines": signer_lines,
            "signer_name": signer_name,
        }
