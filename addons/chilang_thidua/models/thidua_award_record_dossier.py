from markupsafe import Markup

from odoo import api, fields, models

from .thidua_award_record import INDIVIDUAL_TYPES, LEADERSHIP_LEVELS, normalize_identity_number, normalize_name
from .thidua_dossier import COLLECTIVE_TYPES


class ThiduaDossier(models.Model):
    """The nominee's awards of the register, where the proposal is decided.

    The register's rows are matched to the nominee by identity number (CCCD) first, then by
    contact (individuals) or unit (collectives), and only then by name: a name-only match is shown
    as a *possible* match, and never when both sides have different identity numbers.
    """

    _inherit = "thidua.dossier"

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

    def _normalize_identity_vals(self, vals):
        if "identity_number" in vals:
            label = self._fields["identity_number"]._description_string(self.env)
            vals = dict(vals, identity_number=normalize_identity_number(self.env, vals["identity_number"], label))
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_identity_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_identity_vals(vals))

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

    @api.depends("identity_number", "nominee_name", "nominee_partner_id", "nominee_unit_id", "subject_type",
                 "campaign_id")
    def _compute_award_history(self):
        super()._compute_award_history()
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
