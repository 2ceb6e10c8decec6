import secrets
from datetime import timezone

from num2words import num2words

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..tools import document_format as fmt
from ..tools import pdf_signing, signers
from ..tools.document_format import campaign_name_in_text
from ..tools.pdf_pages import stamp_fonts
from ..tools.workflow import Transition
from .thidua_guard import is_unlocked, workflow_unlocked

CHAIRMAN_FIELD = "ChuKyNguoiCoThamQuyen"
# where the number and date go on a Chairman's file signed without their blank fields (points, A4
# portrait, page 1): top left, in the top margin above the body's name
LEGACY_NUMBER_BOX = (85, 790, 300, 822)

_lt = LazyTranslate(__name__)
_CANCEL_DENIED = _lt("Only the appraisers and managers can cancel a draft.")
_SIGN_DENIED = _lt("Only the Chairman's office (managers) can sign award decisions.")

DECISION_STATES = [
    ("draft", "Draft"),
    ("signed", "Signed"),
    ("cancelled", "Cancelled"),
]


def amount_in_vietnamese_words(amount):
    """2830000 → 'Hai triệu tám trăm ba mươi nghìn đồng' (the document's language, whatever the user's)."""
    words = num2words(round(amount or 0), lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"


class ThiduaDecision(models.Model):
    """An award decision (quyết định khen thưởng) of the Chairman.

    Built from the council-approved dossiers of one campaign and award form. Signing takes the
    next number of the issuing body's yearly sequence (gap-free: drafts have no number), marks
    the dossiers awarded and freezes the decision and its lines.
    """

    _name = "thidua.decision"
    _description = "Award Decision"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    # roles: ``appraiser`` prepares, ``manager`` (the Chairman's office) signs
    _transitions = {
        "load_dossiers": Transition(("draft",), ("any",), _lt("filled in")),
        # locked first: two managers signing the same decision at once cannot both number it
        "sign": Transition(("draft",), ("manager",), _lt("signed"),
                           denied=_SIGN_DENIED, lock=True),
        # signed elsewhere: the number and date fixed on the PDF to sign, then the signed file uploaded
        "prepare_signature": Transition(("draft",), ("manager",), _lt("prepared for signing"),
                                        denied=_SIGN_DENIED, lock=True),
        "upload_signed": Transition(("draft",), ("manager",), _lt("signed"), denied=_SIGN_DENIED, lock=True),
        # two signatures: the clerk (văn thư) numbers, dates and signs for the agency after the Chairman
        "issue": Transition(("draft",), ("clerk",), _lt("issued"),
                            denied=_lt("Only the clerk (văn thư) issues signed decisions."), lock=True),
        # the agency signs elsewhere: the clerk first draws the number and date the agency's tool writes
        "give_number": Transition(("draft",), ("clerk",), _lt("numbered"),
                                  denied=_lt("Only the clerk (văn thư) issues signed decisions."), lock=True),
        "cancel": Transition(("draft",), ("appraiser",), _lt("cancelled"), denied=_CANCEL_DENIED),
        "draft": Transition(("cancelled",), ("appraiser",), _lt("reset to draft"), denied=_CANCEL_DENIED),
    }
    _order = "date_decision desc, id desc"
    _check_company_auto = True
    # a signed decision is a document of record: nobody but the superuser changes or deletes it
    _frozen_states = ("signed",)
    # the signing's: number and its key, signer, time, the documents of record and their signature;
    # the currency is always the đồng
    _workflow_fields = frozenset({
        "name", "number_authority_id", "number_year", "signed_by_id", "date_signed", "is_digitally_signed",
        "signed_pdf_id", "signed_pdf_sha256", "certificate_pdf_id", "certificate_pdf_sha256", "signature_holder",
        "signature_cert_sha256", "signature_time", "currency_id",
        # signed elsewhere and the two signatures (tools/signers.py)
        "prepared_pdf_id", "prepared_pdf_sha256", "prepared_certificate_pdf_id", "prepared_certificate_pdf_sha256",
        "awaiting_issue", "issued_by_id", "agency_signature_holder",
        "agency_signature_time", "agency_cert_sha256",
    })
    _text_fields = {"signer_name": (128, False), "signer_title": (128, False), "signer_subtitle": (128, False),
                    "subject": (512, False)}

    name = fields.Char(string="Number", readonly=True, copy=False, tracking=True,
                       help="Given at signing, e.g. 125/QĐ-UBND.")
    date_decision = fields.Date(string="Decision Date", required=True, tracking=True,
                                default=fields.Date.context_today)
    campaign_id = fields.Many2one("thidua.campaign", required=True, tracking=True,
                                  check_company=True, index=True)
    award_form_id = fields.Many2one("thidua.award.form", required=True, tracking=True)
    issuing_unit_id = fields.Many2one(
        "thidua.unit", string="Issuing Body", required=True, tracking=True, check_company=True,
        compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
    )
    signer_name = fields.Char(string="Signer", tracking=True, compute="_compute_from_campaign", store=True,
                              readonly=False, precompute=True)
    signer_title = fields.Char(
        compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
        help="CHỦ TỊCH; for a deputy signing on the Chairman's behalf: KT. CHỦ TỊCH, with the "
        "deputy's own title in 'Signer's Own Title'.",
    )
    signer_subtitle = fields.Char(string="Signer's Own Title", help="e.g. PHÓ CHỦ TỊCH under KT. CHỦ TỊCH.")
    subject = fields.Char(
        compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
        help="The line under QUYẾT ĐỊNH: 'Về việc khen thưởng …'.",
    )
    legal_basis = fields.Text(
        string="Legal Bases", compute="_compute_legal_basis", store=True, readonly=False, precompute=True,
        help="One legal basis per line, without 'Căn cứ' and the final punctuation.",
    )
    proposal_text = fields.Char(
        string="Proposal Line", compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
        help="e.g. 'Xét đề nghị của Trưởng phòng Nội vụ'.",
    )
    article_funding = fields.Text(
        string="Article 2 (Funding)", compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
    )
    article_execution = fields.Text(
        string="Article 3 (Execution)", compute="_compute_from_campaign", store=True, readonly=False,
        precompute=True,
    )
    recipients = fields.Text(
        compute="_compute_from_campaign", store=True, readonly=False, precompute=True,
        help="Nơi nhận, one per line.",
    )
    line_ids = fields.One2many("thidua.decision.line", "decision_id", string="Awarded", copy=False)
    line_count = fields.Integer(compute="_compute_amount_total", store=True, string="Number Awarded")
    base_salary = fields.Monetary(
        compute="_compute_base_salary", currency_field="currency_id",
        help="Base salary in force on the decision date.",
    )
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True, currency_field="currency_id",
                                   string="Total Bonus", tracking=True)
    amount_total_words = fields.Char(compute="_compute_amount_total", store=True, string="Total in Words")
    state = fields.Selection(DECISION_STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_signed = fields.Datetime(string="Signed On", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency", readonly=True, default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    # the numbering's key, fixed at signing: a number is unique per issuing body and year
    number_authority_id = fields.Many2one("thidua.unit", string="Numbered By", readonly=True, copy=False)
    number_year = fields.Integer(string="Numbering Year", readonly=True, copy=False)
    # the document of record: the decision and its annex rendered once at signing and digitally
    # signed with the issuing body's certificate (none when the body has no certificate)
    is_digitally_signed = fields.Boolean(
        string="Digitally Signed", readonly=True, copy=False,
        help="The PDF of record carries the issuing body's digital signature.",
    )
    signed_pdf_id = fields.Many2one("ir.attachment", string="Signed PDF", readonly=True, copy=False)
    signed_pdf_sha256 = fields.Char(string="SHA-256 of the Signed PDF", readonly=True, copy=False)
    certificate_pdf_id = fields.Many2one("ir.attachment", string="Signed Certificates PDF", readonly=True,
                                         copy=False)
    certificate_pdf_sha256 = fields.Char(string="SHA-256 of the Signed Certificates", readonly=True, copy=False)
    signature_holder = fields.Char(string="Signed With", readonly=True, copy=False,
                                   help="Holder of the certificate the PDF was signed with.")
    signature_cert_sha256 = fields.Char(string="Certificate Fingerprint (SHA-256)", readonly=True, copy=False)
    signature_time = fields.Char(string="Signing Time", readonly=True, copy=False,
                                 help="As printed on the document and written in its signature (ISO 8601).")

    # the legal bases as records (docs/law.md §12): those cited by default and the award's decree in force
    # on the decision date; the text above keeps the rest (the campaign's plan)
    legal_document_ids = fields.Many2many(
        "thidua.legal.document", "thidua_decision_legal_document_rel", "decision_id", "document_id",
        string="Legal Documents Cited", compute="_compute_legal_document_ids", store=True, readonly=False,
        help="The decision prints those in force on its date, before the other legal bases.",
    )
    legal_warning = fields.Text(compute="_compute_legal_warning", string="Legal Bases to Check")
    # signed elsewhere (the issuing body's key never comes to the server): the PDF prepared with its
    # number and date, frozen until the signed file is uploaded back
    prepared_pdf_id = fields.Many2one("ir.attachment", string="PDF to Sign", readonly=True, copy=False)
    prepared_pdf_sha256 = fields.Char(string="SHA-256 of the PDF to Sign", readonly=True, copy=False)
    signs_elsewhere = fields.Boolean(compute="_compute_signs_elsewhere")
    # the certificates (Giấy khen) follow the decision's path: prepared with it to be signed elsewhere,
    # or signed by the Chairman with it before the clerk's agency signature (each one alone: on its line)
    prepared_certificate_pdf_id = fields.Many2one("ir.attachment", string="Certificates to Sign", readonly=True,
                                                  copy=False)
    prepared_certificate_pdf_sha256 = fields.Char(string="SHA-256 of the Certificates to Sign", readonly=True,
                                                  copy=False)
    # two signatures (NĐ 30/2020 Art. 32): the Chairman's on the PDF without number (kept in
    # prepared_pdf_id), then the clerk's number, date and agency signature (action_issue)
    awaiting_issue = fields.Boolean(string="Awaiting the Clerk", readonly=True, copy=False,
                                    help="Signed by the Chairman; the clerk gives the number and date and applies "
                                    "the agency's signature.")
    issued_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    agency_signature_holder = fields.Char(string="Agency Signature", readonly=True, copy=False)
    agency_signature_time = fields.Char(string="Agency Signing Time", readonly=True, copy=False)
    agency_cert_sha256 = fields.Char(string="Agency Certificate Fingerprint (SHA-256)", readonly=True, copy=False)
    # read from the stored file when the form shows it (RFC 3161 timestamps, see tools/settings.py)
    signature_timestamps = fields.Text(
        string="Timestamps", compute="_compute_signature_timestamps",
        help="The time a timestamp authority vouches each signature existed at, and the authority.",
    )
    agency_signs_elsewhere = fields.Boolean(compute="_compute_signs_elsewhere")

    _sql_constraints = [
        ("number_uniq", "unique(name, number_authority_id, number_year)",
         "A decision number is given once per issuing body and year."),
    ]

    # ------------------------------------------------------------------
    # Defaults taken from the campaign (editable while draft)
    # ------------------------------------------------------------------
    @api.depends("campaign_id", "award_form_id")
    def _compute_from_campaign(self):
        # The texts belong to an administrative document, which is always in Vietnamese,
        # whatever the language of the user who creates it.
        doc_env = self.with_context(lang="vi_VN").env
        for decision in self:
            campaign = decision.campaign_id
            if not campaign:
                continue
            authority = campaign.issuing_unit_id._get_document_authority() if campaign.issuing_unit_id else False
            decision.issuing_unit_id = authority or decision.issuing_unit_id
            decision.signer_name = campaign.signer_name
            decision.signer_title = campaign.signer_title
            form = decision.award_form_id
            # the Vietnamese writes the name after "phong trào": never "phong trào Phong trào …"
            name_in_text = campaign_name_in_text(campaign.name)
            if form.kind == "title":
                decision.subject = doc_env._("On recognising %(award)s in %(campaign)s",
                                             award=form._name_in_text(), campaign=name_in_text)
            else:
                decision.subject = doc_env._(
                    "On awarding %(award)s to collectives and individuals with outstanding achievements in "
                    "%(campaign)s", award=form.name or "", campaign=name_in_text,
                )
            # the appraising office is the issuing body's (Phòng Nội vụ, Phòng Văn hóa – Xã hội, Sở Nội vụ …)
            body = authority or campaign.issuing_unit_id
            _office, head, office = body.with_env(doc_env)._appraising_office() if body else ("", "", "")
            decision.proposal_text = doc_env._("At the proposal of %(head)s", head=head)
            # a title without money has no funding article: the execution article is then Article 2
            without_bonus = decision._without_bonus()
            decision.article_funding = False if without_bonus else doc_env._(
                "The bonus money is paid from the emulation and commendation fund, as the law provides."
            )
            decision.article_execution = doc_env._(
                "The Chief of Office, %(head)s, the heads of the units concerned and the collectives and "
                "individuals named in Article 1 carry out this Decision.", head=head,
            )
            decision.recipients = doc_env._("As in Article 2\nFiled: Archives, %(office)s", office=office) \
                if without_bonus else doc_env._("As in Article 3\nFiled: Archives, %(office)s", office=office)

    @api.depends("campaign_id", "award_form_id", "date_decision")
    def _compute_legal_basis(self):
        """The Law, the decree in force on the decision date for this award, and the campaign's plan."""
        doc_env = self.with_context(lang="vi_VN").env
        Coefficient = self.env["thidua.award.coefficient"]
        for decision in self:
            campaign = decision.campaign_id
            if not campaign:
                continue
            bases = [doc_env._("Law on Emulation and Commendation of 15 June 2022")]
            regime = (Coefficient._in_force(decision.award_form_id, decision.date_decision)
                      if decision.award_form_id and decision.date_decision else Coefficient)
            if regime.legal_basis:
                bases.append(regime.legal_basis)
            if campaign.document_number:
                authority = campaign.issuing_unit_id._get_document_authority() if campaign.issuing_unit_id else False
                bases.append(doc_env._(
                    "Plan No. %(number)s of %(date)s of %(authority)s",
                    number=campaign.document_number,
                    date=campaign.date_issued and campaign.date_issued.strftime("%d/%m/%Y") or "",
                    authority=authority and authority.authority_name or "",
                ).replace("  ", " "))
            decision.legal_basis = "\n".join(bases)

    @api.depends("award_form_id", "date_decision")
    def _compute_legal_document_ids(self):
        Coefficient = self.env["thidua.award.coefficient"]
        Document = self.env["thidua.legal.document"]
        by_date = {}  # one search per decision date, not per decision
        for decision in self:
            # a signed decision keeps what it was signed with (the 2024 ones cite text only)
            if decision.state != "draft" or not decision.date_decision:
                continue
            regime = (Coefficient._in_force(decision.award_form_id, decision.date_decision)
                      if decision.award_form_id else Coefficient)
            if decision.date_decision not in by_date:
                by_date[decision.date_decision] = Document._default_citations(decision.date_decision)
            decision.legal_document_ids = by_date[decision.date_decision] | regime.legal_document_id

    @api.depends("legal_document_ids.date_end", "legal_document_ids.replaced_by_id", "date_decision", "state")
    def _compute_legal_warning(self):
        for decision in self:
            messages = decision.legal_document_ids._warnings(decision.date_decision) \
                if decision.state == "draft" else []
            decision.legal_warning = "\n".join(messages) or False

    def _without_bonus(self):
        """The award's regime on the decision date gives no money (a title recognised without an amount)."""
        self.ensure_one()
        form, day = self.award_form_id, self.date_decision or fields.Date.context_today(self)
        return bool(form) and self.env["thidua.award.coefficient"]._in_force(form, day).without_bonus

    def _legal_basis_lines(self):
        """The "Căn cứ" lines the decision prints (docs/law.md §12)."""
        self.ensure_one()
        return self.legal_document_ids._basis_lines(self.legal_basis, self.date_decision)

    @api.depends("date_decision")
    def _compute_base_salary(self):
        Salary = self.env["thidua.base.salary"]
        for decision in self:
            decision.base_salary = Salary._amount_at(decision.date_decision) if decision.date_decision else 0

    @api.depends("line_ids.bonus_amount")
    def _compute_amount_total(self):
        for decision in self:
            decision.line_count = len(decision.line_ids)
            decision.amount_total = sum(decision.line_ids.mapped("bonus_amount"))
            decision.amount_total_words = amount_in_vietnamese_words(decision.amount_total)

    @api.depends("name", "state", "date_decision")
    def _compute_display_name(self):
        for decision in self:
            if decision.name:
                decision.display_name = decision.name
            else:
                decision.display_name = self.env._(
                    "Draft decision of %(date)s",
                    date=decision.date_decision and decision.date_decision.strftime("%d/%m/%Y") or "",
                )

    # ------------------------------------------------------------------
    # Freeze
    # ------------------------------------------------------------------
    def _check_not_signed(self):
        if self.env.su:
            return
        for decision in self:
            if decision.state == "signed":
                raise UserError(
                    self.env._("Decision %(number)s is signed: it can no longer be changed or deleted.",
                               number=decision.name)
                )
            if decision.state == "draft" and decision.prepared_pdf_id and not is_unlocked(decision):
                raise UserError(self.env._(
                    "Decision %(number)s is prepared for signing: its content is fixed until the signed file is "
                    "uploaded.", number=decision.name,
                ))

    # ------------------------------------------------------------------
    # Lines
    # ------------------------------------------------------------------
    def _approved_dossiers_domain(self):
        self.ensure_one()
        return [
            ("campaign_id", "=", self.campaign_id.id),
            ("award_form_id", "=", self.award_form_id.id),
            ("state", "=", "approved"),
            ("company_id", "=", self.company_id.id),
            # a dossier proposed to a higher award waits for it (one achievement, one award)
            "|", ("higher_dossier_ids", "=", False), ("higher_dossier_ids.state", "=", "rejected"),
        ]

    def action_load_dossiers(self):
        """Add the approved dossiers of the campaign and award form not yet in a decision."""
        self._check_transition("load_dossiers")
        added = 0
        for decision in self:
            dossiers = self.env["thidua.dossier"].search(decision._approved_dossiers_domain())
            dossiers = dossiers.filtered(lambda d, decision=decision: not d.decision_id or d.decision_id == decision)
            new = dossiers - decision.line_ids.dossier_id
            decision.line_ids = [
                Command.create({"dossier_id": dossier.id, "sequence": index})
                for index, dossier in enumerate(new, start=len(decision.line_ids) + 1)
            ]
            added += len(new)
        if not added:
            return self._nothing_to_do(
                self.env._("No dossier approved by the council for this campaign and award form is waiting.")
            )
        return True

    # ------------------------------------------------------------------
    # Signing
    # ------------------------------------------------------------------
    def _get_number_sequence(self):
        """The issuing body's decision numbering: N/QĐ-<abbreviation>, restarting every year."""
        self.ensure_one()
        authority = self.issuing_unit_id._get_document_authority()
        if not authority.doc_abbreviation:
            raise UserError(
                self.env._("Set the document abbreviation of %(unit)s (e.g. UBND) before signing.",
                           unit=authority.name)
            )
        return authority._document_sequence(
            f"thidua.decision.{authority.id}",
            self.env._("Award decisions of %(unit)s", unit=authority.authority_name or authority.name),
            f"/QĐ-{authority.doc_abbreviation}", self.company_id,
        )

    def _check_ready_to_sign(self, recompute=True):
        """Everything a decision needs before a number is drawn: a plain message for what is missing.
        ``recompute``: fix the amounts now (not once the PDF to sign is made)."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("The decision has no one to award."))
        not_approved = self.line_ids.dossier_id.filtered(lambda d: d.state != "approved" or d._replaced_by_higher())
        if not_approved:
            raise UserError(
                self.env._("These dossiers are not approved by the council: %(dossiers)s",
                           dossiers=", ".join(not_approved.mapped("display_name")))
            )
        if not self.signer_name:
            raise UserError(self.env._("Name the signer before signing."))
        if not recompute:
            return
        self.award_form_id._regime_at(self.date_decision)  # a plain message when none is in force
        # the amounts are those of the decision date's base salary and regime, fixed now
        with workflow_unlocked(self):
            self.line_ids._compute_bonus()
        if not self._without_bonus() and any(line.bonus_amount <= 0 for line in self.line_ids):
            raise UserError(self.env._("Every awarded line needs a bonus amount."))

    def _signer_backend(self):
        self.ensure_one()
        return self.issuing_unit_id._get_document_authority()._thidua_signer_backend()

    @api.depends("signed_pdf_id", "prepared_pdf_id", "state")
    def _compute_signature_timestamps(self):
        for decision in self:
            pdf = decision._signed_pdf_bytes() if decision.signed_pdf_id or decision.awaiting_issue else None
            lines = [self.env._("%(signer)s: %(time)s, %(authority)s", signer=signer, time=time,
                                authority=authority or "?")
                     for signer, time, authority in (pdf_signing.signature_timestamps(pdf) if pdf else [])]
            decision.signature_timestamps = "\n".join(lines) or False

    @api.depends("issuing_unit_id")
    def _compute_signs_elsewhere(self):
        for decision in self:
            # sudo: the body above the issuing unit and its signing method are configuration a reader
            # of the decision may not read; the form only shows the right buttons
            unit = decision.sudo().issuing_unit_id
            authority = unit._get_document_authority() if unit else False
            decision.signs_elsewhere = bool(authority) and authority.sign_backend == "upload"
            decision.agency_signs_elsewhere = bool(authority) and authority.agency_sign_backend == "upload"

    def action_sign(self):
        self._check_transition("sign")
        backends = {decision.id: decision._signer_backend() for decision in self}
        if any(backend.signs_elsewhere for backend in backends.values()):
            raise UserError(self.env._(
                "This issuing body signs elsewhere: prepare the PDF, sign it with the token's tool and upload the "
                "signed file."
            ))
        if any(backend.needs_secret for backend in backends.values()):
            # the PIN (or a password the server does not keep) is typed at the moment of signing
            if len(self) > 1:
                raise UserError(self.env._("Sign the decisions one at a time: each signature asks for the PIN."))
            return self.env["thidua.sign.wizard"]._open_for(self)
        return self._sign()

    def _sign(self, secret=None):
        """Number, sign and issue; ``secret``: the PIN or password typed in the signing dialog, used
        for this signing only and never stored."""
        self._check_transition("sign")
        for decision in self.sorted(lambda d: (d.date_decision, d.id)):
            if decision.awaiting_issue:
                raise UserError(self.env._("The Chairman has signed this decision: the clerk gives its number and "
                                           "date and applies the agency's signature."))
            if decision.prepared_pdf_id:
                raise UserError(self.env._("Decision %(number)s was prepared to be signed elsewhere: upload the "
                                           "signed file.", number=decision.name))
            decision._check_ready_to_sign()
            # the key is opened and checked before a number is drawn: a refusal (a wrong PIN, an
            # expired certificate) leaves nothing half-done
            signing_time = pdf_signing.vietnam_now()
            authority = decision.issuing_unit_id._get_document_authority()
            with decision._signer_backend().open(self.env, signing_time, secret=secret) as loaded:
                if authority._thidua_agency_backend():
                    # the Chairman's signature only: the clerk numbers, dates and signs for the agency
                    if not loaded:
                        raise UserError(self.env._("The Chairman signs with a certificate before the clerk "
                                                   "applies the agency's: set up the signing method."))
                    decision._sign_before_issue(loaded, signing_time)
                    continue
                sequence = decision._get_number_sequence()
                number = sequence.next_by_id(sequence_date=decision.date_decision)
                values = {}
                if loaded:
                    values = {
                        "is_digitally_signed": True, "signature_holder": loaded.subject,
                        "signature_cert_sha256": loaded.fingerprint,
                        "signature_time": pdf_signing.iso_vietnam(signing_time),
                    }
                decision._set_state(
                    "signed", name=number, signed_by_id=self.env.user.id,
                    date_signed=signing_time.astimezone(timezone.utc).replace(tzinfo=None),
                    number_authority_id=authority.id, number_year=decision.date_decision.year, **values,
                )
                decision._issue_awards()
                if loaded:
                    decision._store_signed_documents(loaded, signing_time)
        return True

    def _sign_before_issue(self, loaded, signing_time):
        """The Chairman's signature on the decision without its number and date (NĐ 30/2020
        Art. 32): kept as the PDF the clerk issues."""
        self.ensure_one()
        authority = self.issuing_unit_id._get_document_authority()
        info = dict(authority._visible_signature_info(loaded, signing_time), seal_image="", awaiting_number=True)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="vi_VN")
        self._give_verify_tokens()
        with pdf_signing.visible_signature(info):
            pdf = Report._render_qweb_pdf("chilang_thidua.action_report_decision", self.ids)[0]
            self._sign_certificates_before_issue(loaded, signing_time)
        # visible where the signature image is printed; the number and date left as empty fields
        pdf, appearance = pdf_signing.person_field(pdf, slots=(pdf_signing.PLACE_NUMBER, pdf_signing.PLACE_DATE))
        pdf = pdf_signing.sign_pdf(loaded, pdf, signing_time, reason=self.env._("Signed by the Chairman"),
                                   location=authority.place_name or "", field_name=CHAIRMAN_FIELD,
                                   appearance=appearance)
        # sudo: the Chairman's signed file is written by the signing itself (see _store_signed_documents)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"Quyet dinh {self.id} (chu tich da ky).pdf", "raw": pdf, "mimetype": "application/pdf",
            "res_model": self._name, "res_id": self.id, "type": "binary",
        })
        self._workflow_write(
            prepared_pdf_id=attachment.id, prepared_pdf_sha256=pdf_signing.sha256_hex(pdf),
            awaiting_issue=True, signed_by_id=self.env.user.id,
            date_signed=signing_time.astimezone(timezone.utc).replace(tzinfo=None),
            signature_holder=loaded.subject, signature_cert_sha256=loaded.fingerprint,
            signature_time=pdf_signing.iso_vietnam(signing_time),
        )
        self.message_post(body=self.env._("Signed by %(holder)s; waiting for the clerk's number and the agency's "
                                          "signature.", holder=loaded.subject))

    def action_issue(self):
        """The clerk (văn thư): number, date and the agency's signature after the Chairman's."""
        self._check_transition("issue")
        if not all(self.mapped("awaiting_issue")):
            raise UserError(self.env._("The Chairman signs the decision before the clerk issues it."))
        backends = [decision.issuing_unit_id._get_document_authority()._thidua_agency_backend() for decision in self]
        if any(backend is None for backend in backends):
            raise UserError(self.env._("The issuing body has no agency signature to apply."))
        if any(backend.signs_elsewhere for backend in backends):
            # the clerk signs where the agency's token is and uploads the file back
            if len(self) > 1:
                raise UserError(self.env._("Upload the decisions signed by the agency one at a time."))
            if not self.name:
                raise UserError(self.env._("Give the number first: the agency's signing tool writes it with the "
                                           "date as it signs."))
            return self.env["thidua.sign.wizard"]._open_for(self, upload=True, issue=True)
        if any(backend.needs_secret for backend in backends):
            if len(self) > 1:
                raise UserError(self.env._("Sign the decisions one at a time: each signature asks for the PIN."))
            return self.env["thidua.sign.wizard"]._open_for(self, issue=True)
        return self._issue()

    def _issue(self, secret=None):
        self._check_transition("issue")
        # sudo: the clerk issues but edits no decision: the number, the date's stamp, the agency's
        # signature and the state are the workflow's writes, done here after the checks above
        decisions = self.sudo()
        for decision in decisions.sorted(lambda d: (d.date_decision, d.id)):
            if not decision.awaiting_issue:
                raise UserError(self.env._("The Chairman signs the decision before the clerk issues it."))
            decision._check_ready_to_sign(recompute=False)
            authority = decision.issuing_unit_id._get_document_authority()
            signing_time = pdf_signing.vietnam_now()
            with authority._thidua_agency_backend().open(self.env, signing_time, secret=secret) as loaded:
                number = decision._give_issue_number(authority)
                prepared = decision.prepared_pdf_id.raw
                # the seal over the Chairman's signature; the number and date in the document's own
                # lines, written in the revision the agency signs
                pdf = pdf_signing.sign_pdf(
                    loaded, prepared, signing_time, reason=self.env._("Decision %(number)s", number=number),
                    location=authority.place_name or "", field_name=pdf_signing.SIGNATURE_FIELD,
                    appearance=authority._agency_field(prepared, CHAIRMAN_FIELD),
                    stamps=decision._number_and_date_stamps(prepared),
                )
                # sudo: the document of record is written by the issuing itself (see _store_signed_documents)
                attachment = self.env["ir.attachment"].sudo().create({
                    "name": f"Quyet dinh {number.replace('/', '-')} (ky so).pdf", "raw": pdf,
                    "mimetype": "application/pdf", "res_model": decision._name, "res_id": decision.id,
                    "type": "binary",
                })
                decision._set_state(
                    "signed", awaiting_issue=False, issued_by_id=self.env.user.id, is_digitally_signed=True,
                    agency_signature_holder=loaded.subject, agency_cert_sha256=loaded.fingerprint,
                    agency_signature_time=pdf_signing.iso_vietnam(signing_time),
                    signed_pdf_id=attachment.id, signed_pdf_sha256=pdf_signing.sha256_hex(pdf),
                )
                decision._issue_awards()
                decision._issue_certificates(loaded, signing_time)
        return True

    def _give_issue_number(self, authority):
        """The number the clerk gives the decision the Chairman signed, drawn once: a number already
        given (for a signature made elsewhere) is kept."""
        self.ensure_one()
        if self.name:
            return self.name
        sequence = self._get_number_sequence()
        number = sequence.next_by_id(sequence_date=self.date_decision)
        self._workflow_write(name=number, number_authority_id=authority.id, number_year=self.date_decision.year)
        return number

    def action_give_number(self):
        """The clerk draws the number and date, fixed from now on, for the agency's signature made
        elsewhere: the agency's tool writes them on the file the Chairman signed as it signs."""
        self._check_transition("give_number")
        for decision in self.sorted(lambda d: (d.date_decision, d.id)):
            if not decision.awaiting_issue:
                raise UserError(self.env._("The Chairman signs the decision before the clerk issues it."))
            authority = decision.issuing_unit_id._get_document_authority()
            backend = authority._thidua_agency_backend()
            if backend is None or not backend.signs_elsewhere:
                raise UserError(self.env._("The agency's signature is applied on the server: use Issue."))
            if decision.name:
                continue
            decision._check_ready_to_sign(recompute=False)
            # sudo: the clerk edits no decision (reads only): the number and its note in the chatter
            # are the workflow's writes, after the checks above
            record = decision.sudo()
            number = record._give_issue_number(authority)
            record.message_post(body=self.env._(
                "Number %(number)s of %(date)s given: sign the file the Chairman signed with the agency's "
                "certificate and upload it.", number=number, date=record.date_decision.strftime("%d/%m/%Y"),
            ))
        return True

    def _accept_agency_upload(self, uploaded):
        """Issue the decision with ``uploaded``: the file the Chairman signed, plus the agency's
        signature made elsewhere (checked first: tools/signers.py ``check_signed_upload``)."""
        self.ensure_one()
        self._check_transition("issue")
        if not self.awaiting_issue:
            raise UserError(self.env._("The Chairman signs the decision before the clerk issues it."))
        if not self.name:
            raise UserError(self.env._("Give the number first: the agency's signing tool writes it with the "
                                       "date as it signs."))
        authority = self.issuing_unit_id._get_document_authority()
        backend = authority._thidua_agency_backend()
        if backend is None or not backend.signs_elsewhere:
            raise UserError(self.env._("The agency's signature is applied on the server: use Issue."))
        # sudo: the clerk issues but edits no decision (see _issue); the Chairman's file is the decision's own
        decision = self.sudo()
        prepared = decision.prepared_pdf_id.raw
        signature = signers.check_signed_upload(
            self.env, prepared, uploaded, backend.cert, previous_signatures=[decision.signature_cert_sha256],
            allowed_annotations=signers.TEXT_ANNOTATIONS, crl=backend.crl, prepared_at=decision._prepared_at(),
        )
        decision._check_ready_to_sign(recompute=False)
        slug = decision.name.replace("/", "-")
        # sudo: the document of record is written by the issuing itself (see _store_signed_documents)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"Quyet dinh {slug} (ky so).pdf", "raw": uploaded, "mimetype": "application/pdf",
            "res_model": decision._name, "res_id": decision.id, "type": "binary",
        })
        decision._set_state(
            "signed", awaiting_issue=False, issued_by_id=self.env.user.id, is_digitally_signed=True,
            agency_signature_holder=signature["holder"], agency_cert_sha256=signature["fingerprint"],
            agency_signature_time=pdf_signing.iso_vietnam(signature["time"]),
            signed_pdf_id=attachment.id, signed_pdf_sha256=pdf_signing.sha256_hex(uploaded),
        )
        decision._issue_awards()
        return True

    def _number_and_date_stamps(self, pdf):
        """The number and date the clerk gives, for the empty fields of ``pdf`` after "Số:" and in
        the date line (the document's Times face: 13 pt upright, 14 pt italic)."""
        regular, italic = stamp_fonts()
        date = fmt.date_text(self.date_decision)
        stamps = pdf_signing.number_and_date_stamps(pdf, self.name, date, regular, italic)
        if stamps:
            return stamps
        # a Chairman's file signed before the blanks were fields: both lines top left, above the body's name
        lines = [f"Số: {self.name}", date]
        box = LEGACY_NUMBER_BOX
        drawing = pdf_signing.text_lines_drawing(regular, 11, lines, box[2] - box[0], box[3] - box[1])
        return [pdf_signing.Stamp("number_date", drawing, box, " – ".join(lines))]

    def _issue_awards(self):
        # sudo: managers read dossiers but the award is written by the signed decision itself
        self.line_ids.dossier_id.sudo()._mark_awarded(self)
        # the award register gets one row per line of the signed decision
        self.env["thidua.award.record"]._record_decision(self)

    # ------------------------------------------------------------------
    # Signed elsewhere: prepare, sign where the token is, upload back
    # ------------------------------------------------------------------
    def _guard_check_frozen(self):
        result = super()._guard_check_frozen()
        prepared = self.filtered(lambda decision: decision.state == "draft" and decision.prepared_pdf_id)
        if prepared and not is_unlocked(prepared):
            raise UserError(self.env._(
                "Decision %(number)s is prepared for signing: its content is fixed until the signed file is "
                "uploaded.", number=prepared[0].name,
            ))
        return result

    def action_prepare_signature(self):
        """Fix the number and date and keep the PDF the signer signs elsewhere."""
        self.ensure_one()
        self._check_transition("prepare_signature")
        backend = self._signer_backend()
        if not backend.signs_elsewhere:
            raise UserError(self.env._("This issuing body signs on the server: use Sign."))
        if self.prepared_pdf_id:
            return True
        if self.issuing_unit_id._get_document_authority()._thidua_agency_backend():
            raise UserError(self.env._("This issuing body issues with the agency's signature: the clerk gives the "
                                       "number and signs after the Chairman, so the Chairman signs on the server."))
        self._check_ready_to_sign()
        # a certificate the upload would refuse (expired, revoked) gets no number first
        backend.check_certificate(self.env, pdf_signing.vietnam_now())
        authority = self.issuing_unit_id._get_document_authority()
        sequence = self._get_number_sequence()
        number = sequence.next_by_id(sequence_date=self.date_decision)
        self._workflow_write(name=number, number_authority_id=authority.id, number_year=self.date_decision.year)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="vi_VN")
        pdf = Report._render_qweb_pdf("chilang_thidua.action_report_decision", self.ids)[0]
        slug = number.replace("/", "-")
        # sudo: the file to sign is written by the preparation itself; ir_attachment.py keeps it unchanged
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"Quyet dinh {slug} (de ky).pdf", "raw": pdf, "mimetype": "application/pdf",
            "res_model": self._name, "res_id": self.id, "type": "binary",
        })
        self._workflow_write(prepared_pdf_id=attachment.id, prepared_pdf_sha256=pdf_signing.sha256_hex(pdf))
        self._prepare_certificates()
        self.message_post(body=self.env._("Number %(number)s given; the PDF to sign is ready.", number=number))
        return True

    def _prepare_certificates(self):
        """Signed elsewhere: the batch of certificates, number and date filled, as a second PDF to sign
        (one file for the whole decision: the signer signs two files, whatever the number awarded)."""
        self._give_verify_tokens()
        _dossiers, (batch,), _appearances = self._render_certificates(singles=False)
        # sudo: the file to sign is written by the preparation itself; ir_attachment.py keeps it unchanged
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"Giay khen {self.name.replace('/', '-')} (de ky).pdf", "raw": batch,
            "mimetype": "application/pdf", "res_model": self._name, "res_id": self.id, "type": "binary",
        })
        self._workflow_write(prepared_certificate_pdf_id=attachment.id,
                             prepared_certificate_pdf_sha256=pdf_signing.sha256_hex(batch))

    def action_upload_signed(self):
        """The dialog where the signed file is uploaded."""
        self.ensure_one()
        self._check_transition("upload_signed")
        return self.env["thidua.sign.wizard"]._open_for(self, upload=True)

    def _accept_signed_upload(self, uploaded, certificates=None, names=None):
        """Issue the decision with ``uploaded``, the prepared PDF signed elsewhere, and its
        ``certificates``, the prepared batch signed by the same signer (each checked first against
        its own prepared bytes). ``names``: {"decision", "certificates"}: the files' names, for a refusal."""
        self.ensure_one()
        self._check_transition("upload_signed")
        if not self.prepared_pdf_id:
            raise UserError(self.env._("Prepare the PDF to sign first."))
        backend = self._signer_backend()
        if not backend.signs_elsewhere:
            raise UserError(self.env._("This issuing body signs on the server: use Sign."))
        if self.issuing_unit_id._get_document_authority()._thidua_agency_backend():
            # a configuration saved before the unit refused it: the upload would skip the clerk
            raise UserError(self.env._("This issuing body issues with the agency's signature: the clerk gives the "
                                       "number and signs after the Chairman, so the Chairman signs on the server."))
        # sudo: the prepared file is the decision's own, read by its signing
        prepared = self.prepared_pdf_id.sudo().raw
        names = names or {}
        signature = self._check_signed_file(self.env._("The signed decision"), names.get("decision"), prepared,
                                            uploaded, backend.cert, crl=backend.crl)
        if self.prepared_certificate_pdf_id:
            if not certificates:
                raise UserError(self.env._("Upload the signed certificates (Giấy khen) with the signed decision: "
                                           "the same signer signs both, and they are issued together."))
            # sudo: the prepared file is the decision's own, read by its signing
            prepared_certificates = self.prepared_certificate_pdf_id.sudo().raw
            self._check_signed_file(self.env._("The signed certificates (Giấy khen)"), names.get("certificates"),
                                    prepared_certificates, certificates, backend.cert,
                                    crl=backend.crl)
        self._check_ready_to_sign(recompute=False)
        moment = signature["time"]
        self._set_state(
            "signed", signed_by_id=self.env.user.id,
            date_signed=moment.astimezone(timezone.utc).replace(tzinfo=None),
            is_digitally_signed=True, signature_holder=signature["holder"],
            signature_cert_sha256=signature["fingerprint"], signature_time=pdf_signing.iso_vietnam(moment),
        )
        self._issue_awards()
        slug = (self.name or "").replace("/", "-")
        # sudo: the document of record is written by the signing itself (see _store_signed_documents)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"Quyet dinh {slug} (ky so).pdf", "raw": uploaded, "mimetype": "application/pdf",
            "res_model": self._name, "res_id": self.id, "type": "binary",
        })
        # sudo: the decision is frozen (signed) by now; only the signing itself links its document
        self.sudo().write({"signed_pdf_id": attachment.id, "signed_pdf_sha256": pdf_signing.sha256_hex(uploaded)})
        if self.prepared_certificate_pdf_id:
            self._link_signed_batch(certificates)
        return True

    def _check_signed_file(self, label, name, prepared, uploaded, cert, crl=None):
        """``signers.check_signed_upload``, its refusal naming the file."""
        try:
            return signers.check_signed_upload(self.env, prepared, uploaded, cert, crl=crl,
                                               prepared_at=self._prepared_at())
        except UserError as error:
            what = f"{label} ({name})" if name else label
            raise UserError(self.env._("%(file)s is refused: %(reason)s", file=what, reason=error.args[0])) from None

    def _prepared_at(self):
        """When the file to sign (or the Chairman's signed file) was made, aware."""
        # sudo: the file is the decision's own, read by its signing
        created = self.sudo().prepared_pdf_id.create_date
        return created.replace(tzinfo=timezone.utc) if created else None

    def _link_signed_batch(self, certificates):
        """Signed elsewhere: the signed batch is the certificate of record of the decision and of each
        dossier, with its page (a page cut out of the batch would lose the signature)."""
        dossiers = self.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
        batch_file, _singles, _pdfs = self._attach_certificates(self.env["thidua.dossier"], [certificates], "ky so")
        sha256 = pdf_signing.sha256_hex(certificates)
        # sudo: the decision is frozen (signed) by now; only the signing itself links its documents
        self.sudo().write({"certificate_pdf_id": batch_file.id, "certificate_pdf_sha256": sha256})
        one_page_each = pdf_signing.page_count(certificates) == len(dossiers)
        for page, dossier in enumerate(dossiers, start=1):
            # sudo: the dossier is awarded (frozen) by now; only the signing links its certificate
            dossier.sudo().write({"certificate_pdf_id": batch_file.id, "certificate_pdf_sha256": sha256,
                                  "certificate_page": page if one_page_each else 0})

    def _store_signed_documents(self, loaded, signing_time):
        """Render the decision (with its annex) and its certificates once, sign them, keep them:
        the decision's PDF, the batch of certificates, and each certificate as a file of its own on
        its dossier. The only place where the issuing body's key is applied."""
        self.ensure_one()
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="vi_VN")
        authority = self.number_authority_id
        reason = self.env._("Decision %(number)s", number=self.name)
        with pdf_signing.visible_signature(authority._visible_signature_info(loaded, signing_time)):
            decision_pdf = Report._render_qweb_pdf("chilang_thidua.action_report_decision", self.ids)[0]
            dossiers, certificates, appearances = self._render_certificates()
        # visible where the signature image is printed (page 1)
        decision_pdf, decision_appearance = pdf_signing.person_field(decision_pdf)
        decision_pdf, *certificates = self._sign_pdfs(loaded, [decision_pdf, *certificates], signing_time, reason,
                                                      appearances=[decision_appearance, *appearances])
        slug = (self.name or "").replace("/", "-")
        # sudo: the document of record is written by the signing itself, whatever the signer may
        # do with attachments; ir_attachment.py then refuses to change or delete it
        decision_file = self.env["ir.attachment"].sudo().create({
            "name": f"Quyet dinh {slug} (ky so).pdf", "raw": decision_pdf, "mimetype": "application/pdf",
            "res_model": self._name, "res_id": self.id, "type": "binary",
        })
        # sudo: the decision is frozen (signed) by now; only the signing itself links its documents
        self.sudo().write({"signed_pdf_id": decision_file.id,
                           "signed_pdf_sha256": pdf_signing.sha256_hex(decision_pdf)})
        self._link_certificates(dossiers, *self._attach_certificates(dossiers, certificates, "ky so"))

    # ------------------------------------------------------------------
    # Certificates (Giấy khen): rendered, signed and kept along the decision's signing path
    # ------------------------------------------------------------------
    def _render_certificates(self, singles=True):
        """(the dossiers in the decision's order, [the batch PDF, then each certificate alone], the
        person's visible field of each (pdf_signing.person_field)), as the signing renders them: inside
        ``pdf_signing.visible_signature`` when the page prints a signature; a draft decision's
        certificates as final (``pdf_signing.issuing_decision``). ``singles``: False for the batch only.
        Awaiting the clerk's number, each certificate keeps its number and date as empty fields."""
        self.ensure_one()
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="vi_VN")
        report = "chilang_thidua.action_report_certificate"
        dossiers = self.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
        awaiting_number = self.state == "draft" and not self.name
        with pdf_signing.issuing_decision(self.id, awaiting_number=awaiting_number):
            batch = Report._render_qweb_pdf(report, dossiers.ids)[0]
            if not singles:
                return dossiers, [pdf_signing.prepare_places(batch)], [None]
            pages = pdf_signing.split_pages(batch)
            rendered_alone = len(pages) != len(dossiers)
            if rendered_alone:
                # a certificate longer than its page: each one rendered alone
                pages = [Report._render_qweb_pdf(report, dossier.ids)[0] for dossier in dossiers]
        if awaiting_number or rendered_alone:
            # each file prepared on its own: the number and date fields are kept on a file's page 1
            slots = (pdf_signing.PLACE_NUMBER, pdf_signing.PLACE_DATE) if awaiting_number else ()
            prepared = [pdf_signing.person_field(pdf, slots=slots) for pdf in (batch, *pages)]
            return dossiers, [pdf for pdf, _appearance in prepared], [appearance for _pdf, appearance in prepared]
        # the batch's place links read once and removed once: its pages are the single files
        boxes = [places.get(pdf_signing.PLACE_SIGNATURE) for places in pdf_signing.page_places(batch)]
        batch = pdf_signing.prepare_places(batch)
        pages = pdf_signing.split_pages(batch)
        appearances = [pdf_signing.person_appearance(box) for box in boxes]
        return dossiers, [batch, *pages], [appearances[0] if appearances else None, *appearances]

    def _give_verify_tokens(self):
        """Fresh verification tokens for the QR codes of certificates signed before the decision is
        issued (kept by ``_mark_awarded``); a token of an earlier attempt leads nowhere."""
        self.ensure_one()
        for dossier in self.line_ids.dossier_id:
            # sudo: the dossier is approved (frozen for the manager); its token is the workflow's
            dossier.sudo()._workflow_write(verify_token=secrets.token_hex(20))

    def _sign_pdfs(self, loaded, pdfs, signing_time, reason, field_name=pdf_signing.SIGNATURE_FIELD,
                   appearances=None, stamps=None):
        """``pdfs`` each signed with one opened signer (one PIN for all); ``appearances`` and ``stamps``:
        each file's visible field and what its revision writes (see pdf_signing.sign_pdf)."""
        location = self.issuing_unit_id._get_document_authority().place_name or ""
        appearances = appearances or [None] * len(pdfs)
        stamps = stamps or [()] * len(pdfs)
        return [pdf_signing.sign_pdf(loaded, pdf, signing_time, reason=reason, location=location,
                                     field_name=field_name, appearance=appearance, stamps=pdf_stamps)
                for pdf, appearance, pdf_stamps in zip(pdfs, appearances, stamps, strict=True)]

    def _attach_certificates(self, dossiers, certificates, label, on_decision=False):
        """Attachments of the batch (on the decision) and of each certificate alone (on its dossier,
        or on the decision while it is not issued); returns (batch file, [single files], certificates)."""
        slug = (self.name or str(self.id)).replace("/", "-")
        batch, *singles = certificates
        # sudo: the signed files are written by the signing itself, whatever the signer may do with
        # attachments; ir_attachment.py then refuses to change or delete them
        files = self.env["ir.attachment"].sudo().create([
            {"name": f"Giay khen {slug} ({label}).pdf", "raw": batch, "mimetype": "application/pdf",
             "res_model": self._name, "res_id": self.id, "type": "binary"},
        ] + [
            {"name": f"Giay khen {slug} - {dossier.name} ({label}).pdf", "raw": pdf,
             "mimetype": "application/pdf", "res_model": self._name if on_decision else dossier._name,
             "res_id": self.id if on_decision else dossier.id, "type": "binary"}
            for dossier, pdf in zip(dossiers, singles, strict=True)
        ])
        return files[0], list(files[1:]), certificates

    def _link_certificates(self, dossiers, batch_file, single_files, certificates):
        """The issued certificates as the decision's and each dossier's of record, with their SHA-256."""
        # sudo: the decision is frozen (signed) by now; only the signing itself links its documents
        self.sudo().write({"certificate_pdf_id": batch_file.id,
                           "certificate_pdf_sha256": pdf_signing.sha256_hex(certificates[0])})
        for dossier, single_file, pdf in zip(dossiers, single_files, certificates[1:], strict=True):
            # sudo: the dossier is awarded (frozen) by now; only the signing links its certificate
            dossier.sudo().write({"certificate_pdf_id": single_file.id,
                                  "certificate_pdf_sha256": pdf_signing.sha256_hex(pdf)})

    def _sign_certificates_before_issue(self, loaded, signing_time):
        """The Chairman's signature on the certificates, in the signing of the decision (its
        rendering context: ``visible_signature``): kept on the decision until the clerk issues them."""
        dossiers, certificates, appearances = self._render_certificates()
        certificates = self._sign_pdfs(loaded, certificates, signing_time, self.env._("Signed by the Chairman"),
                                       field_name=CHAIRMAN_FIELD, appearances=appearances)
        batch_file, single_files, _pdfs = self._attach_certificates(dossiers, certificates, "chu tich da ky",
                                                                    on_decision=True)
        # sudo: the decision is locked for the Chairman's signature; only the signing links its files
        self.sudo().write({"prepared_certificate_pdf_id": batch_file.id,
                           "prepared_certificate_pdf_sha256": pdf_signing.sha256_hex(certificates[0])})
        for line, single_file in zip(self.line_ids.sorted(lambda line: (line.sequence, line.id)), single_files,
                                     strict=True):
            # sudo: as above, each certificate alone on its line
            line.sudo().write({"prepared_certificate_pdf_id": single_file.id})

    def _issue_certificates(self, loaded, signing_time):
        """The clerk's issue: the agency's signature, with the number and date, on each certificate
        the Chairman signed; then they are the decision's and the dossiers' of record."""
        self.ensure_one()
        if not self.prepared_certificate_pdf_id:
            return  # the Chairman signed before certificates followed the decision
        # sudo: the Chairman's signed files are the decision's own, read by its issuing
        decision = self.sudo()
        lines = decision.line_ids.sorted(lambda line: (line.sequence, line.id))
        certificates = [decision.prepared_certificate_pdf_id.raw, *(line.prepared_certificate_pdf_id.raw
                                                                    for line in lines)]
        authority = decision.issuing_unit_id._get_document_authority()
        _regular, italic = stamp_fonts()
        # the reference line gets "number ngày dd/mm/yyyy", the date line the date in words
        reference = f"{decision.name} ngày {fmt.date_short(decision.date_decision)}"
        date = fmt.date_text(decision.date_decision)
        # the seal over the Chairman's signature; the number and date in the certificate's own lines
        # (13 pt italic), written in the revision the agency signs
        certificates = self._sign_pdfs(
            loaded, certificates, signing_time, self.env._("Decision %(number)s", number=self.name),
            appearances=[authority._agency_field(pdf, CHAIRMAN_FIELD) for pdf in certificates],
            stamps=[pdf_signing.number_and_date_stamps(pdf, reference, date, italic, italic, 13, 13)
                    for pdf in certificates],
        )
        self._link_certificates(lines.dossier_id,
                                *self._attach_certificates(lines.dossier_id, certificates, "ky so"))

    def _signed_pdf_bytes(self):
        """The stored signed PDF of this decision (its document of record), the PDF prepared to be
        signed elsewhere while it waits, or None."""
        self.ensure_one()
        if self.state == "draft" and self.prepared_pdf_id:
            # sudo: the reader may read the decision; the file to sign is part of it
            return self.prepared_pdf_id.sudo().raw or None
        if self.state != "signed" or not self.signed_pdf_id:
            return None
        # sudo: the reader may read the decision; its document of record is part of it
        return self.signed_pdf_id.sudo().raw or None

    def action_electronic_copy(self):
        """Download the electronic copy (bản sao điện tử) of the signed decision."""
        self.ensure_one()
        self._electronic_copy_source()  # a plain message before the download starts
        return self.env.ref("chilang_thidua.action_report_decision_copy").report_action(self)

    def _electronic_copy_source(self):
        """The stored signed PDF a copy is made of; a UserError when there is none."""
        self.ensure_one()
        self.check_access("read")
        raw = self._signed_pdf_bytes() if self.state == "signed" and self.is_digitally_signed else None
        if not raw:
            raise UserError(self.env._("Only a digitally signed decision has an electronic copy."))
        return raw

    def _electronic_copy_bytes(self):
        """The electronic copy: the document of record with the copy's mark (tools/pdf_signing.py
        copy_mark) added in an incremental update. No key is applied: the server signs only inside
        issuance, never on print; the original signatures stay valid for their revision."""
        authority = self.number_authority_id or self.issuing_unit_id._get_document_authority()
        return authority._electronic_copy(self._electronic_copy_source())

    def action_print_package(self):
        """One PDF: the decision, its annex and one certificate per awardee."""
        return self.env.ref("chilang_thidua.action_report_decision_package").report_action(self)

    def action_cancel(self):
        self._check_transition("cancel")
        self._set_state("cancelled")
        return True

    def action_draft(self):
        self._check_transition("draft")
        for decision in self:
            # its dossiers may have been decided meanwhile, by another decision
            taken = decision.line_ids.dossier_id.filtered(
                lambda dossier, decision=decision: dossier.state != "approved" or (
                    dossier.decision_line_ids.decision_id - decision).filtered(lambda d: d.state != "cancelled"))
            if taken:
                raise UserError(
                    self.env._("These dossiers are no longer waiting for this decision: %(dossiers)s",
                               dossiers=", ".join(taken.mapped("display_name")))
                )
        self._set_state("draft")
        return True
