"""Odoo's import wizard speaking to the user of the addon's imports.

The wizard parses the date columns before the rows reach the model, with one date format for the
whole file and Python's own message ("day is out of range for month", the column's technical name,
the line counted without the header). For the addon's models a date is read as people write it
(the wizard's format, else dd/mm/yyyy, d/m/yyyy or a spreadsheet's date cell), and a refusal names
the column by its label and the line as the spreadsheet numbers it (the header is line 1).
"""

import contextlib
import datetime

from odoo import fields, models
from odoo.addons.base_import.models.base_import import ImportValidationError

from ..tools.input import parse_date


class BaseImport(models.TransientModel):
    _inherit = "base_import.import"

    def _thidua_importing(self):
        return (self.res_model or "").startswith("thidua.")

    def execute_import(self, fields, columns, options, dryrun=False):
        if not self._thidua_importing():
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        # the spreadsheet's line of the first row the model receives: after the header and the
        # rows the user chose to skip; the model's messages count from it
        skip = options.get("skip") or 0
        first_line = 1 + (1 if options.get("has_headers") else 0) + (skip if isinstance(skip, int) else 0)
        return super(BaseImport, self.with_context(thidua_import_first_line=first_line)).execute_import(
            fields, columns, options, dryrun=dryrun)

    def _parse_date_from_data(self, data, index, name, field_type, options):
        if not self._thidua_importing():
            return super()._parse_date_from_data(data, index, name, field_type, options)
        field = self.env[self.res_model]._fields.get(name.split("/")[0])
        label = field._description_string(self.env) if field else name
        first_line = self.env.context.get("thidua_import_first_line")
        first_line = first_line if isinstance(first_line, int) else 1 + (1 if options.get("has_headers") else 0)
        to_string = fields.Date.to_string if field_type == "date" else fields.Datetime.to_string
        for number, line in enumerate(data):
            value = (line[index] or "").strip()
            if not value:
                continue
            try:
                line[index] = to_string(self._thidua_parse_date(value, options))
            except ValueError as error:
                raise ImportValidationError(
                    self.env._("Column %(column)s, line %(line)s: %(error)s", column=label,
                               line=number + first_line, error=error.args[0]),
                    field=name, field_type=field_type,
                ) from None
        return None

    def _thidua_parse_date(self, value, options):
        """The wizard's date format first (what the user chose), then the ways people write a date."""
        if options.get("date_format"):
            # not in the chosen format: one of the usual ways below
            with contextlib.suppress(ValueError):
                return datetime.datetime.strptime(value, options["date_format"]).date()
        return parse_date(self.env, value)
