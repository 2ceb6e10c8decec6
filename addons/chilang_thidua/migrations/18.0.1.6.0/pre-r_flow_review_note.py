"""18.0.1.6.0: a dossier's reason for return is ``review_note``, as on registrations and reports.

The column, the field's record and its XML id are renamed in place, so the reasons already given
and the chatter's tracked changes of the field stay.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'thidua_dossier' AND column_name = 'return_reason'"""
    )
    if not cr.fetchone():
        return
    cr.execute("ALTER TABLE thidua_dossier RENAME COLUMN return_reason TO review_note")
    cr.execute(
        "UPDATE ir_model_fields SET name = 'review_note' WHERE model = 'thidua.dossier' AND name = 'return_reason'"
    )
    cr.execute(
        """UPDATE ir_model_data SET name = 'field_thidua_dossier__review_note'
            WHERE module = 'chilang_thidua' AND model = 'ir.model.fields'
              AND name = 'field_thidua_dossier__return_reason'"""
    )
