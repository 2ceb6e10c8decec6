from odoo import api, models

from ..tools import document_format as fmt


class ReportCampaignPlan(models.AbstractModel):
    """The plan (Kế hoạch) that launches a campaign, in the format of NĐ 30/2020."""

    _name = "report.chilang_thidua.report_campaign_plan"
    _description = "Campaign Plan Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        return fmt.report_values(
            self.env["thidua.campaign"].browse(docids), "plans", self._plan_values
        )

    @api.model
    def _plan_values(self, campaign):
        auth = fmt.authority(campaign.issuing_unit_id)
        # "Phát động phong trào thi đua …": the campaign's name continues the sentence
        phrase = fmt.campaign_phrase(campaign)
        signer_lines = fmt.signer_lines(campaign.signer_title)
        if auth["collective"] and not any(line.startswith(("TM.", "KT.")) for line in signer_lines):
            # a plan is issued by the Committee as a body: "TM. ỦY BAN NHÂN DÂN" above the title
            signer_lines.insert(0, f"TM. {auth['collective']}")
        return {
            "auth": auth,
            "number": fmt.document_number(campaign.document_number, "KH", auth["abbreviation"]),
            "date_line": fmt.date_line(auth["place"], campaign.date_issued),
            "draft": campaign.state == "draft",
            "doc_kind": "KẾ HOẠCH",
            "doc_subject": f"Phát động {phrase}",
            "subject_sentence": phrase,
            "bases": campaign.legal_document_ids._basis_lines(campaign.legal_basis, campaign.date_issued),
            "contents": campaign.content_ids.sorted("sequence"),
            "units": campaign.unit_ids.sorted("name"),
            "award_forms": campaign.award_form_ids,
            "period": (fmt.date_short(campaign.date_start), fmt.date_short(campaign.date_end)),
            "deadline": fmt.date_short(campaign.registration_deadline),
            "min_items": fmt.count(campaign.min_items_per_unit),
            "recipients": fmt.text_lines(campaign.doc_recipients) or ["Các cơ quan, đơn vị, địa phương", "Lưu: VT"],
            "signer_lines": signer_lines,
            "signer_name": campaign.signer_name or "",
        }
