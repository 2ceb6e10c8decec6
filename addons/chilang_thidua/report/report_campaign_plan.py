from odoo import api, models


class ReportCampaignPlan(models.AbstractModel):
    """The plan (Kế hoạch) that launches a campaign, in the format of NĐ 30/2020."""

    _name = "report.chilang_thidua.report_campaign_plan"
    _description = "Campaign Plan Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["thidua.document.mixin"]._doc_report_values(
            self.env["thidua.campaign"].browse(docids), "plans", self._plan_values
        )

    @api.model
    def _plan_values(self, campaign):
        fmt = self.env["thidua.document.mixin"]
        auth = fmt._doc_authority(campaign.issuing_unit_id)
        # "Phát động phong trào thi đua …": the campaign's name continues the sentence
        phrase = fmt._doc_campaign_phrase(campaign)
        signer_lines = fmt._doc_signer_lines(campaign.signer_title)
        if auth["collective"] and not any(line.startswith(("TM.", "KT.")) for line in signer_lines):
            # a plan is issued by the Committee as a body: "TM. ỦY BAN NHÂN DÂN" above the title
            signer_lines.insert(0, f"TM. {auth['collective']}")
        return {
            "auth": auth,
            "number": fmt._doc_number(campaign.document_number, "KH", auth["abbreviation"]),
            "date_line": fmt._doc_date_line(auth["place"], campaign.date_issued),
            "draft": campaign.state == "draft",
            "doc_kind": "KẾ HOẠCH",
            "doc_subject": f"Phát động {phrase}",
            "subject_sentence": phrase,
            "bases": campaign.legal_document_ids._basis_lines(campaign.legal_basis, campaign.date_issued),
            "contents": campaign.content_ids.sorted("sequence"),
            "units": campaign.unit_ids.sorted("name"),
            "award_forms": campaign.award_form_ids,
            "period": (fmt._doc_date_short(campaign.date_start), fmt._doc_date_short(campaign.date_end)),
            "deadline": fmt._doc_date_short(campaign.registration_deadline),
            "min_items": fmt._doc_count(campaign.min_items_per_unit),
            "recipients": fmt._doc_lines(campaign.doc_recipients) or ["Các cơ quan, đơn vị, địa phương", "Lưu: VT"],
            "signer_lines": signer_lines,
            "signer_name": campaign.signer_name or "",
        }
