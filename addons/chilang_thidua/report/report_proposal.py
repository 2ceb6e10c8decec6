from odoo import api, models

from .report_decision import count_phrase


class ReportProposal(models.AbstractModel):
    """The proposal (Tờ trình) to the grantor of a higher award, from the selected dossiers.

    One document per campaign and award form among the selected dossiers. The number and the date
    are left blank: the clerk gives them when the document is issued.
    """

    _name = "report.chilang_thidua.report_proposal"
    _description = "Award Proposal Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        dossiers = self.env["thidua.dossier"].browse(docids)
        groups = {}
        for dossier in dossiers:
            groups.setdefault((dossier.campaign_id, dossier.award_form_id), self.env["thidua.dossier"])
            groups[(dossier.campaign_id, dossier.award_form_id)] |= dossier
        return {
            "doc_ids": docids,
            "doc_model": "thidua.dossier",
            "docs": dossiers,
            "proposals": [self._proposal_values(campaign, form, group) for (campaign, form), group in groups.items()],
        }

    @api.model
    def _proposal_values(self, campaign, form, dossiers):
        fmt = self.env["thidua.document.mixin"]
        auth = fmt._doc_authority(campaign.issuing_unit_id)
        grantor = (form.grantor_title or "").strip()
        bases = ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"]
        if form.legal_basis:
            bases.append(form.legal_basis)
        plan = ""
        if campaign.document_number:
            plan = (f"Kế hoạch số {campaign.document_number} ngày {fmt._doc_date_short(campaign.date_issued)} "
                    f"của {auth['name']} về việc phát động {fmt._doc_campaign_phrase(campaign)}")
        signer_lines = fmt._doc_signer_lines(campaign.signer_title)
        if auth["collective"] and not any(line.startswith(("TM.", "KT.")) for line in signer_lines):
            signer_lines.insert(0, f"TM. {auth['collective']}")
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
            "number": fmt._doc_number(False, "TTr", auth["abbreviation"]),
            "date_line": fmt._doc_date_line(auth["place"], False),
            "doc_kind": "TỜ TRÌNH",
            "doc_subject": f"Về việc đề nghị tặng {form.name or ''}",
            "addressee": grantor,
            "bases": bases,
            "plan": plan,
            "area": auth["area"],
            "award_name": form.name or "",
            "counts": count_phrase(fmt, dossiers.mapped("subject_type")),
            "campaign_phrase": fmt._doc_campaign_phrase(campaign),
            "rows": rows,
            "recipients": ["Như trên", "Lưu: VT"],
            "signer_lines": signer_lines,
            "signer_name": campaign.signer_name or "",
        }
