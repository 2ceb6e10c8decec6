"""Legal documents cited as "Căn cứ" by plans and decisions, and the dates they are in force.

A law, decree or circular has an effective date and may end or be replaced (NĐ 98/2023 by
NĐ 152/2025 on 01/07/2025; docs/law.md §12): a document prints only the bases in force on its own
date, and the appraisers are told when something a running campaign or a draft decision cites
has ended or is about to.
"""

import re
import unicodedata
from datetime import date as Date
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import document_format as fmt

LEGAL_DOCUMENT_KINDS = [
    ("law", "Law"),
    ("resolution", "Resolution"),
    ("decree", "Decree"),
    ("decision", "Decision"),
    ("circular", "Circular"),
    ("directive", "Directive"),
    ("plan", "Plan"),
    ("other", "Other"),
]
# how the kind opens a citation on a Vietnamese document (legal wording, not translated)
KIND_CITATION = {
    "law": "Luật", "resolution": "Nghị quyết", "decree": "Nghị định", "decision": "Quyết định",
    "circular": "Thông tư", "directive": "Chỉ thị", "plan": "Kế hoạch", "other": "Văn bản",
}
CERTAINTY = [
    ("sure", "Sure"),
    ("likely", "Likely"),
    ("unsure", "Unsure"),
]
# days before a cited document ends when the appraisers are told
ENDING_NOTICE_DAYS = 60

_SPACES = re.compile(r"\s+")


def _normalized(text):
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip().rstrip(";.").strip().lower()


def _citation_head(text):
    """What a citation names before its date ("luật thi đua, khen thưởng"), if it has a date."""
    head, sep, _tail = _normalized(text).partition(" ngày ")
    return head if sep and " " in head else ""


class ThiduaLegalDocument(models.Model):
    _name = "thidua.legal.document"
    _description = "Legal Document"
    _order = "sequence, date_issued, id"
    _rec_name = "number"

    # legal texts, printed as they are on Vietnamese documents: not translated
    kind = fields.Selection(LEGAL_DOCUMENT_KINDS, required=True, default="decree")
    number = fields.Char(required=True, help="e.g. 152/2025/NĐ-CP; for a law, 06/2022/QH15.")
    date_issued = fields.Date()
    title = fields.Char(
        string="Subject", help="Trích yếu, e.g. 'quy định chi tiết thi hành một số điều của Luật Thi đua, khen "
        "thưởng'.",
    )
    issuing_body = fields.Char(string="Issued By", help="e.g. Chính phủ, Quốc hội, Bộ Nội vụ.")
    date_effective = fields.Date(string="In Force From", required=True)
    date_end = fields.Date(string="In Force Until", help="Last day in force. Empty: in force, no end known.")
    replaced_by_id = fields.Many2one("thidua.legal.document", ondelete="set null")
    citation = fields.Char(
        compute="_compute_citation", store=True, readonly=False, required=True, precompute=True,
        help="What the documents print after 'Căn cứ'. Filled from the kind, number, date, issuing body and "
        "subject; edit it when the usual wording differs (a law is cited by name and date).",
    )
    cite_by_default = fields.Boolean(
        string="Cited by Default",
        help="New plans and award decisions cite it while it is in force (e.g. the Law on Emulation and "
        "Commendation).",
    )
    sequence = fields.Integer(default=50, help="Order among the legal bases: laws first, then decrees, circulars …")
    certainty = fields.Selection(
        CERTAINTY, default="sure", required=True,
        help="How sure the dates and wording are: 'likely' and 'unsure' ones are to be checked against the "
        "official gazette.",
    )
    source = fields.Char(help="Where the dates and wording come from.")
    note = fields.Text()
    active = fields.Boolean(default=True)
    is_in_force = fields.Boolean(compute="_compute_is_in_force", search="_search_is_in_force",
                                 string="In Force Today")

    _sql_constraints = [
        ("number_kind_uniq", "unique(kind, number)", "This legal document is already recorded."),
    ]

    @api.depends("kind", "number", "date_issued", "issuing_body", "title")
    def _compute_citation(self):
        for document in self:
            parts = [KIND_CITATION.get(document.kind, ""), "số", document.number or ""]
            if document.date_issued:
                parts += ["ngày", f"{document.date_issued.day}/{document.date_issued.month}/"
                                  f"{document.date_issued.year}"]
            if document.issuing_body:
                parts += ["của", document.issuing_body]
            if document.title:
                parts.append(document.title)
            document.citation = " ".join(part for part in parts if part)

    @api.depends("date_effective", "date_end")
    def _compute_is_in_force(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.is_in_force = document._in_force_on(today)

    def _search_is_in_force(self, operator, value):
        today = fields.Date.context_today(self)
        domain = ["&", ("date_effective", "<=", today), "|", ("date_end", "=", False), ("date_end", ">=", today)]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", *domain]

    @api.constrains("date_effective", "date_end", "replaced_by_id")
    def _check_dates(self):
        for document in self:
            if document.date_end and document.date_effective and document.date_end < document.date_effective:
                raise ValidationError(self.env._("%(document)s cannot end before it comes into force.",
                                                 document=document.display_name))
            if document.replaced_by_id == document:
                raise ValidationError(self.env._("A legal document cannot replace itself."))

    @api.depends("kind", "number")
    def _compute_display_name(self):
        for document in self:
            document.display_name = " ".join(filter(None, [KIND_CITATION.get(document.kind), document.number]))

    def _in_force_on(self, date):
        self.ensure_one()
        date = fields.Date.to_date(date)
        # a new record has no date yet: in force on no date until it is given one
        return bool(date and self.date_effective) and self.date_effective <= date and (
            not self.date_end or date <= self.date_end)

    def _sorted_for_citation(self):
        return self.sorted(lambda d: (d.sequence, d.date_issued or d.date_effective or Date.min, d.id))

    @api.model
    def _default_citations(self, date):
        """The documents cited by default on ``date`` (the Law …)."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        return self.search([("cite_by_default", "=", True), ("date_effective", "<=", date),
                            "|", ("date_end", "=", False), ("date_end", ">=", date)])

    def _basis_lines(self, text, date):
        """The "Căn cứ" lines of a document dated ``date`` citing these records and ``text``.

        A line of the text that is one of the cited records (its citation, a line naming its number,
        or the same name before "ngày") keeps the text's wording if the record is in force on that
        date and is dropped if not; the records in force that no line names come first, in their
        order. A document without records prints its text as it was (the 2024 decisions).
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        documents = self._sorted_for_citation()

        def cited(line):
            key = _normalized(line)
            compact, head = key.replace(" ", ""), _citation_head(line)
            for document in documents:
                number = _normalized(document.number).replace(" ", "")
                if key == _normalized(document.citation) or (number and number in compact) or (
                        head and head == _citation_head(document.citation)):
                    return document
            return None

        named, text_lines = self.browse(), []
        for line in fmt.text_lines(text):
            document = cited(line)
            if document is None:
                text_lines.append(line)
            elif document._in_force_on(date):
                named |= document
                text_lines.append(line)
        records = [document.citation.strip().rstrip(";.") for document in documents - named
                   if document._in_force_on(date)]
        return records + text_lines

    def _warnings(self, date, today=None):
        """Plain sentences about these cited documents for a document dated ``date`` (empty: today):
        those not in force on that date, those ending within the notice period, those replaced."""
        today = today or fields.Date.context_today(self)
        date = fields.Date.to_date(date) or today
        soon = today + timedelta(days=ENDING_NOTICE_DAYS)
        messages = []
        for document in self._sorted_for_citation():
            successor = document.replaced_by_id
            if not document._in_force_on(date):
                if document.date_effective and document.date_effective > date:
                    messages.append(self.env._(
                        "%(document)s is not yet in force on %(date)s (from %(start)s).",
                        document=document.display_name, date=date.strftime("%d/%m/%Y"),
                        start=document.date_effective.strftime("%d/%m/%Y")))
                elif successor:
                    messages.append(self.env._(
                        "%(document)s is no longer in force on %(date)s (ended %(end)s): it is replaced by "
                        "%(successor)s.", document=document.display_name, date=date.strftime("%d/%m/%Y"),
                        end=document.date_end.strftime("%d/%m/%Y"), successor=successor.display_name))
                else:
                    messages.append(self.env._(
                        "%(document)s is no longer in force on %(date)s (ended %(end)s).",
                        document=document.display_name, date=date.strftime("%d/%m/%Y"),
                        end=document.date_end.strftime("%d/%m/%Y")))
            elif document.date_end and today <= document.date_end <= soon:
                messages.append(self.env._(
                    "%(document)s ends on %(end)s%(successor)s.", document=document.display_name,
                    end=document.date_end.strftime("%d/%m/%Y"),
                    successor=self.env._(": replaced by %(successor)s", successor=successor.display_name)
                    if successor else ""))
            elif successor:
                messages.append(self.env._("%(document)s is marked as replaced by %(successor)s.",
                                           document=document.display_name, successor=successor.display_name))
        return messages

    @api.model
    def _link_award_coefficients(self):
        """Link the bonus coefficients to the decree they name (by its citation or number), for those
        not linked yet: the decisions then cite the decree as a record."""
        # sudo: run at install and upgrade, over every coefficient and document, whoever runs it
        Coefficient = self.env["thidua.award.coefficient"].sudo()
        # sudo: same reason
        documents = self.sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
        for coefficient in Coefficient.search([("legal_document_id", "=", False)]):
            text = _normalized(coefficient.legal_basis).replace(" ", "")
            match = documents.filtered(lambda d, text=text: _normalized(d.citation).replace(" ", "") == text) or \
                documents.filtered(lambda d, text=text: _normalized(d.number).replace(" ", "") in text)
            if match:
                coefficient.legal_document_id = match[:1]
        return True

    # ------------------------------------------------------------------
    # Scheduled action: tell the appraisers about ended or ending citations
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_citations(self):
        """One to-do per running campaign or draft decision citing a document that has ended, ends
        within the notice period or is marked replaced, for its appraiser; none when the same to-do
        is still open. A fixed number of queries whatever the number of records."""
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=ENDING_NOTICE_DAYS)
        # sudo: the scheduled action reads every company's campaigns and decisions for Phòng Nội vụ
        Document = self.sudo().with_context(active_test=False)
        flagged = Document.search(["|", ("date_end", "<=", soon), ("replaced_by_id", "!=", False)])
        if not flagged:
            return True
        targets = [
            ("thidua.campaign", [("state", "in", ("draft", "open", "closed"))], "date_issued"),
            ("thidua.decision", [("state", "=", "draft")], "date_decision"),
        ]
        activity_type = self.env.ref("chilang_thidua.mail_activity_type_legal_basis")
        # sudo: the members of the appraisers' group, to whom the to-dos go
        appraisers = self.env.ref("chilang_thidua.group_appraiser").sudo().users.filtered(
            lambda user: user.active and not user.share)
        fallback = appraisers.sorted("id")[:1]
        values = []
        for model, domain, date_field in targets:
            # sudo: the scheduled action reads every company's campaigns and decisions
            records = self.env[model].sudo().search_fetch(
                domain + [("legal_document_ids", "in", flagged.ids)],
                ["legal_document_ids", date_field, "campaign_id" if model == "thidua.decision" else "user_id"])
            if not records:
                continue
            # one open to-do of this kind per record at a time: done, it comes back the next day if need be
            # sudo: the to-dos already open, whoever they are assigned to
            pending = set(self.env["mail.activity"].sudo().search_fetch(
                [("res_model", "=", model), ("res_id", "in", records.ids),
                 ("activity_type_id", "=", activity_type.id)], ["res_id"]).mapped("res_id"))
            model_id = self.env["ir.model"]._get_id(model)
            for record in records:
                if record.id in pending:
                    continue
                messages = record.legal_document_ids._warnings(record[date_field], today)
                if not messages:
                    continue
                note = Markup("").join(Markup("<p>%s</p>") % message for message in messages)
                responsible = record.campaign_id.user_id if model == "thidua.decision" else record.user_id
                user = responsible if responsible in appraisers else fallback
                if not user:
                    continue
                values.append({
                    "res_model_id": model_id, "res_id": record.id, "activity_type_id": activity_type.id,
                    "summary": activity_type.summary, "note": note, "user_id": user.id,
                    "date_deadline": today,
                })
        if values:
            # quick update: no mail per to-do (the daily digest and the activity list show them)
            # sudo: the scheduled action assigns the to-dos to the appraisers
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)
        return True
