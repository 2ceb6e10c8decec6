"""The award register (sổ theo dõi khen thưởng): one row per award or title actually given.

Rows come from two sources:

- ``decision``: written by ``thidua.decision.action_sign()``, one per decision line; they are
  the record of a signed document and refuse every change and deletion (but the superuser's);
- ``import``: the history of awards given before the addon, or by bodies outside this database,
  brought in through Odoo's standard import (the template has Vietnamese headers); appraisers
  and managers correct or delete them.

Every row is checked when it is written: the identity number (CCCD: 12 digits, spaces removed),
the year of the award against the decision date, and duplicates (the same person, by identity
number or else by name, given the same award form in the same year by the same decision). An
import file with such rows is refused row by row, in Vietnamese, naming the line.
"""

import re
import unicodedata

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.input import normalize_identity_number, normalize_name, parse_date
from .thidua_campaign import AWARD_METHODS
from .thidua_dossier import LEADERSHIP_LEVELS, SUBJECT_TYPES

AWARD_RECORD_SOURCES = [
    ("decision", "Signed Decision"),
    ("import", "Imported"),
]
_SPACES = re.compile(r"\s+")
MIN_YEAR = 1945


def normalize_decision_number(number):
    """'125 / QĐ-UBND' and '125/qđ-ubnd' are one decision number."""
    if not number:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFC", number)).lower()


def _decision_key(number):
    """A decision number as compared with this database's: '1/QĐ-UBND', '01 / qđ-ubnd' are one."""
    text = normalize_decision_number(number)
    head, slash, tail = text.partition("/")
    if not slash:
        return text
    return f"{int(head)}/{tail}" if head.isdigit() else text


class ThiduaAwardRecord(models.Model):
    """One award or emulation title given to a collective or an individual."""

    _name = "thidua.award.record"
    _description = "Award Register Entry"
    _inherit = ["thidua.guard.mixin"]
    _order = "year desc, decision_date desc, id desc"
    # a row says it came from a signed decision only when the signing wrote it
    _workflow_fields = frozenset({"source", "dossier_id", "decision_id"})
    _rec_name = "nominee_name"
    _text_fields = {"nominee_name": (256, False), "job_title": (256, False), "decision_number": (64, False),
                    "issuing_body": (256, False), "achievement": (2000, True)}

    nominee_name = fields.Char(string="Awarded Person or Collective", required=True, index=True)
    # what a generic client (another system's script) reads as the row's name
    name = fields.Char(compute="_compute_name", search="_search_name")
    normalized_name = fields.Char(
        string="Name for Matching", compute="_compute_normalized_name", store=True, index=True,
        help="Lower-case, single spaces, Unicode NFC; diacritics kept.",
    )
    # personal data: for those who propose (unit staff, portal officers) and appraise the person, not
    # for the reporting role or other apps' users
    identity_number = fields.Char(
        string="Identity Number (CCCD)", index="btree_not_null", groups="chilang_thidua.group_user,base.group_portal",
        help="The 12 digits of the citizen identity card of a person; matches the person before the name does.",
    )
    partner_id = fields.Many2one("res.partner", string="Contact", index="btree_not_null")
    unit_id = fields.Many2one(
        "thidua.unit", string="Working Unit or Collective", index=True,
        help="For a collective: the collective itself. For an individual: the unit they work in.",
    )
    subject_type = fields.Selection(SUBJECT_TYPES, required=True, default="civil_servant")
    leadership_level = fields.Selection(
        LEADERSHIP_LEVELS, string="Leadership Position", default="none",
        help="For the statistics of Circular 02/2023/TT-BNV (form 0603.N, rows 06–10).",
    )
    job_title = fields.Char(string="Position")
    # not required in the database: the standard import can then skip rows of an unknown award form
    # when the user asks it to; every row written still needs one (_check_award_form)
    award_form_id = fields.Many2one("thidua.award.form", index=True)
    award_kind = fields.Selection(related="award_form_id.kind", string="Award or Title")
    award_method = fields.Selection(
        AWARD_METHODS, default="regular", required=True,
        help="As form 0603.N of Circular 02/2023/TT-BNV counts awards: regular, thematic, unscheduled …",
    )
    year = fields.Integer(
        compute="_compute_year", store=True, readonly=False, precompute=True, index=True,
        help="The year the award was given (the year of the decision).",
    )
    decision_number = fields.Char()
    decision_date = fields.Date()
    issuing_body = fields.Char(
        help="The body that gave the award, as written on the decision "
        "(also for bodies outside this database, e.g. UBND tỉnh Lạng Sơn).",
    )
    issuing_unit_id = fields.Many2one("thidua.unit", index="btree_not_null")
    achievement = fields.Text()
    source = fields.Selection(AWARD_RECORD_SOURCES, required=True, default="import",
                              readonly=True, index=True)
    dossier_id = fields.Many2one("thidua.dossier", readonly=True, index="btree_not_null",
                                 ondelete="restrict")
    decision_id = fields.Many2one("thidua.decision", readonly=True, index="btree_not_null",
                                  ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    _sql_constraints = [
        ("decision_line_uniq", "unique(decision_id, dossier_id)", "A decision records each dossier's award once."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("nominee_name")
    def _compute_normalized_name(self):
        for record in self:
            record.normalized_name = normalize_name(record.nominee_name)

    @api.depends("decision_date")
    def _compute_year(self):
        for record in self:
            if record.decision_date:
                record.year = record.decision_date.year

    @api.depends("nominee_name", "award_form_id", "year")
    def _compute_name(self):
        for record in self:
            parts = [record.nominee_name or "", record.award_form_id.name or "", str(record.year or "")]
            record.name = " – ".join(part for part in parts if part)

    def _search_name(self, operator, value):
        return [("nominee_name", operator, value)]

    @api.depends("nominee_name", "award_form_id", "year")
    def _compute_display_name(self):
        for record in self:
            parts = [record.nominee_name or "", record.award_form_id.name or "", str(record.year or "")]
            record.display_name = " – ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _normalize_vals(self, vals):
        if "identity_number" in vals:
            vals = dict(vals, identity_number=normalize_identity_number(
                self.env, vals["identity_number"], self._fields["identity_number"]._description_string(self.env)))
        return vals

    @api.constrains("award_form_id")
    def _check_award_form(self):
        for record in self:
            if not record.award_form_id:
                raise ValidationError(self.env._("%(nominee)s: name the award form (e.g. Giấy khen, Bằng khen).",
                                                 nominee=record.nominee_name))

    @api.constrains("year", "decision_date")
    def _check_year(self):
        today = fields.Date.context_today(self)
        for record in self:
            if not record.year:
                raise ValidationError(self.env._("%(nominee)s: give the year of the award or the decision date.",
                                                 nominee=record.nominee_name))
            if record.source == "decision":
                continue  # a signed decision's date is the decision's (it may be dated ahead)
            if not MIN_YEAR <= record.year <= today.year:
                raise ValidationError(self.env._(
                    "%(nominee)s: the year %(year)s is not a year an award could have been given "
                    "(%(first)s to %(last)s).", nominee=record.nominee_name, year=record.year, first=MIN_YEAR,
                    last=today.year,
                ))
            if record.decision_date and record.decision_date > today:
                raise ValidationError(self.env._("%(nominee)s: the decision date %(date)s is in the future.",
                                                 nominee=record.nominee_name,
                                                 date=record.decision_date.strftime("%d/%m/%Y")))
            if record.decision_date and record.decision_date.year != record.year:
                raise ValidationError(self.env._(
                    "%(nominee)s: the year %(year)s differs from the year of the decision date %(date)s.",
                    nominee=record.nominee_name, year=record.year, date=record.decision_date.strftime("%d/%m/%Y"),
                ))

    @api.constrains("identity_number", "nominee_name", "award_form_id", "year", "decision_number")
    def _check_duplicate(self):
        # a signed decision's rows are the award itself: an imported copy of it is refused instead
        for record in self.filtered(lambda record: record.source == "import"):
            duplicate = record._find_duplicate()
            if duplicate:
                raise ValidationError(record._duplicate_message(duplicate))

    @api.constrains("decision_number", "issuing_body", "issuing_unit_id", "year", "nominee_name",
                    "identity_number", "award_form_id")
    def _check_decision_claim(self):
        # only the signing writes the rows of this database's decisions; a row typed or imported
        # may repeat one of their lines, never add a name to them
        for record in self.filtered(lambda record: record.source == "import" and record.decision_number):
            problem = record._decision_claim_problem({
                "nominee_name": record.nominee_name, "identity_number": record.identity_number,
                "award_form_id": record.award_form_id.id, "year": record.year,
                "decision_number": record.decision_number, "issuing_body": record.issuing_body,
                "issuing_unit_id": record.issuing_unit_id.id,
            })
            if problem:
                raise ValidationError(problem)

    @api.model
    def _decision_claim_problem(self, row, signed=None):
        """Why a row (a dict of register values, ids for the relations) may not name the decision it
        names, or None: a decision number of an issuing body that this database signed is the
        signed decision's, and a row naming it must be exactly one of its lines (the same person or
        collective by identity number or name, the same award form). A row naming no issuing body
        is read as this database's. ``signed``: a cache (dict) shared by the rows of one import."""
        key = _decision_key(row.get("decision_number"))
        if not key or not row.get("year"):
            return None
        signed = {} if signed is None else signed
        if row["year"] not in signed:
            # sudo: the decisions this database signed, whatever the importing user may read of them
            decisions = self.env["thidua.decision"].sudo().search(
                [("state", "=", "signed"), ("number_year", "=", row["year"])])
            by_key = {}
            for decision in decisions:
                by_key.setdefault(_decision_key(decision.name), decision)
            signed[row["year"]] = by_key
        decision = signed[row["year"]].get(key)
        if not decision:
            return None
        authority = decision.number_authority_id
        body = normalize_name(row.get("issuing_body"))
        unit_id = row.get("issuing_unit_id")
        names = {normalize_name(authority.authority_name), normalize_name(authority.name)} - {False}
        if unit_id and unit_id != authority.id:
            return None
        if not unit_id and body and body not in names:
            return None
        name = normalize_name(row.get("nominee_name"))
        identity = row.get("identity_number")
        for dossier in decision.line_ids.dossier_id:
            if row.get("award_form_id") != decision.award_form_id.id:
                break
            if identity and dossier.identity_number:
                same = identity == dossier.identity_number
            else:
                same = bool(name) and name == normalize_name(dossier.nominee_name)
            # the person or collective by identity number or name: a working unit alone names no one
            if same:
                return None
        return self.env._(
            "decision %(number)s of %(body)s was signed in this system and does not award %(award)s to "
            "%(nominee)s: a row of the register cannot add anyone to it. If the award was given by another "
            "body, write that body in the Issuing Body column.",
            number=decision.name, body=authority.authority_name or authority.name,
            award=self.env["thidua.award.form"].browse(row.get("award_form_id")).name or "",
            nominee=row.get("nominee_name") or identity or "",
        )

    def _is_same_award(self, other):
        """The same person (identity number, or else name), award form, year and decision number."""
        self.ensure_one()
        if (other.award_form_id, other.year) != (self.award_form_id, self.year):
            return False
        if _decision_key(other.decision_number) != _decision_key(self.decision_number):
            return False
        if self.identity_number and other.identity_number:
            return self.identity_number == other.identity_number
        return bool(self.normalized_name) and self.normalized_name == other.normalized_name

    def _find_duplicate(self):
        self.ensure_one()
        if not (self.award_form_id and self.year):
            return self.browse()
        domain = [
            ("award_form_id", "=", self.award_form_id.id), ("year", "=", self.year),
            "|", ("normalized_name", "=", self.normalized_name or "-"),
            ("identity_number", "=", self.identity_number or "-"),
        ]
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        # sudo: a duplicate is one whoever may read it (another unit's row is still the same award)
        candidates = self.sudo().search(domain)
        return candidates.filtered(self._is_same_award)[:1]

    def _duplicate_message(self, duplicate):
        if self.identity_number and duplicate.identity_number:
            match = self.env._("same identity number")
        else:
            match = self.env._("same name")
        return self.env._(
            "%(nominee)s: the award register already has %(award)s of %(year)s by decision %(number)s for "
            "%(other)s (%(match)s). A row is imported once.",
            nominee=self.nominee_name, award=self.award_form_id.name, year=self.year,
            number=duplicate.decision_number or "-", other=duplicate.nominee_name,
            match=match,
        )

    # ------------------------------------------------------------------
    # Guard: decision rows are the record of a signed document
    # ------------------------------------------------------------------
    def _guard_check_fields(self, vals, creating=False):
        if creating and vals.get("source") == "import":
            # a new row may say it is imported (the form sends its default), nothing else
            vals = {key: value for key, value in vals.items() if key != "source"}
        return super()._guard_check_fields(vals, creating)

    def _guard_check_frozen(self):
        if self.env.su:
            return
        locked = self.filtered(lambda record: record.source == "decision")
        if locked:
            raise UserError(self.env._(
                "%(record)s was written by the signed decision %(number)s: it can no longer be changed or "
                "deleted.", record=locked[0].display_name, number=locked[0].decision_number or "",
            ))

    @api.model_create_multi
    def create(self, vals_list):
        # an empty cell of an import file means "not given": the field's default, not no value
        vals_list = [{key: value for key, value in vals.items()
                      if not (key in ("subject_type", "award_method", "leadership_level", "year") and not value)}
                     for vals in vals_list]
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        return super().create(self._link_issuing_units(vals_list))

    @api.model
    def _link_issuing_units(self, vals_list):
        """Imported rows whose issuing body is the name of one unit (spaces and case aside) are that
        unit's: the register then counts them among the unit's awards."""
        wanted = {id(vals) for vals in vals_list if vals.get("issuing_body") and not vals.get("issuing_unit_id")
                  and vals.get("source", "import") == "import"}
        if not wanted:
            return vals_list
        by_name = {}
        # sudo: the issuing body is matched among all units, whoever imports the rows; every unit is
        # read once (two columns) for the whole file rather than once per row
        units = self.env["thidua.unit"].sudo().search_read([], ["name", "authority_name"])  # pylint: disable=no-search-all
        for unit in units:
            for key in {normalize_name(unit["name"]), normalize_name(unit["authority_name"])} - {False}:
                by_name.setdefault(key, set()).add(unit["id"])
        result = []
        for vals in vals_list:
            units = by_name.get(normalize_name(vals.get("issuing_body"))) if id(vals) in wanted else None
            linked = dict(vals, issuing_unit_id=next(iter(units))) if units and len(units) == 1 else vals
            result.append(linked)
        return result

    def write(self, vals):
        return super().write(self._normalize_vals(vals))

    # ------------------------------------------------------------------
    # Rows written by a signed decision
    # ------------------------------------------------------------------
    @api.model
    def _record_decision(self, decisions):
        """Write the register rows of the signed ``decisions``: one per line, in the lines' order.
        Called by ``thidua.decision.action_sign``; a line already recorded is not written twice."""
        # sudo: the register's decision rows are written by the signing itself (nobody else may
        # create or change them); the signer's rights were checked by action_sign
        Record = self.sudo()
        for decision in decisions.filtered(lambda decision: decision.state == "signed"):
            recorded = Record.search([("decision_id", "=", decision.id)]).dossier_id
            lines = decision.line_ids.filtered(lambda line, recorded=recorded: line.dossier_id not in recorded)
            Record.create([self._decision_line_values(decision, line) for line in lines.sorted("sequence")])

    @api.model
    def _decision_line_values(self, decision, line):
        """The register row of one line of a signed decision."""
        dossier = line.dossier_id
        authority = decision.number_authority_id or decision.issuing_unit_id
        return {
            "nominee_name": dossier.nominee_name,
            "identity_number": dossier.identity_number or False,
            "partner_id": dossier.nominee_partner_id.id,
            "unit_id": (dossier.nominee_unit_id or dossier.unit_id).id,
            "subject_type": dossier.subject_type,
            "leadership_level": dossier.leadership_level or "none",
            "job_title": dossier.job_title,
            "award_form_id": decision.award_form_id.id,
            "award_method": decision.campaign_id.award_method or "thematic",
            "year": decision.date_decision.year,
            "decision_number": decision.name,
            "decision_date": decision.date_decision,
            "issuing_unit_id": authority.id,
            "issuing_body": authority.authority_name or authority.name,
            "achievement": dossier.achievement,
            "source": "decision",
            "dossier_id": dossier.id,
            "decision_id": decision.id,
            "company_id": decision.company_id.id,
        }

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    @api.model
    def get_import_templates(self):
        return [{
            "label": self.env._("Import Template for the Award Register"),
            "template": "/chilang_thidua/static/xls/thidua_award_record_import.xlsx",
        }]

    @api.model
    def _award_form_finder(self):
        """A function: the award form a file names, by code or by name (case, spaces and Unicode
        form ignored), or an empty recordset."""
        # a file names any form, archived ones too: all of them, read once for the whole file
        forms = self.env["thidua.award.form"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        by_code = {normalize_name(form.code): form for form in forms if form.code}
        by_name = {}
        for form in forms:
            by_name.setdefault(normalize_name(form.name), form)

        def find(value):
            wanted = normalize_name(value)
            return by_code.get(wanted) or by_name.get(wanted) or self.env["thidua.award.form"]

        return find

    @api.model
    def _unit_finder(self):
        """A function: the units a file names by code, name or full name (parent / name)."""
        # a file names any unit, archived ones too: all of them, read once for the whole file
        units = self.env["thidua.unit"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        by_key = {}
        for unit in units:
            for key in {normalize_name(unit.code), normalize_name(unit.name), normalize_name(unit.complete_name)}:
                if key:
                    by_key[key] = by_key.get(key, unit.browse()) | unit

        def find(value):
            return by_key.get(normalize_name(value), units.browse())

        return find

    @api.model
    def _import_units(self, row, index, find_unit, refuse):
        """Rewrite the unit columns of a row to database ids; (skip row, [refusals])."""
        skip_fields = self.env.context.get("import_skip_records") or []
        empty_fields = self.env.context.get("import_set_empty_fields") or []
        for name in ("unit_id", "issuing_unit_id"):
            if name not in index:
                continue
            value = row[index[name]]
            value = value.strip() if isinstance(value, str) else value
            if not value:
                row[index[name]] = ""
                continue
            units = find_unit(value)
            if len(units) == 1:
                row[index[name]] = str(units.id)
            elif name in skip_fields:
                return True
            elif name in empty_fields:
                row[index[name]] = ""
            elif units:
                refuse(self.env._("several units are named '%(value)s' (%(units)s): write the unit's code.",
                                  value=value, units=", ".join(units.mapped("complete_name"))),
                       column=self._fields[name]._description_string(self.env))
            else:
                refuse(self.env._("there is no unit '%(value)s'. Write the name or the code of a unit (Units), or "
                                  "leave the cell empty.", value=value),
                       column=self._fields[name]._description_string(self.env))
        return False

    @api.model
    def _import_row_errors(self, fields_list, data):
        """{row index: message} for the rows the import must refuse, and the rows with the award
        form column rewritten to database ids (a form named by its code, or with other spacing,
        is found).

        Checked here, before Odoo converts the rows, so that each message names the line of the
        file: unknown award form, identity number, year, and duplicates of the register or of an
        earlier line of the same file. (A message ``None`` marks a row the user chose to skip.)
        """
        errors = {}
        index = {name: position for position, name in enumerate(fields_list)}
        offset = self._import_first_line()
        skip_unknown_forms = "award_form_id" in (self.env.context.get("import_skip_records") or [])
        find_form = self._award_form_finder()
        find_unit = self._unit_finder()
        seen = {}
        signed = {}

        def cell(row, name):
            value = row[index[name]] if name in index else ""
            return value.strip() if isinstance(value, str) else value

        rows = [list(row) for row in data]
        for number, row in enumerate(rows):
            line = number + offset

            def refuse(message, column=None, number=number, line=line):
                errors.setdefault(number, self._import_message(message, line, column))

            form, skipped = self._import_award_form(row, index, find_form, refuse, skip_unknown_forms)
            if skipped or self._import_units(row, index, find_unit, refuse):
                errors[number] = None
                continue
            identity = False
            if "identity_number" in index:
                try:
                    identity = normalize_identity_number(
                        self.env, cell(row, "identity_number"),
                        self._fields["identity_number"]._description_string(self.env))
                    row[index["identity_number"]] = identity or ""
                except ValidationError as error:
                    refuse(error.args[0])  # the message names the column
            year = self._import_year(row, index, refuse)
            name = normalize_name(cell(row, "nominee_name"))
            if not (form and year and (name or identity)) or number in errors:
                continue
            probe = self.new({
                "nominee_name": cell(row, "nominee_name"), "identity_number": identity,
                "award_form_id": form.id, "year": year, "decision_number": cell(row, "decision_number") or False,
            })
            duplicate = probe._find_duplicate()
            if duplicate:
                refuse(probe._duplicate_message(duplicate))
                continue
            claim = self._decision_claim_problem({
                "nominee_name": cell(row, "nominee_name"), "identity_number": identity, "award_form_id": form.id,
                "year": year, "decision_number": cell(row, "decision_number"),
                "issuing_body": cell(row, "issuing_body"),
                "issuing_unit_id": int(cell(row, "issuing_unit_id") or 0) or False,
            }, signed)
            if claim:
                refuse(claim)
                continue
            decision = normalize_decision_number(cell(row, "decision_number"))
            earlier_rows = seen.setdefault((form.id, year, decision), [])
            for earlier, earlier_identity, earlier_name in earlier_rows:
                same = (identity == earlier_identity) if identity and earlier_identity else name == earlier_name
                if same:
                    refuse(self.env._(
                        "%(nominee)s is already on line %(line)s of this file with the same award form, year "
                        "and decision number.", nominee=cell(row, "nominee_name"), line=earlier + offset,
                    ))
                    break
            else:
                earlier_rows.append((number, identity, name))
        return errors, rows

    @api.model
    def _import_award_form(self, row, index, find_form, refuse, skip_unknown):
        """(award form, skipped) of a row; its cell rewritten to the form's database id."""
        form = self.env["thidua.award.form"]
        if "award_form_id" not in index:
            return form, False
        value = row[index["award_form_id"]]
        value = value.strip() if isinstance(value, str) else value
        form = find_form(value)
        if form:
            row[index["award_form_id"]] = str(form.id)
        elif not value:
            refuse(self.env._("the award form is missing."),
                   column=self._fields["award_form_id"]._description_string(self.env))
        elif skip_unknown:
            return form, True  # the user chose to skip these rows
        else:
            refuse(self.env._(
                "there is no award form '%(value)s'. Use the name or the code of an award form of "
                "the configuration (Configuration > Award Forms).", value=value,
            ), column=self._fields["award_form_id"]._description_string(self.env))
        return form, False

    @api.model
    def _import_year(self, row, index, refuse):
        """The year of a row (its year column, else its decision date), or 0 when refused."""
        def cell(name):
            value = row[index[name]] if name in index else ""
            return str(value).strip() if value not in (False, None) else ""

        year_text, date_text = cell("year"), cell("decision_date")
        year_text = year_text[:-2] if year_text.endswith(".0") else year_text
        try:
            # dd/mm/yyyy as people write it; the model receives the date
            decision_date = parse_date(self.env, row[index["decision_date"]]) if date_text else False
        except ValueError as error:
            refuse(error.args[0], column=self._fields["decision_date"]._description_string(self.env))
            return 0
        if decision_date:
            row[index["decision_date"]] = fields.Date.to_string(decision_date)
        if year_text and not year_text.isdigit():
            refuse(self.env._("the year '%(value)s' is not a year.", value=year_text),
                   column=self._fields["year"]._description_string(self.env))
            return 0
        year = int(year_text) if year_text else (decision_date.year if decision_date else 0)
        today = fields.Date.context_today(self)
        problem = None
        if not year:
            problem = self.env._("give the year of the award or the decision date.")
        elif not MIN_YEAR <= year <= today.year:
            problem = self.env._("the year %(year)s is not a year an award could have been given (%(first)s to "
                                 "%(last)s).", year=year, first=MIN_YEAR, last=today.year)
        elif decision_date and decision_date.year != year:
            problem = self.env._("the year %(year)s differs from the year of the decision date %(date)s.",
                                 year=year, date=decision_date.strftime("%d/%m/%Y"))
        elif decision_date and decision_date > today:
            problem = self.env._("the decision date %(date)s is in the future.",
                                 date=decision_date.strftime("%d/%m/%Y"))
        if problem:
            refuse(problem)
            return 0
        return year

    @api.model
    def _import_first_line(self):
        """The spreadsheet's line of the first row ``load`` receives: the line after the header
        (line 1), or what the import wizard says after the rows the user skipped."""
        first_line = self.env.context.get("thidua_import_first_line")
        return first_line if isinstance(first_line, int) and first_line > 0 else 2

    @api.model
    def _import_message(self, message, line, column=None):
        """A refusal of a row, naming its column by its label and its line once. The import wizard
        puts the line before the messages it lists ("Error at row 5"): its messages do not repeat it."""
        env = self.env
        if env.context.get("import_file"):
            return env._("Column %(column)s: %(error)s", column=column, error=message) if column else message
        if column:
            return env._("Column %(column)s, line %(line)s: %(error)s", column=column, line=line, error=message)
        return env._("Line %(line)s: %(error)s", line=line, error=message)

    @api.model
    def load(self, fields, data):
        """Odoo's import, with the register's own row checks first (see :meth:`_import_row_errors`).

        A file with refused rows imports nothing (the other rows are still converted and checked,
        so that every error shows at once); rows of an unknown award form are left out when the
        user chose "Skip record" for that column.
        """
        fields_list = list(fields)
        errors, rows = self._import_row_errors(fields_list, data)
        # the checks above found the records the file names: they are passed by database id
        fields_list = [f"{name}/.id" if name in ("award_form_id", "unit_id", "issuing_unit_id") else name
                       for name in fields_list]
        kept = [number for number in range(len(rows)) if number not in errors]
        refused = {number: message for number, message in errors.items() if message}
        # the user's "skip" / "set empty" choices for these columns are applied above; Odoo would
        # read a database id under "skip" as a yes/no value
        handled = {"award_form_id", "unit_id", "issuing_unit_id"}
        context = self.env.context
        records = self.with_context(**{
            key: [name for name in context.get(key) or [] if name not in handled]
            for key in ("import_skip_records", "import_set_empty_fields")
        })
        if not refused:
            return self._import_remap(
                super(ThiduaAwardRecord, records).load(fields_list, [rows[number] for number in kept]), kept)
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            result = (super(ThiduaAwardRecord, records).load(fields_list, [rows[number] for number in kept]) if kept
                      else {"ids": [], "messages": [], "nextrow": 0})
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        result = self._import_remap(result, kept)
        offset = self._import_first_line()
        messages = result["messages"] + [
            {"type": "error", "message": message, "record": number + offset,
             "rows": {"from": number + offset - 1, "to": number + offset - 1}}
            for number, message in refused.items()
        ]
        messages.sort(key=lambda message: (message.get("rows") or {}).get("from", -1))
        return {"ids": False, "messages": messages, "nextrow": 0}

    @api.model
    def _import_remap(self, result, kept):
        """Row numbers of ``load`` on the kept rows, back to the lines of the spreadsheet: a message's
        ``record`` is its line (what the wizard prints after "row"), its ``rows`` count from 0 at
        line 1 (the wizard prints ``from + 1``)."""
        offset = self._import_first_line()

        def back(number):
            return kept[number] if isinstance(number, int) and 0 <= number < len(kept) else number

        for message in result.get("messages", []):
            if isinstance(message.get("record"), int):
                message["record"] = back(message["record"]) + offset
            rows = message.get("rows")
            if rows:
                message["rows"] = {key: back(value) + offset - 1 if isinstance(value, int) else value
                                   for key, value in rows.items()}
        return result

    # ------------------------------------------------------------------
    # Display
    # ------------------------------------------------------------------
    def _history_row(self, possible=False):
        """One line of a nominee's history: year, award, decision, body (no identity number)."""
        self.ensure_one()
        date = self.decision_date.strftime("%d/%m/%Y") if self.decision_date else ""
        mark = Markup(' <span class="badge text-bg-warning">%s</span>') % self.env._("possible match") if possible \
            else Markup("")
        return Markup("<tr><td>%s</td><td>%s%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (
            self.year or "", self.nominee_name, mark, self.award_form_id.name or "", self.decision_number or "",
            date, self.issuing_body or self.issuing_unit_id.name or "",
        )
