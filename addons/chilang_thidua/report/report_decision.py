from odoo import api, models

from ..tools import document_format as fmt
from ..tools import pdf_signing
from ..tools.document_format import without_doubled_campaign_kind

# Annex groups, in the order the decision lists them: collectives, individuals, households.
COLLECTIVE_TYPES = ("collective", "enterprise")
FAMILY_TYPES = ("family",)
ANNEX_GROUPS = [
    ("collective", "TẬP THỂ", "tập thể"),
    ("individual", "CÁ NHÂN", "cá nhân"),
    ("family", "HỘ GIA ĐÌNH", "hộ gia đình"),
]
ROMAN = ["I", "II", "III", "IV"]


def annex_group(subject_type):
    if subject_type in COLLECTIVE_TYPES:
        return "collective"
    if subject_type in FAMILY_TYPES:
        return "family"
    return "individual"


def annex_lines(decision):
    """The decision's lines in the order of its annex: by group (collectives, individuals,
    households), then by line order. The annex numbers them 1, 2, 3 … across the groups, and the
    row number is the awardee's number in the award book (Số sổ vàng on the certificate)."""
    lines = decision.line_ids.sorted(lambda line: (line.sequence, line.id))
    keys = [key for key, _title, _noun in ANNEX_GROUPS]
    return lines.sorted(lambda line: keys.index(annex_group(line.dossier_id.subject_type)))


def count_phrase(fmt, subject_types):
    """``02 tập thể và 03 cá nhân`` for a list of dossier subject types."""
    parts = []
    for key, _title, noun in ANNEX_GROUPS:
        count = sum(1 for subject_type in subject_types if annex_group(subject_type) == key)
        if count:
            parts.append(f"{fmt.count(count)} {noun}")
    return " và ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


class ReportDecision(models.AbstractModel):
    """The award decision (Quyết định khen thưởng) and its annex list, NĐ 30/2020 format."""

    _name = "report.chilang_thidua.report_decision"
    _description = "Award Decision Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        return fmt.report_values(
            self.env["thidua.decision"].browse(docids), "decisions", self._decision_values
        )

    @api.model
    def _annex_line_detail(self, line):
        """Second column of the annex: position and workplace, or the unit a collective belongs to."""
        dossier = line.dossier_id
        if dossier.job_title:
            return dossier.job_title
        unit = dossier.unit_id
        if unit and unit != dossier.nominee_unit_id and unit.name != dossier.nominee_name:
            return unit.name
        return ""

    @api.model
    def _sentence(self, text):
        text = (text or "").strip().rstrip(";")
        return text if not text or text.endswith(".") else text + "."

    @api.model
    def _decision_values(self, decision):
        auth = fmt.authority(decision.issuing_unit_id or decision.campaign_id.issuing_unit_id)
        # a number makes it final: signed, or prepared to be signed elsewhere (drafts have none);
        # the Chairman signs the final text before the clerk gives its number and date
        esign = pdf_signing.current_visible_signature()
        awaiting_number = bool(esign and esign.get("awaiting_number"))
        signed = decision.state == "signed" or (decision.state == "draft" and bool(decision.name)) or awaiting_number
        form = decision.award_form_id
        lines = annex_lines(decision)
        with_bonus = not decision._without_bonus()

        groups = []
        row_number = 0
        for key, title, noun in ANNEX_GROUPS:
            group_lines = lines.filtered(lambda line, key=key: annex_group(line.dossier_id.subject_type) == key)
            if not group_lines:
                continue
            amounts = set(group_lines.mapped("bonus_amount"))
            groups.append({
                "roman": ROMAN[len(groups)],
                "title": title,
                "noun": noun,
                "count": len(group_lines),
                "rows": [
                    {
                        "line": line,
                        "number": row_number + index,
                        "name": line.dossier_id.nominee_name,
                        "detail": self._annex_line_detail(line),
                        "amount": fmt.amount(line.bonus_amount, ""),
                    }
                    for index, line in enumerate(group_lines, start=1)
                ],
                # "mỗi cá nhân được thưởng 710.000 đồng" only when the group shares one amount
                "each_amount": fmt.amount(amounts.pop(), "đồng") if len(amounts) == 1 and with_bonus else "",
                "subtotal": fmt.amount(sum(group_lines.mapped("bonus_amount")), ""),
            })
            row_number += len(group_lines)
        awarded = count_phrase(fmt, lines.dossier_id.mapped("subject_type"))

        number = decision.name if signed and decision.name else fmt.document_number(False, "QĐ", auth["abbreviation"])
        date = decision.date_decision if signed and not awaiting_number else False
        grantor = fmt.grantor(form, auth["unit"])
        return {
            "auth": auth,
            # a title recognised without money: no amounts, no funding article (docs/law.md §2b)
            "with_bonus": with_bonus,
            "execution_article": 3 if decision.article_funding else 2,
            "draft": not signed,
            "mark_label": "ĐÃ HỦY" if decision.state == "cancelled" else "DỰ THẢO",
            "number": number,
            "date_line": fmt.date_line(auth["place"], date),
            "date_short": fmt.date_short(date) if date else "\u00a0" * 12,
            "doc_kind": "QUYẾT ĐỊNH",
            # a subject computed before campaign names were cleaned may read "phong trào Phong trào …"
            "doc_subject": without_doubled_campaign_kind(decision.subject),
            "grantor_upper": grantor.upper(),
            "grantor": grantor,
            "bases": decision._legal_basis_lines(),
            "proposal": (decision.proposal_text or "").strip().rstrip(".;"),
            # a form of commendation is awarded (Tặng Giấy khen), an emulation title recognised
            # (Công nhận danh hiệu Lao động tiên tiến)
            "verb": "Công nhận" if form.kind == "title" else "Tặng",
            "award_name": form._name_in_text(),
            "awarded": awarded,
            "campaign_phrase": fmt.campaign_phrase(decision.campaign_id),
            "groups": groups,
            "amount_total": fmt.amount(decision.amount_total, "đồng"),
            "amount_total_short": fmt.amount(decision.amount_total, ""),
            "amount_words": fmt.amount_words(decision.amount_total),
            "funding": self._sentence(decision.article_funding),
            # the last article ends the text with "./."
            "execution": self._sentence(decision.article_execution).rstrip("."),
            "recipients": fmt.text_lines(decision.recipients) or ["Như Điều 3", "Lưu: VT"],
            "signer_lines": fmt.signer_lines(decision.signer_title)
            + fmt.signer_lines(decision.signer_subtitle),
            "signer_name": decision.signer_name or "",
            # the visible signature, only in the rendering that is being signed (tools/pdf_signing.py)
            "esign": esign if signed else None,
        }
