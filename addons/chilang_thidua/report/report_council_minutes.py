from odoo import api, models


class ReportCouncilMinutes(models.AbstractModel):
    """Minutes (biên bản) of a council session: attendance, quorum, the votes and their result."""

    _name = "report.chilang_thidua.report_council_minutes"
    _description = "Council Minutes Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["thidua.document.mixin"]._doc_report_values(
            self.env["thidua.council.session"].browse(docids), "minutes", self._minutes_values
        )

    @api.model
    def _minutes_values(self, session):
        fmt = self.env["thidua.document.mixin"]
        campaign = session.campaign_id
        auth = dict(fmt._doc_authority(campaign.issuing_unit_id))
        # the council issues its minutes under the body it belongs to
        auth["parent"] = " ".join(auth["lines"]).replace("ỦY BAN NHÂN DÂN", "UBND")
        auth["lines"] = ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
        members = session.member_count or 0
        votes = []
        for index, vote in enumerate(session.vote_ids.sorted(lambda v: (v.sequence, v.id)), start=1):
            share = (vote.votes_for * 100.0 / members) if members else 0.0
            votes.append({
                "index": index,
                "name": vote.dossier_id.nominee_name,
                "unit": vote.dossier_id.unit_id.name or "",
                "for": vote.votes_for,
                "against": vote.votes_against,
                "share": f"{share:.1f}".replace(".", ",") + "%",
                "result": "Đạt" if vote.passes else "Không đạt",
            })
        absent = session.member_ids - session.attendee_ids
        draft = session.state != "closed"
        return {
            "auth": auth,
            "draft": draft,
            "number": fmt._doc_number(False, "BB", "HĐTĐKT"),
            "date_line": fmt._doc_date_line(auth["place"], session.date),
            "date_text": fmt._doc_date_text(session.date),
            "doc_kind": "BIÊN BẢN",
            "doc_subject": f"Họp Hội đồng Thi đua - Khen thưởng {auth['area']}".strip(),
            "area": auth["area"],
            "campaign_phrase": fmt._doc_campaign_phrase(campaign),
            "members": fmt._doc_count(members),
            "present": fmt._doc_count(session.attendee_count),
            "attendance_needed": fmt._doc_count(session.attendance_needed),
            "has_quorum": session.has_quorum,
            "votes_needed": fmt._doc_count(session.votes_needed),
            "attendees": session.attendee_ids.mapped("name"),
            "absent": absent.mapped("name"),
            "votes": votes,
            "passed": sum(1 for vote in votes if vote["result"] == "Đạt"),
            "chair_name": campaign.signer_name or "",
        }
