"""18.0.1.1.0: the record rules of aggregating units follow the code from now on.

The three rules were loaded in a ``noupdate`` block: an update would keep their old domains,
under which an aggregating unit that is not also the parent of the units it reviews cannot read
their registrations. They now live in an updatable block; clearing the flag lets this update
(and every later one) rewrite them from the XML.
"""

RULES = ("rule_unit_own", "rule_registration_own", "rule_registration_item_own")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET noupdate = FALSE WHERE module = 'chilang_thidua' AND name IN %s",
        [RULES],
    )
