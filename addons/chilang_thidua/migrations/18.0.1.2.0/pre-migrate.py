"""18.0.1.2.0: every record rule of the addon follows the code from now on.

The rules no longer write child_of / parent_of over the user's units (one condition per unit:
an officer of 1,000 schools waited a third of a second per portal page) but ask the units'
acting users in SQL. Those loaded in a ``noupdate`` block would keep their old domains on
update; they now live in an updatable block, and clearing the flag lets this update (and every
later one) rewrite them from the XML.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_model_data SET noupdate = FALSE
            WHERE module = 'chilang_thidua' AND model = 'ir.rule' AND noupdate""",
    )
