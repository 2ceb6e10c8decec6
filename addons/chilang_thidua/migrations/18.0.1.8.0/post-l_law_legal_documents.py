"""18.0.1.8.0: legal bases as records; Gia đình văn hóa without money.

The legal documents are created by the module's data; here the bonus coefficients of an existing
database are linked to the decree they name, and the draft decisions cite those in force on their
date. Signed decisions keep what they were signed with (their text only).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["thidua.legal.document"]._link_award_coefficients()
    # NĐ 152/2025 Art. 50 lists no money for Gia đình văn hóa: recognised without an amount (a record
    # of the noupdate data, which the upgrade does not rewrite)
    family = env.ref("chilang_thidua.award_coefficient_gia_dinh_van_hoa_nd152", raise_if_not_found=False)
    if family and not family.bonus_coef_family:
        family.without_bonus = True
    drafts = env["thidua.decision"].search([("state", "=", "draft")])
    drafts._compute_legal_document_ids()
