import secrets
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate, html2plaintext

from ..tools import document_format as fmt
from ..tools import pdf_signing
from ..tools.audit import server_mail
from ..tools.input import normalize_identity_number, normalize_name
from ..tools.workflow import Transition
from .thidua_guard import workflow_unlocked

_lt = LazyTranslate(__name__)

SUBJECT_TYPES = [
    ("collective", "Collective"),
    ("civil_servant", "Civil servant or soldier"),
    ("public_employee", "Public employee or worker"),
    ("family", "Family"),
    ("farmer", "Farmer"),
    ("worker", "Worker"),
    ("enterprise", "Enterprise"),
    ("entrepreneur", "Entrepreneur"),
]
# Subjects that are organisations: named by a unit, paid the collective coefficient.
COLLECTIVE_TYPES = ("collective", "enterprise")
INDIVIDUAL_TYPES = tuple(code for code, _label in SUBJECT_TYPES if code not in COLLECTIVE_TYPES)
# Form 0603.N splits individuals by position (rows 06–10).
LEADERSHIP_LEVELS = [
    ("none", "No Leadership Position"),
    ("province", "Ministry or Provincial Leader and Above"),
    ("department", "Department-Level Leader"),
    ("other", "Other Leader (Deputy Head of Office and Above)"),
]

DOSSIER_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("appraised", "Appraised"),
    ("approved", "Approved by the Council"),
    ("awarded", "Awarded"),
    ("returned", "Returned"),
    ("rejected", "Rejected"),
]
# Fields that make the award: frozen once a signed decision awards the dossier.
AWARD_FIELDS = {
    "campaign_id", "unit_id", "award_form_id", "subject_type", "nominee_name", "nominee_unit_id",
    "nominee_partner_id", "job_title", "achievement", "annual_income", "taxes_paid", "stable_worker_income",
}
# An income above this (VND per year) is a typing mistake (an extra zero, cents), not a farmer.
MAX_PLAUSIBLE_INCOME = 100_000_000_000
# The dossier's workflow. Roles: ``officer`` acts for the proposing unit (or a unit above it),
# ``appraiser`` is Phòng Nội vụ, ``council`` its members.
TRANSITIONS = {
    # the proposing unit changes its draft, the appraisers also while they appraise it; once
    # appraised, what the council votes on is fixed
    "edit": Transition(
        ("draft", "returned", "submitted"), ("officer", "appraiser"), _lt("changed"), denied="_check_officer",
        state_error=_lt("%(dossier)s is %(state)s: the proposing unit can change it only while it is a draft "
                        "or returned."),
        role_states={"officer": ("draft", "returned")},
    ),
    "check_criteria": Transition(("draft", "returned", "submitted"), ("officer", "appraiser"),
                                 _lt("checked against the criteria"), denied="_check_officer"),
    "submit": Transition(("draft", "returned"), ("officer", "appraiser"), _lt("submitted"), denied="_check_officer"),
    "appraise": Transition(("submitted",), ("appraiser",), _lt("appraised"),
                           denied=_lt("Only the appraisers can appraise dossiers.")),
    "return": Transition(("submitted", "appraised"), ("appraiser",), _lt("returned"),
                         denied=_lt("Only the appraisers can return dossiers.")),
    # applied by a closing council session, as the superuser (its closer only reads dossiers)
    "council_vote": Transition(("appraised",), (), _lt("decided by the council")),
    "propose_higher": Transition(
        ("approved", "awarded"), ("appraiser", "council"), _lt("proposed to a higher level"),
        denied=_lt("Only the council and the appraisers propose dossiers to a higher level."),
    ),
    "delete": Transition(("draft", "returned"), ("officer", "appraiser"), _lt("deleted"),
                         state_error=_lt("%(dossier)s is %(state)s and cannot be deleted.")),
}


def format_vnd(amount):
    """95000000 → '95.000.000' (Vietnamese thousands separator)."""
    return f"{round(amount or 0):,}".replace(",", ".")


class ThiduaDossier(models.Model):
    """A proposal to award a collective or an individual (hồ sơ đề nghị khen thưởng).

    draft → submitted (by the proposing unit, once the campaign is closed) → appraised (Phòng
    Nội vụ; only eligible dossiers) → approved / rejected (council vote) → awarded (signed
    decision); the appraiser may return a dossier to the unit with a reason.

    The nominee's earlier awards are read from the award register (``thidua.award.record``): its
    rows are matched by identity number (CCCD) first, then by contact (individuals) or unit
    (collectives), and only then by name; a name-only match is shown as a *possible* match, and
    never when both sides have different identity numbers. The certificate of an awarded dossier
    is a document of record, stored (and digitally signed where the issuing body has a
    certificate) when its decision is signed: printing never signs, it returns these files.
    """

    _name = "thidua.dossier"
    _description = "Award Dossier"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    _inherit = ["thidua.submission.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "campaign_id desc, unit_id, id"
    _transitions = TRANSITIONS
    # a dossier is proposed by its unit's officers or those of a unit above it (Phòng GD&ĐT
    # compiles the schools' proposals, a commune its villages')
    _officer_below = True
    # what the certificate and its verification page say is fixed by the signed decision
    _frozen_states = ("awarded",)
    # the reference, the steps' dates, appraiser and reason, what the signed decision fixes (token,
    # certificate), the higher proposal's origin; votes and decision lines are written through
    # their own models; the currency is always the đồng
    _workflow_fields = frozenset({
        "name", "date_submitted", "appraiser_id", "date_appraised", "review_note", "date_awarded", "verify_token",
        "certificate_data", "certificate_pdf_id", "certificate_pdf_sha256", "certificate_page", "origin_dossier_id",
        "vote_ids",
        "decision_line_ids", "currency_id",
    })
    _free_fields = frozenset({"color"})
    _text_fields = {"nominee_name": (256, False), "job_title": (256, False), "achievement": (2000, True)}
    _rec_names_search = ["name", "nominee_name"]
    _check_company_auto = True
    # council members, who only read dossiers, comment on them in the chatter too
    _mail_post_access = "read"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "thidua.campaign", required=True, index=True, tracking=True, check_company=True,
        domain="[('state', 'in', ('closed', 'done'))]",
    )
    unit_id = fields.Many2one(
        "thidua.unit", string="Proposing Unit", required=True, index=True, tracking=True, check_company=True,
        default=lambda self: self.env.user.thidua_unit_ids[:1],
    )
    award_form_id = fields.Many2one(
        "thidua.award.form", required=True, tracking=True,
        domain="[('id', 'in', campaign_award_form_ids)]",
    )
    campaign_award_form_ids = fields.Many2many(related="campaign_id.award_form_ids", string="Campaign Award Forms")
    subject_type = fields.Selection(SUBJECT_TYPES, required=True, default="civil_servant",
                                    tracking=True)
    is_collective = fields.Boolean(compute="_compute_is_collective")
    nominee_name = fields.Char(string="Nominee", required=True, tracking=True)
    nominee_unit_id = fields.Many2one(
        "thidua.unit", check_company=True, tracking=True,
        help="For a collective: the unit proposed. For an individual: the unit they work in.",
    )
    nominee_partner_id = fields.Many2one(
        "res.partner", string="Nominee Contact", help="Links the dossier to the nominee's award history."
    )
    identity_number = fields.Char(
        string="Identity Number (CCCD)", tracking=True, index="btree_not_null",
        # personal data: the proposing unit and the appraisers, not the reporting role
        groups="chilang_thidua.group_user,base.group_portal",
        help="The 12 digits of the nominee's citizen identity card: finds their earlier awards in the award "
        "register whatever the spelling of the name.",
    )
    leadership_level = fields.Selection(
        LEADERSHIP_LEVELS, string="Leadership Position", default="none",
        help="For the statistics of Circular 02/2023/TT-BNV (form 0603.N).",
    )
    job_title = fields.Char(string="Position", help="Position and workplace, as printed on the certificate.")
    annual_income = fields.Monetary(
        currency_field="currency_id", tracking=True,
        help="Average income in VND/year (families, farmers, workers).",
    )
    taxes_paid = fields.Boolean(
        string="Taxes and Budget Duties Met", tracking=True,
        help="Financial, tax and budget duties met in full and on time (enterprises, entrepreneurs).",
    )
    stable_worker_income = fields.Boolean(
        string="Stable Income for Workers", tracking=True,
        help="The enterprise ensures a stable income for its workers.",
    )
    achievement = fields.Text(
        help="Short summary printed on the certificate: 'Đã có thành tích …'."
    )
    achievement_report = fields.Html(help="The nominee's báo cáo thành tích.")
    attachment_ids = fields.Many2many(
        "ir.attachment", "thidua_dossier_attachment_rel", "dossier_id", "attachment_id", string="Attachments",
        help="Proposal letter (tờ trình), minutes of the unit's council, signed achievement report …",
    )
    criterion_ids = fields.One2many("thidua.dossier.criterion", "dossier_id", string="Criteria", copy=False)
    tax_confirmation_ids = fields.Many2many(
        "ir.attachment", "thidua_dossier_tax_confirmation_rel", "dossier_id", "attachment_id",
        string="Tax Office Confirmation",
        help="Where the province asks for it: the tax office's confirmation that the enterprise met its tax "
        "duties in full and on time.",
    )
    insurance_confirmation_ids = fields.Many2many(
        "ir.attachment", "thidua_dossier_insurance_confirmation_rel", "dossier_id", "attachment_id",
        string="Social Insurance Confirmation",
        help="The social insurance office's confirmation that the enterprise paid its workers' social insurance.",
    )
    # What the current user may do, for the form's buttons; the actions check again (_transitions).
    can_edit = fields.Boolean(compute="_compute_user_rights")
    can_submit = fields.Boolean(compute="_compute_user_rights")
    can_appraise = fields.Boolean(compute="_compute_user_rights")
    can_return = fields.Boolean(compute="_compute_user_rights")
    can_propose_higher = fields.Boolean(compute="_compute_user_rights")
    can_check_criteria = fields.Boolean(compute="_compute_user_rights")
    eligible = fields.Boolean(compute="_compute_eligible", store=True, tracking=True)
    eligibility_report = fields.Text(compute="_compute_eligibility_report")
    # what they name depends on what the user may read, in the user's language
    duplicate_warning = fields.Text(compute="_compute_award_history", string="Double Award Warning",
                                    depends_context=("uid", "lang"))
    award_history = fields.Html(compute="_compute_award_history", sanitize=False,
                                depends_context=("uid", "lang"))

    state = fields.Selection(DOSSIER_STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    date_submitted = fields.Date(string="Submitted On", readonly=True, copy=False)
    appraiser_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_appraised = fields.Date(string="Appraised On", readonly=True, copy=False)
    review_note = fields.Text(string="Reason for Return", readonly=True, copy=False, tracking=True)
    vote_ids = fields.One2many("thidua.council.vote", "dossier_id", string="Council Votes", readonly=True)
    decision_line_ids = fields.One2many("thidua.decision.line", "dossier_id", string="Decision Lines", readonly=True)
    decision_id = fields.Many2one(
        "thidua.decision", compute="_compute_decision", store=True, index=True,
        help="The decision (draft or signed) that includes this dossier.",
    )
    bonus_amount = fields.Monetary(compute="_compute_decision", store=True, currency_field="currency_id",
                                   string="Bonus")
    date_awarded = fields.Date(string="Awarded On", readonly=True, copy=False)
    verify_token = fields.Char(
        readonly=True, copy=False, index="btree_not_null",
        help="Unguessable token printed on the certificate (QR code) to verify it.",
    )
    origin_dossier_id = fields.Many2one(
        "thidua.dossier", readonly=True, copy=False, index="btree_not_null",
        help="The lower-level dossier from which this proposal to a higher award was made.",
    )
    higher_dossier_ids = fields.One2many("thidua.dossier", "origin_dossier_id", string="Higher Proposals")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency", readonly=True, default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    color = fields.Integer()
    certificate_data = fields.Json(
        readonly=True, copy=False,
        help="What the certificate and its verification page state, fixed when the decision is signed.",
    )
    certificate_pdf_id = fields.Many2one(
        "ir.attachment", string="Signed Certificate PDF", readonly=True, copy=False, index="btree_not_null",
        help="The certificate as issued: stored and digitally signed when the decision was signed.",
    )
    certificate_pdf_sha256 = fields.Char(string="SHA-256 of the Signed Certificate", readonly=True, copy=False)
    # signed elsewhere, the certificates are signed as one batch (a page cannot be cut out of it
    # without losing the signature): the signed file is the batch and this is the dossier's page
    certificate_page = fields.Integer(
        string="Page in the Signed Certificates", readonly=True, copy=False,
        help="The signed certificate file holds the certificates of the whole decision: this one is on this page.",
    )

    _sql_constraints = [
        ("verify_token_uniq", "unique(verify_token)", "The verification token must be unique."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends("state", "unit_id")
    def _compute_user_rights(self):
        self._compute_transition_rights()

    @api.depends("subject_type")
    def _compute_is_collective(self):
        for dossier in self:
            dossier.is_collective = dossier.subject_type in COLLECTIVE_TYPES

    @api.depends("criterion_ids.is_met", "criterion_ids.alternative_group")
    def _compute_eligible(self):
        for dossier in self:
            # a criterion of the law's "one of" kind is met when one of its alternatives is
            dossier.eligible = all(line._group_met() for line in dossier.criterion_ids)

    @api.depends("criterion_ids.is_met", "criterion_ids.note", "criterion_ids.name")
    def _compute_eligibility_report(self):
        for dossier in self:
            if not dossier.criterion_ids:
                dossier.eligibility_report = self.env._("No criteria are configured for this award and subject type.")
                continue
            dossier.eligibility_report = "\n".join(line._report_line() for line in dossier.criterion_ids)

    @api.depends("decision_line_ids.decision_id.state", "decision_line_ids.bonus_amount")
    def _compute_decision(self):
        for dossier in self:
            lines = dossier.decision_line_ids.filtered(lambda line: line.decision_id.state != "cancelled")
            # the signed decision, when there is one, is the dossier's decision
            lines = lines.filtered(lambda line: line.decision_id.state == "signed") or lines
            dossier.decision_id = lines[-1:].decision_id
            dossier.bonus_amount = lines[-1:].bonus_amount

    def _nominee_domain(self):
        """Domain of the dossiers that name the same nominee, in any campaign."""
        self.ensure_one()
        if self.nominee_partner_id:
            return [("nominee_partner_id", "=", self.nominee_partner_id.id)]
        if self.subject_type in COLLECTIVE_TYPES and self.nominee_unit_id:
            return [("nominee_unit_id", "=", self.nominee_unit_id.id), ("subject_type", "in", COLLECTIVE_TYPES)]
        if not self.nominee_name:
            return None
        # individuals without a contact: the same name (case-insensitive) and kind of subject
        kinds = COLLECTIVE_TYPES if self.subject_type in COLLECTIVE_TYPES else tuple(
            code for code, _label in SUBJECT_TYPES if code not in COLLECTIVE_TYPES
        )
        name = " ".join(self.nominee_name.split())
        # =ilike takes a LIKE pattern: a name of '%' must match the name '%', not everybody
        pattern = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [("nominee_name", "=ilike", pattern), ("subject_type", "in", kinds)]

    @api.depends("nominee_name", "nominee_partner_id", "nominee_unit_id", "subject_type", "award_form_id",
                 "campaign_id", "identity_number")
    def _compute_award_history(self):
        """The nominee's other dossiers (awarded or pending), then the award register's rows."""
        for dossier in self:
            dossier.duplicate_warning = False
            dossier.award_history = False
            domain = dossier._nominee_domain()
            if domain is None:
                continue
            if dossier._origin.id:
                domain = domain + [("id", "!=", dossier._origin.id)]
            # sudo: every award of the nominee is found, to warn of a double award; only those the
            # user may read are named, the others are counted by year (_readable_awards)
            awarded = self.sudo().search(domain + [("state", "=", "awarded")], order="date_awarded desc, id desc")
            named = self._readable_awards(awarded)
            hidden = awarded - named
            pending = self.search(domain + [("state", "in", ("submitted", "appraised", "approved"))])
            items = [
                Markup("<li>%s – %s – %s%s</li>") % (
                    other.award_form_id.name,
                    other.campaign_id.name,
                    other.decision_id.name or "",
                    other.date_awarded and Markup(" (%s)") % other.date_awarded.strftime("%d/%m/%Y") or "",
                )
                for other in named
            ]
            items += [Markup("<li>%s: %s</li>") % (year, text)
                      for year, text in self._hidden_awards_lines(other._award_year() for other in hidden)]
            if items:
                dossier.award_history = Markup("<ul>%s</ul>") % Markup("").join(items)
            # sudo: the pending dossiers were found as the user; read like the awarded ones
            clashes = (named | pending.sudo()).filtered(dossier._same_achievement)
            lines = [dossier._double_award_line(other) for other in clashes]
            lines += [f"{year}: {text}." for year, text in self._hidden_awards_lines(
                other._award_year() for other in hidden.filtered(dossier._same_achievement))]
            if lines:
                dossier.duplicate_warning = "\n".join(lines)
        self._add_award_register_history()

    def _readable_awards(self, records):
        """The part of ``records`` (found as superuser) the current user may read."""
        if self.env.su:
            return records
        # sudo: back to the superuser records the caller found, now that the check is done
        return records.sudo(False)._filtered_access("read").sudo()

    def _award_year(self):
        self.ensure_one()
        day = self.date_awarded or self.campaign_id.date_end
        return day.year if day else ""

    def _hidden_awards_lines(self, years):
        """[(year, 'N other award(s) the same year — contact the appraising office')], newest first:
        the awards of a nominee the user may not read, without a name, a number or a date."""
        counts = {}
        for year in years:
            counts[year] = counts.get(year, 0) + 1
        return [
            (year, self.env._("%(count)s other award(s) the same year — contact the appraising office",
                              count=count))
            for year, count in sorted(counts.items(), key=lambda item: str(item[0]), reverse=True)
        ]

    def _double_award_line(self, other):
        decision = other.decision_id.name if other.state == "awarded" and other.decision_id.name else ""
        decision = ", " + decision if decision else ""
        return self.env._(
            "%(nominee)s is already proposed or awarded %(award)s for an overlapping period: %(campaign)s "
            "(%(state)s%(decision)s). The Law forbids awarding one achievement twice.",
            nominee=other.nominee_name, award=other.award_form_id.name, campaign=other.campaign_id._name_in_text(),
            state=other._state_label(), decision=decision,
        )

    def _same_achievement(self, other):
        """The same achievement (Law Art. 5): the same campaign, or an overlapping period, whatever
        the award form. A proposal to the next level made from this dossier (or the one it came
        from) is the same proposal going up, not a second award."""
        if not (self.campaign_id and other.campaign_id):
            return False
        chain = self._origin | self._origin.origin_dossier_id | self._origin.higher_dossier_ids
        if other in chain or self._origin in other.higher_dossier_ids:
            return False
        mine, theirs = self.campaign_id, other.campaign_id
        if mine == theirs:
            return True
        return mine.date_start <= theirs.date_end and theirs.date_start <= mine.date_end

    # ------------------------------------------------------------------
    # Matching the register
    # ------------------------------------------------------------------
    def _award_record_matches(self):
        """[(register row, possible)] of this nominee, newest first. ``possible`` is True for a
        match by name only."""
        self.ensure_one()
        # sudo: awards given are public record (decisions are published), whichever unit the
        # nominee worked in then; only the year, award, decision and body are shown, never the
        # identity number
        Record = self.env["thidua.award.record"].sudo()
        collective = self.subject_type in COLLECTIVE_TYPES
        kinds = COLLECTIVE_TYPES if collective else INDIVIDUAL_TYPES
        identity = self.identity_number
        sure = Record.browse()
        if identity:
            sure |= Record.search([("identity_number", "=", identity)])
        if collective and self.nominee_unit_id:
            sure |= Record.search([("unit_id", "=", self.nominee_unit_id.id), ("subject_type", "in", kinds)])
        elif not collective and self.nominee_partner_id:
            sure |= Record.search([("partner_id", "=", self.nominee_partner_id.id)])
        # another person's identity number is never this nominee, whatever the name or contact
        sure = sure.filtered(lambda record: not (identity and record.identity_number
                                                 and record.identity_number != identity))
        possible = Record.browse()
        name = normalize_name(self.nominee_name)
        if name:
            possible = Record.search([("normalized_name", "=", name), ("subject_type", "in", kinds)]) - sure
            possible = possible.filtered(lambda record: not (identity and record.identity_number))
        own = self._origin
        matches = [(record, False) for record in sure] + [(record, True) for record in possible]
        matches = [(record, maybe) for record, maybe in matches if not (own and record.dossier_id == own)]
        matches.sort(key=lambda match: (match[0].year, match[0].decision_date or fields.Date.to_date("1900-01-01"),
                                        match[0].id), reverse=True)
        return matches

    def _register_same_period(self, record):
        """The register row is for the same achievement as this proposal (Law Art. 5): a signed
        decision of an overlapping campaign, or an award of a year of the campaign's period."""
        self.ensure_one()
        campaign = self.campaign_id
        if not campaign or not campaign.date_start or not campaign.date_end:
            return False
        if record.dossier_id and record.decision_id.campaign_id:
            return self._same_achievement(record.dossier_id)
        return campaign.date_start.year <= record.year <= campaign.date_end.year

    def _register_double_award_line(self, record, possible):
        date = record.decision_date.strftime("%d/%m/%Y") if record.decision_date else "-"
        values = {
            "nominee": record.nominee_name, "award": record.award_form_id.name or "", "year": record.year,
            "number": record.decision_number or "-", "date": date,
            "body": record.issuing_body or record.issuing_unit_id.name or "-",
        }
        if possible:
            return self.env._(
                "Possible match by name only: %(nominee)s received %(award)s in %(year)s, decision %(number)s of "
                "%(date)s (%(body)s), according to the award register. Compare the identity numbers.", **values)
        return self.env._(
            "%(nominee)s already received %(award)s in %(year)s, decision %(number)s of %(date)s (%(body)s), "
            "according to the award register. The Law forbids awarding one achievement twice.", **values)

    def _register_history_html(self, matches):
        head = Markup("").join(Markup("<th>%s</th>") % label for label in (
            self.env._("Year"), self.env._("Awarded Person or Collective"), self.env._("Award Form"),
            self.env._("Decision Number"), self.env._("Decision Date"), self.env._("Issuing Body"),
        ))
        rows = Markup("").join(record._history_row(possible) for record, possible in matches)
        return Markup(
            '<p class="mb-1"><strong>%s</strong></p><table class="table table-sm o_thidua_award_register">'
            "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (self.env._("Award register"), head, rows)

    def _add_award_register_history(self):
        """Add the award register's rows of the nominee to the history and the double-award
        warning computed from the dossiers (part of :meth:`_compute_award_history`)."""
        for dossier in self:
            matches = dossier._award_record_matches()
            if not matches:
                continue
            # awards of dossiers the history above already names are not named twice
            domain = dossier._nominee_domain()
            linked = matches[0][0].dossier_id.browse(
                [record.dossier_id.id for record, _possible in matches if record.dossier_id])
            known = linked.filtered_domain(domain + [("state", "=", "awarded")]) if domain is not None \
                else linked.browse()
            listed = [(record, possible) for record, possible in matches if record.dossier_id not in known]
            # only the register rows the user may read are named; the others are counted by year
            readable = dossier._readable_awards(matches[0][0].browse([record.id for record, _possible in listed]))
            named = [(record, possible) for record, possible in listed if record in readable]
            hidden = [record for record, _possible in listed if record not in readable]
            parts = [dossier.award_history or ""]
            if named:
                parts.append(dossier._register_history_html(named))
            if hidden:
                parts.append(Markup('<ul class="o_thidua_award_register_hidden">%s</ul>') % Markup("").join(
                    Markup("<li>%s: %s</li>") % (year, text)
                    for year, text in dossier._hidden_awards_lines(record.year for record in hidden)))
            if named or hidden:
                dossier.award_history = Markup("").join(parts)
            lines = [dossier._register_double_award_line(record, possible) for record, possible in named
                     if dossier._register_same_period(record)]
            lines += [f"{year}: {text}." for year, text in dossier._hidden_awards_lines(
                record.year for record in hidden if dossier._register_same_period(record))]
            if lines:
                dossier.duplicate_warning = "\n".join(filter(None, [dossier.duplicate_warning, *lines]))

    # ------------------------------------------------------------------
    # Criteria
    # ------------------------------------------------------------------
    def _criterion_commands(self):
        self.ensure_one()
        templates = self.env["thidua.criterion.template"]._get_for(
            self.award_form_id, self.campaign_id, self.subject_type
        )
        commands = [Command.clear()] if self._origin.id or self.criterion_ids else []
        return commands + [Command.create(template._dossier_line_values()) for template in templates]

    @api.onchange("subject_type", "award_form_id", "campaign_id")
    def _onchange_criteria_source(self):
        if self.subject_type and self.award_form_id:
            self.criterion_ids = self._criterion_commands()

    @api.onchange("campaign_id")
    def _onchange_campaign_id(self):
        if self.campaign_id and self.award_form_id not in self.campaign_id.award_form_ids:
            self.award_form_id = self.campaign_id.award_form_ids[:1]

    def _reset_criteria(self):
        for dossier in self:
            # the checklist's configuration lines are the workflow's (the lines' guard)
            with workflow_unlocked(dossier):
                dossier.write({"criterion_ids": dossier._criterion_commands()})

    def _sync_criteria(self):
        """Every criterion the configuration requires is on the dossier (none can be left out)."""
        Template = self.env["thidua.criterion.template"]
        for dossier in self:
            templates = Template._get_for(dossier.award_form_id, dossier.campaign_id, dossier.subject_type)
            missing = templates - dossier.criterion_ids.template_id
            if missing:
                with workflow_unlocked(dossier):
                    dossier.write({
                        "criterion_ids": [Command.create(template._dossier_line_values()) for template in missing]
                    })

    def _evaluate_criteria(self):
        """Complete the checklist, then decide the automatic criteria (some depend on other records).

        Only while the dossier is still being prepared or appraised: once appraised, what the
        council votes on (and later the certificate) stays as it was decided.
        """
        open_states = self._transition_states("check_criteria")
        dossiers = self if self.env.su else self.filtered(lambda d: d.state in open_states)
        dossiers._sync_criteria()
        dossiers.criterion_ids.filtered(lambda line: line.kind == "auto")._compute_auto_result()

    def action_check_criteria(self):
        if not self.env.su:
            self._check_transition("check_criteria")
        self._evaluate_criteria()
        return True

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _normalize_identity_vals(self, vals):
        """``vals`` with the identity number as stored (12 digits), or a plain refusal."""
        if "identity_number" in vals:
            label = self._fields["identity_number"]._description_string(self.env)
            vals = dict(vals, identity_number=normalize_identity_number(self.env, vals["identity_number"], label))
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_identity_vals(vals) for vals in vals_list]
        campaigns = self.env["thidua.campaign"].browse([vals["campaign_id"] for vals in vals_list if
                                                         vals.get("campaign_id")])
        if not self.env.su:
            for campaign in campaigns:
                if campaign.state != "closed":
                    raise UserError(
                        self.env._(
                            "Award dossiers are proposed once the campaign has ended: %(campaign)s is %(state)s.",
                            campaign=campaign._name_in_text(), state=campaign._state_label(),
                        )
                    )
        client_criteria = [vals.pop("criterion_ids", None) for vals in vals_list]
        dossiers = super().create(vals_list)
        # checked on what was created: the unit may also come from a default_unit_id context key
        for dossier in dossiers:
            dossier._check_officer_or_appraiser(dossier.unit_id)
        # sudo: portal officers propose dossiers without access to sequences; it only draws a reference
        Sequence = self.env["ir.sequence"].sudo()
        for dossier in dossiers:
            dossier._workflow_write(name=Sequence.next_by_code("thidua.dossier") or "/")
        dossiers._reset_criteria()
        for dossier, commands in zip(dossiers, client_criteria, strict=True):
            dossier._apply_client_criteria(commands)
        dossiers._evaluate_criteria()
        for dossier in dossiers:
            dossier.message_subscribe(partner_ids=dossier.unit_id._officer_users().partner_id.ids)
        return dossiers

    def write(self, vals):
        vals = self._normalize_identity_vals(vals)
        to_reset = self._criteria_source_changed(vals)
        client_criteria = None
        if to_reset and "criterion_ids" in vals and not self._workflow_unlocked():
            # the form rebuilt the checklist for the new award or subject: the server rebuilds it
            # from the configuration and keeps only what the user may set (ticks, justifications)
            vals = dict(vals)
            client_criteria = vals.pop("criterion_ids")
        result = super().write(vals)
        if "unit_id" in vals and not self.env.su:
            # record rules are checked before a write only: a dossier must not be handed to
            # a unit outside the user's reach
            self.check_access("write")
        to_reset._reset_criteria()
        if client_criteria:
            for dossier in to_reset:
                dossier._apply_client_criteria(client_criteria)
        if {"annual_income", "taxes_paid", "stable_worker_income", "attachment_ids", "nominee_unit_id",
                "unit_id", "criterion_ids", "tax_confirmation_ids", "insurance_confirmation_ids"} & set(vals):
            self._evaluate_criteria()
        return result

    def _check_content_write(self, vals):
        """The table's ``edit``: the unit's officers while it is theirs to edit, the appraisers
        also while they appraise it; a dossier handed to another unit, to one the user acts for."""
        self._check_editable()
        if vals.get("unit_id"):
            self._check_officer_or_appraiser(self.env["thidua.unit"].browse(vals["unit_id"]))

    @api.constrains("award_form_id", "campaign_id", "origin_dossier_id")
    def _check_award_form_of_campaign(self):
        for dossier in self:
            # a proposal to a higher level names the higher award, which the campaign does not grant
            if dossier.origin_dossier_id:
                continue
            if dossier.campaign_id.award_form_ids and dossier.award_form_id not in dossier.campaign_id.award_form_ids:
                raise ValidationError(
                    self.env._("%(award)s is not an award form of the campaign %(campaign)s.",
                               award=dossier.award_form_id.name, campaign=dossier.campaign_id._name_in_text())
                )

    @api.constrains("attachment_ids")
    def _check_attachments_are_the_dossiers(self):
        """A dossier's documents are files uploaded to it (or to no record yet), never another record's
        file: ``ir.attachment`` then knows by the file's own model whether a change can touch a
        dossier, and guards only those (``_thidua_check_dossier_documents``)."""
        for dossier in self:
            # sudo: the files' own links, read whatever the user's rights on them
            foreign = dossier.attachment_ids.sudo().filtered(
                lambda attachment: attachment.res_model and attachment.res_model != self._name)
            if foreign:
                raise ValidationError(self.env._(
                    "%(file)s belongs to another record: upload the file to the dossier %(dossier)s itself.",
                    file=foreign[0].name, dossier=dossier.display_name,
                ))

    @api.constrains("annual_income")
    def _check_annual_income(self):
        for dossier in self:
            if dossier.annual_income < 0:
                raise ValidationError(
                    self.env._("The annual income of %(dossier)s cannot be negative.", dossier=dossier.display_name)
                )
            if dossier.annual_income > MAX_PLAUSIBLE_INCOME:
                raise ValidationError(
                    self.env._("The annual income of %(dossier)s (%(amount)s) is not plausible: enter the amount "
                               "in VND per year.", dossier=dossier.display_name,
                               amount=format_vnd(dossier.annual_income))
                )

    def _apply_client_criteria(self, commands):
        """What a form or a call sent for a rebuilt checklist, applied as the user.

        Lines of the configuration come from the server (:meth:`_reset_criteria`); of the lines
        sent, only the judgement ticks and justifications of those lines, and extra judgement
        lines the unit adds, are taken, through the criteria's own guards.
        """
        self.ensure_one()
        by_template = {line.template_id.id: line for line in self.criterion_ids if line.template_id}
        for command in commands or []:
            if not isinstance(command, (list, tuple)) or len(command) < 3 or command[0] != Command.CREATE:
                continue
            values = command[2] or {}
            line = by_template.get(values.get("template_id"))
            if line:
                if line.kind == "manual":
                    ticks = {key: values[key] for key in ("is_met", "note") if key in values}
                    if ticks and any(line[key] != value for key, value in ticks.items()):
                        line.write(ticks)
            elif not values.get("template_id"):
                self.env["thidua.dossier.criterion"].create(
                    {key: values[key] for key in ("name", "sequence", "is_met", "note") if key in values}
                    | {"dossier_id": self.id}
                )

    def _criteria_source_changed(self, vals):
        """Dossiers whose subject type, award form or campaign really changes (a form re-sends them)."""
        names = {"subject_type", "award_form_id", "campaign_id"} & set(vals)
        if not names:
            return self.browse()
        return self.filtered(lambda dossier: any(
            (dossier[name].id if dossier._fields[name].type == "many2one" else dossier[name]) != vals[name]
            for name in names
        ))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        # the state only: who may delete is the ACLs' and record rules' answer
        self._check_transition("delete", state_only=True)

    @api.depends("nominee_name", "name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"{dossier.nominee_name} ({dossier.name})" if dossier.name and dossier.name != "/"
                else dossier.nominee_name or ""
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _transition_params(self, transition):
        params = super()._transition_params(transition)
        params["dossier"] = lambda: self.display_name
        return params

    def _check_officer_or_appraiser(self, unit=None):
        """The proposing unit's officers (or an appraiser) act for a dossier."""
        if self.env.su or self.env.user.has_group("chilang_thidua.group_appraiser"):
            return
        self._check_officer(unit)

    def _notify_unit(self, body, todo=False):
        """Tell the proposing unit's officers (portal users included) what happened."""
        for dossier in self:
            # sudo: the officers of the unit are told by whoever acts, who may not read them
            officers = dossier.sudo().unit_id._officer_users()
            # sudo: posting is the workflow's, after the caller's checks (council members only read)
            dossier.sudo().message_post(
                body=body, partner_ids=officers.partner_id.ids,
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_comment", message_type="notification",
            )

    def action_submit(self):
        self._check_transition("submit")
        for dossier in self:
            if dossier.campaign_id.state != "closed":
                raise UserError(
                    self.env._(
                        "Award dossiers are proposed once the campaign has ended: %(campaign)s is %(state)s.",
                        campaign=dossier.campaign_id._name_in_text(), state=dossier.campaign_id._state_label(),
                    )
                )
            if not (dossier.achievement or dossier.achievement_report):
                raise UserError(
                    self.env._("Describe the achievement of %(dossier)s before submitting it.",
                               dossier=dossier.display_name)
                )
        self._evaluate_criteria()
        self._set_state("submitted", date_submitted=fields.Date.context_today(self), review_note=False)
        return True

    def action_appraise(self):
        self._check_transition("appraise")
        self._evaluate_criteria()
        for dossier in self:
            if not dossier.eligible:
                failed = dossier.criterion_ids.filtered(lambda line: not line._group_met())
                raise UserError(
                    self.env._(
                        "%(dossier)s does not meet every criterion and cannot be appraised:\n%(report)s",
                        dossier=dossier.display_name,
                        report="\n".join(line._report_line() for line in failed),
                    )
                )
        with workflow_unlocked(self):
            self.criterion_ids.filtered(lambda line: line.kind == "manual").write({"confirmed": True})
        self._set_state("appraised", appraiser_id=self.env.user.id, date_appraised=fields.Date.context_today(self))
        for dossier in self:
            office = (dossier.campaign_id.issuing_unit_id or dossier.unit_id)._appraising_office()[0]
            # e.g. "Phòng Nội vụ"; a unit without issuing-body data gets the generic wording
            dossier._notify_unit(
                self.env._("The dossier was appraised by %(office)s and goes to the council.", office=office)
            )
        return True

    def _action_return(self, reason):
        self._check_transition("return")
        self._set_state("returned", review_note=reason)
        self._notify_unit(
            Markup("%s<br/>%s") % (self.env._("The dossier was returned to the unit. Reason:"), reason)
        )
        return True

    def _apply_council_vote(self, session, votes_for):
        """The council's result: approved with enough votes in favour, else rejected.

        Called by a closing council session (whose closer may only read dossiers); the dossier
        keeps its own transitions.
        """
        self.ensure_one()
        self._check_transition("council_vote")
        passed = votes_for >= session.votes_needed
        self._set_state("approved" if passed else "rejected")
        self._notify_unit(
            self.env._("Council session of %(date)s: %(for)s of %(members)s members in favour (%(needed)s "
                       "needed): %(result)s.",
                       date=session.date.strftime("%d/%m/%Y"), members=session.member_count,
                       needed=session.votes_needed, result=self._state_label(), **{"for": votes_for})
        )
        return passed

    def _mark_awarded(self, decision):
        """Called by a signed decision: the dossier is awarded, gets its verification token, and
        what its certificate says is fixed (renaming a unit or an award form later changes nothing)."""
        for dossier in self:
            dossier._set_state(
                "awarded", date_awarded=decision.date_decision,
                # a certificate signed before the issue (decision.prepared_pdf_id) prints its token
                verify_token=decision.prepared_pdf_id and dossier.verify_token or secrets.token_hex(20),
                certificate_data=dossier._certificate_snapshot(decision),
            )
        self._notify_unit(
            self.env._("Awarded by decision %(number)s.", number=decision.name)
        )

    def _certificate_snapshot(self, decision):
        self.ensure_one()
        return {
            "award": self.award_form_id.name or "",
            "grantor": self.award_form_id.grantor_title or "",
            "nominee": self.nominee_name or "",
            "detail": self.job_title or self.unit_id.name or "",
            "job_title": self.job_title or "",
            "unit": self.unit_id.name or "",
            "achievement": self.achievement or "",
            "campaign": self.campaign_id.name or "",
            "decision_number": decision.name or "",
            "decision_date": fmt.date_short(decision.date_decision),
            "signer": " ".join(filter(None, [decision.signer_title, decision.signer_subtitle, decision.signer_name])),
        }

    # ------------------------------------------------------------------
    # Certificates of record (stored by the decision's signing)
    # ------------------------------------------------------------------
    def _signing_decisions(self):
        return self.decision_line_ids.decision_id.filtered(lambda decision: decision.state == "signed")

    def _signed_certificates_bytes(self):
        """The certificates stored at signing, when ``self`` is exactly one decision's awardees in its order."""
        decisions = self._signing_decisions()
        if len(decisions) != 1 or not decisions.certificate_pdf_id:
            return None
        if any(dossier.state != "awarded" for dossier in self):
            return None
        ordered = decisions.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
        if ordered.ids != self.ids:
            return None
        # sudo: the reader may read the decision's dossiers; the stored certificates are its own
        return decisions.certificate_pdf_id.sudo().raw or None

    def _certificates_of_record(self, pages=False):
        """{dossier id: the bytes of its certificate as issued} for the dossiers of ``self`` that
        have one: their own signed file, else (decisions signed before single files were kept)
        their page of the decision's stored batch, unsigned. A certificate signed elsewhere is its
        page of the signed batch: the whole signed file, or with ``pages`` its page (unsigned)."""
        result = {}
        batches = {}
        for dossier in self.filtered(lambda d: d.state == "awarded"):
            if dossier.certificate_pdf_id:
                # sudo: whoever may read the dossier reads its certificate as issued
                raw = dossier.certificate_pdf_id.sudo().raw
                if raw and pages and dossier.certificate_page:
                    key = ("signed", dossier.certificate_pdf_id.id)
                    if key not in batches:
                        batches[key] = pdf_signing.split_pages(raw)
                    raw = batches[key][dossier.certificate_page - 1] \
                        if dossier.certificate_page <= len(batches[key]) else None
                if raw:
                    result[dossier.id] = raw
                    continue
            decision = dossier._signing_decisions()[:1]
            if not decision.certificate_pdf_id:
                continue
            if decision.id not in batches:
                ordered = decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
                # sudo: the decision's stored batch, read for a dossier the user may read
                pages = pdf_signing.split_pages(decision.certificate_pdf_id.sudo().raw or b"")
                batches[decision.id] = dict(zip(ordered.ids, pages, strict=True)) if len(pages) == len(ordered) else {}
            if dossier.id in batches[decision.id]:
                result[dossier.id] = batches[decision.id][dossier.id]
        return result

    def action_electronic_copy(self):
        """Download the electronic copy (bản sao điện tử) of the dossier's signed certificate."""
        self.ensure_one()
        self._electronic_copy_source()  # a plain message before the download starts
        return self.env.ref("chilang_thidua.action_report_certificate_copy").report_action(self)

    def _electronic_copy_source(self):
        """(the dossier's signed certificate file, the body that issued it); a UserError without one."""
        self.ensure_one()
        self.check_access("read")
        # sudo: the reader may read the dossier (checked above), not necessarily the decision; the
        # certificate of record and the issuing body's seal and name are printed on the copy
        dossier = self.sudo()
        decision = dossier._signing_decisions()[:1]
        raw = dossier.certificate_pdf_id.raw if dossier.state == "awarded" and dossier.certificate_pdf_id else None
        if not raw or not decision:
            raise UserError(self.env._("Only a digitally signed certificate has an electronic copy."))
        return raw, decision.number_authority_id

    def _electronic_copy_bytes(self):
        """The electronic copy of the signed certificate: the copy's mark added in an incremental
        update, no key applied (the server signs only inside issuance, never on print)."""
        raw, authority = self._electronic_copy_source()
        return authority._electronic_copy(raw)

    def action_propose_higher(self):
        """Propose the most exemplary nominees for the next level's award (e.g. the province)."""
        self._check_transition("propose_higher")
        for dossier in self.filtered(lambda d: d.state == "awarded"):
            # Law Art. 5: one achievement, one award; the higher award replaces the lower proposal
            # while it is still a proposal, never an award already given
            raise UserError(
                self.env._("%(dossier)s was already awarded %(award)s by decision %(number)s: the Law does not award "
                           "one achievement twice. Propose the nominee to a higher award for a new achievement.",
                           dossier=dossier.display_name, award=dossier.award_form_id.name,
                           number=dossier.decision_id.name or "")
            )
        new_dossiers = self.browse()
        for dossier in self:
            next_form = dossier.award_form_id.next_award_form_id
            if not next_form:
                raise UserError(
                    self.env._("The award %(award)s has no higher level award configured.",
                               award=dossier.award_form_id.name)
                )
            if next_form in dossier.higher_dossier_ids.award_form_id:
                raise UserError(
                    self.env._("%(dossier)s is already proposed for %(award)s.",
                               dossier=dossier.display_name, award=next_form.name)
                )
            authority = dossier.campaign_id.issuing_unit_id or dossier.unit_id
            # sudo: council members only read dossiers; the council's proposal to the province is
            # made in the name of the issuing body (checked above) and starts as a draft.
            new_dossiers |= self.sudo().create({
                "campaign_id": dossier.campaign_id.id,
                "unit_id": authority.id,
                "award_form_id": next_form.id,
                "subject_type": dossier.subject_type,
                "nominee_name": dossier.nominee_name,
                "nominee_unit_id": dossier.nominee_unit_id.id,
                "nominee_partner_id": dossier.nominee_partner_id.id,
                "job_title": dossier.job_title,
                "annual_income": dossier.annual_income,
                "taxes_paid": dossier.taxes_paid,
                "stable_worker_income": dossier.stable_worker_income,
                "achievement": dossier.achievement,
                "achievement_report": dossier.achievement_report,
                "attachment_ids": [Command.set(dossier.attachment_ids.ids)],
                "origin_dossier_id": dossier.id,
                "company_id": dossier.company_id.id,
            })
        for new in new_dossiers:
            with server_mail():
                new.origin_dossier_id.message_post(
                    body=self.env._("Proposed for %(award)s: %(dossier)s. The higher proposal replaces this one: it "
                                    "is not put in a decision unless the higher proposal is rejected.",
                                    award=new.award_form_id.name, dossier=new.name)
                )
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Higher Proposals"),
            "res_model": "thidua.dossier",
            "view_mode": "list,form",
            "domain": [("id", "in", new_dossiers.ids)],
        }
        if len(new_dossiers) == 1:
            action.update(view_mode="form", res_id=new_dossiers.id)
        return action

    def _replaced_by_higher(self):
        """The pending (not rejected) higher proposals made from this dossier."""
        return self.higher_dossier_ids.filtered(lambda higher: higher.state != "rejected")

    def action_view_higher(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Higher Proposals"),
            "res_model": "thidua.dossier",
            "view_mode": "list,form",
            "domain": [("origin_dossier_id", "=", self.id)],
        }

    def _eligibility_html(self):
        """The report as an HTML list (chatter, portal)."""
        self.ensure_one()
        return Markup("<br/>").join(escape(line) for line in (self.eligibility_report or "").splitlines())

    # ------------------------------------------------------------------
    # Reminder rule "dossier waiting" (run by thidua.reminder._collect_reminders)
    # ------------------------------------------------------------------
    @api.model
    def _thidua_reminders_due(self, today):
        """Dossiers waiting longer than the processing time: appraisers and council members.

        The processing time (``chilang_thidua.dossier_processing_days``, 20 working days, docs/law.md
        §5) runs from the submission of a complete dossier; working days are those of the office
        calendar (weekends and public holidays excluded). A submitted dossier waits for the
        appraisers, an appraised one for the council. One reminder per campaign and stage; each
        dossier is listed again only after the overdue interval.
        """
        Reminder = self.env["thidua.reminder"]
        limit = Reminder._days_setting("dossier_processing_days")
        interval = Reminder._days_setting("overdue_reminder_interval")
        # submitted fewer calendar days ago than the limit: certainly in time
        dossiers = self.search_fetch(
            [("state", "in", ("submitted", "appraised")), ("date_submitted", "!=", False),
             ("date_submitted", "<", today - timedelta(days=limit))],
            ["name", "nominee_name", "state", "date_submitted", "campaign_id", "unit_id"],
            order="date_submitted, id",
        )
        if dossiers:
            waited = Reminder._working_days_waited(dossiers, today)
            dossiers = dossiers.filtered(lambda dossier: waited[dossier] > limit)
        if not dossiers:
            return []
        recent = Reminder.search([("kind", "=", "dossier_waiting"), ("date", ">", today - timedelta(days=interval))])
        recently_listed = {dossier_id for reminder in recent for dossier_id in (reminder.target_ids or [])}
        groups = dossiers.filtered(lambda d: d.id not in recently_listed).grouped(lambda d: (d.campaign_id, d.state))
        keys = {group: Reminder._make_key("dossier_waiting", group[0], res_id=group[1], day=today) for group in groups}
        existing = Reminder._existing_keys(keys.values())
        vals_list = [
            Reminder._safe_vals(
                self._thidua_reminder_vals, campaign, stage, stage_dossiers, keys[campaign, stage], today
            )
            for (campaign, stage), stage_dossiers in groups.items()
            if keys[campaign, stage] not in existing
        ]
        return [vals for vals in vals_list if vals]

    @api.model
    def _thidua_reminder_vals(self, campaign, stage, dossiers, key, today):
        Reminder = self.env["thidua.reminder"]
        if stage == "submitted":
            users = Reminder._appraisers(campaign)
        else:
            users = Reminder._group_users("chilang_thidua.group_council")
        return Reminder._office_vals(self, "dossier_waiting", campaign, users, key, today, dossiers)

    @api.model
    def _thidua_reminder_title(self, campaign, unit, day, deadline, targets):
        # the stage the dossiers wait at: they all were at the same one when reminded
        if targets[:1].state == "appraised":
            return self.env._("%(count)s award dossier(s) of %(campaign)s waiting for the council too long",
                              count=len(targets), campaign=campaign._name_in_text())
        return self.env._("%(count)s award dossier(s) of %(campaign)s waiting for appraisal too long",
                          count=len(targets), campaign=campaign._name_in_text())

    # ------------------------------------------------------------------
    # Editable Word documents (báo cáo thành tích, Tờ trình), docs/law.md §5
    # ------------------------------------------------------------------
    def action_download_achievement_docx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/thidua/dossier/{self.id}/docx/achievement", "target": "self"}

    def action_download_proposal_docx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/thidua/dossier/{self.id}/docx/proposal", "target": "self"}

    def _docx_achievement_values(self):
        """What the achievement report of the dossier's kind is filled with."""
        self.ensure_one()
        unit = self.nominee_unit_id or self.unit_id
        form = self.award_form_id
        # sudo: the nominee's registered items and history are printed for whoever may read the dossier
        items = self.env["thidua.registration.item"].sudo().search([
            ("registration_id.campaign_id", "=", self.campaign_id.id), ("registration_id.unit_id", "=", unit.id),
        ]) if self.is_collective and unit else self.env["thidua.registration.item"]
        verb = "CÔNG NHẬN" if form.kind == "title" else "TẶNG"
        history = [line.strip(" *-") for line in html2plaintext(self.award_history or "").splitlines()
                   if line.strip(" *-")]
        return {
            "collective": self.is_collective,
            "unit_parent": (unit.parent_id.name or "").upper(),
            "unit_lines": [(unit.name or "").upper()],
            "date_line": fmt.date_line(unit._get_document_authority().place_name or "", False),
            "award_title": f"ĐỀ NGHỊ {verb} {(form.name or '').upper()}",
            "campaign_phrase": fmt.campaign_phrase(self.campaign_id),
            "nominee_name": self.nominee_name or "",
            "job_title": self.job_title or "",
            "unit_name": unit.name or "",
            "achievement": " ".join((self.achievement or "").split()),
            "items": [" ".join(filter(None, [item.name, f"({item.progress}%)" if item.progress else "",
                                             item.result or ""])) for item in items],
            "history": history,
        }

    def _docx_proposal_values(self):
        """The values of the PDF proposal (Tờ trình) for this dossier alone."""
        self.ensure_one()
        report = self.env["report.chilang_thidua.report_proposal"]
        return report._proposal_values(self.campaign_id, self.award_form_id, report._proposing_body(self), self)
