from odoo import api, models

from ..tools import document_format as fmt


class ReportCouncilMinutes(models.AbstractModel):
    """Minutes (biên bản) of a council session: attendance, quorum, the votes and their result."""

    _name = "report.chilang_thidua.report_council_minutes"
    _description = "Council Minutes Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        return fmt.report_values(
            self.env["thidua.council.session"].browse(docids), "minutes", self._minutes_values
        )

    @api.model
    def _minutes_values(self, session):
        campaign = session.campaign_id
        auth = dict(fmt.authority(session._minutes_authority()))
        # the council issues its minutes under the body it belongs to
        auth["parent"] = fmt.governing_line(auth["name"])
        auth["lines"] = ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"]
        members = session.member_count or 0
        written = session.written_votes_count
        votes = []
        # a secret ballot still open has no tally to print: the counts appear when the chair closes
        sealed = session.vote_mode == "electronic" and session.state != "closed"
        for index, vote in enumerate(session.vote_ids.sorted(lambda v: (v.sequence, v.id)), start=1):
            if sealed:
                break
            votes.append({
                "index": index,
                "name": vote.dossier_id.nominee_name,
                "unit": vote.dossier_id.unit_id.name or "",
                "for": vote.votes_for,
                "written": vote.written_votes_for if written else 0,
                "against": vote.votes_against,
                "abstain": vote.votes_abstain,
                # the share that decides: of ALL members, written votes included where they count
                "share": fmt.percent(vote.votes_counted / members) if members else "",
                "result": "Đạt" if vote.passes else "Không đạt",
            })
        absent = session.member_ids - session.attendee_ids
        draft = session.state != "closed"
        approval = fmt.percent(session.approval_ratio)
        return {
            "auth": auth,
            "draft": draft,
            # a session closed before minutes were numbered keeps the blank
            "number": session.number or fmt.document_number(False, "BB", "HĐTĐKT"),
            "date_line": fmt.date_line(auth["place"], session.date),
            "date_text": fmt.date_text(session.date),
            "doc_kind": "BIÊN BẢN",
            "doc_subject": f"Họp Hội đồng Thi đua - Khen thưởng {auth['area']}".strip(),
            "area": auth["area"],
            "campaign_phrase": fmt.campaign_phrase(campaign),
            "members": fmt.count(members),
            "present": fmt.count(session.attendee_count),
            "attendance_needed": fmt.count(session.attendance_needed),
            "quorum": fmt.percent(session.quorum_ratio),
            "has_quorum": session.has_quorum,
            "votes_needed": fmt.count(session.votes_needed),
            # "trên 50%" (more than half) or "từ 80% … trở lên" (reaching the threshold is enough)
            "approval_rule": (f"từ {approval} tổng số thành viên Hội đồng trở lên" if session.approval_inclusive
                              else f"trên {approval} tổng số thành viên Hội đồng"),
            "written": written,
            "attendees": session.attendee_ids.mapped("name"),
            "absent": absent.mapped("name"),
            "votes": votes,
            "passed": sum(1 for vote in votes if vote["result"] == "Đạt"),
            "chair_name": session.council_id.chair_id.name or campaign.signer_name or "",
            "secretary_name": session.council_id.secretary_id.name or "",
            "council_decision": session.council_id.decision_number or "",
            "council_decision_date": fmt.date_text(session.council_id.decision_date)
            if session.council_id.decision_date else "",
            # how the votes were cast and who answered for the count (never who voted how)
            "electronic": session.vote_mode == "electronic",
            "sealed": sealed,
            # the abstentions column where there can be some: a secret ballot, or a tally that has them
            "show_abstain": session.vote_mode == "electronic" or any(vote["abstain"] for vote in votes),
            "voted": len(session.voter_ids.partner_id),
            "typed_by": ", ".join(session.tally_user_ids.mapped("name")),
            "confirmed_by": session.tally_confirmed_by_id.name or "",
            "closed_by": session.closed_by_id.name or "",
        }
