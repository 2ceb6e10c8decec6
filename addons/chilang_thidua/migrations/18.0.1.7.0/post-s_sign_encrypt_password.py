"""Certificate passwords stored plain before 18.0.1.7.0 are encrypted with the server's key.

Without a key in the server's configuration the passwords stay as they are (never lost) and a
warning says so; signing with such a password is refused until the key is configured, and the
next module update (thidua.unit's init) encrypts them.
"""

from odoo.addons.chilang_thidua.tools import secret_box


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'thidua_unit' "
               "AND column_name = 'sign_certificate_secret'")
    if cr.fetchone():
        secret_box.encrypt_legacy_values(cr, "thidua_unit", "sign_certificate_secret")
