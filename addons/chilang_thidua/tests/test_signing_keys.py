"""Keys stay with their holders: what the database keeps of a signing secret.

The PKCS#12 password is stored encrypted with the key of the server's configuration file
(tools/secret_box.py); a ``pg_dump`` of the database shows neither it nor a token's PIN.
"""

import base64
import subprocess
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from ..tools import secret_box
from .test_signature import PASSWORD, SignatureCommon, make_pki


def pg_dump(dbname):
    result = subprocess.run(["pg_dump", "--no-owner", dbname], capture_output=True, timeout=600, check=True)
    return result.stdout


def stored_secret(env, unit):
    env.cr.execute("SELECT sign_certificate_secret FROM thidua_unit WHERE id = %s", [unit.id])
    return env.cr.fetchone()[0]


@tagged("post_install", "-at_install")
class TestSecretAtRest(SignatureCommon):

    def test_password_is_stored_encrypted_and_still_signs(self):
        stored = stored_secret(self.env, self.unit_district)
        self.assertTrue(stored.startswith(secret_box.PREFIX), "encrypted with the server's key")
        self.assertNotIn(PASSWORD, stored)
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD)
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Khóa ")
        decision = self._make_decision(dossiers)
        self.assertTrue(decision.is_digitally_signed)

    def test_without_the_server_key_nothing_is_written_and_nothing_signs(self):
        # no key in the configuration: a password cannot be stored at all
        with patch.dict(config.options, {"thidua_secret_key": "", "thidua_secret_key_file": ""}):
            with self.assertRaisesRegex(UserError, "khóa bí mật"):
                self.unit_district.with_user(self.user_manager).write({"sign_certificate_password": "khác"})
            # the stored (encrypted) password cannot be read: signing is refused, nothing numbered
            dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Không khóa ")
            decision = self._make_decision(dossiers, sign=False)
            with self.assertRaisesRegex(UserError, "khóa bí mật"):
                decision.with_user(self.user_manager).action_sign()
            self.assertFalse(decision.name)
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD, "the password was not lost")

    def test_password_typed_at_signing_when_none_is_stored(self):
        self._configure(self.p12, "")
        self.assertIsNone(stored_secret(self.env, self.unit_district))
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Gõ mật khẩu ")
        decision = self._make_decision(dossiers, sign=False)
        action = decision.with_user(self.user_manager).action_sign()
        self.assertEqual(action["res_model"], "thidua.sign.wizard")
        Wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"])
        with self.assertRaisesRegex(UserError, "mật khẩu"):
            Wizard.create({"pin": "sai"})
        self.assertFalse(decision.name)
        Wizard.create({"pin": PASSWORD}).action_confirm()
        self.assertEqual(decision.state, "signed")
        self.assertTrue(decision.is_digitally_signed)
        self.assertIsNone(stored_secret(self.env, self.unit_district), "the typed password was not kept")

    def test_certificate_near_its_expiry_reminds_the_administrator(self):
        Unit = self.env["thidua.unit"]
        Unit._cron_certificate_expiry()
        self.assertFalse(self.unit_district.activity_ids, "valid for a year: nothing to say")
        self._configure(make_pki(valid_to_days=20)[2], PASSWORD)
        Unit._cron_certificate_expiry()
        Unit._cron_certificate_expiry()
        activity = self.unit_district.activity_ids
        self.assertEqual(len(activity), 1, "once, not every day")
        self.assertEqual(activity.user_id, self.env.ref("base.user_admin"))
        self.assertIn("hết hạn", activity.summary)

    def test_another_key_cannot_read_it(self):
        with patch.dict(config.options, {"thidua_secret_key": secret_box.generate_key()}):
            with self.assertRaisesRegex(UserError, "nhập lại mật khẩu"):
                self.unit_district._sign_certificate_secret()

    def test_plain_password_of_an_old_database(self):
        """A password written before encryption: refused without a key, encrypted once there is one."""
        self.env.cr.execute("UPDATE thidua_unit SET sign_certificate_secret = %s WHERE id = %s",
                            [PASSWORD, self.unit_district.id])
        with patch.dict(config.options, {"thidua_secret_key": "", "thidua_secret_key_file": ""}):
            self.assertEqual(secret_box.encrypt_legacy_values(self.env.cr, "thidua_unit", "sign_certificate_secret"),
                             1, "kept plain, not lost")
            with self.assertRaisesRegex(UserError, "chưa được mã hóa"):
                self.unit_district._sign_certificate_secret()
            self.assertEqual(stored_secret(self.env, self.unit_district), PASSWORD)
        # the key configured: the module update (or the first signing) encrypts it
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD)
        self.assertTrue(stored_secret(self.env, self.unit_district).startswith(secret_box.PREFIX))

    def test_the_migration_encrypts_plain_passwords(self):
        import importlib.util
        import os

        self.env.cr.execute("UPDATE thidua_unit SET sign_certificate_secret = %s WHERE id = %s",
                            [PASSWORD, self.unit_district.id])
        path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.7.0",
                            "post-s_sign_encrypt_password.py")
        spec = importlib.util.spec_from_file_location("s_sign_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.5.0")
        stored = stored_secret(self.env, self.unit_district)
        self.assertTrue(stored.startswith(secret_box.PREFIX))
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD)


@tagged("post_install", "-at_install")
class TestDatabaseDump(TransactionCase):
    """``pg_dump`` sees committed data only: each password is written and committed through a cursor
    of its own, on a unit made for it, then removed."""

    def _assert_not_in_dump(self, code, which, password, vals):
        """A unit ``code`` given ``vals`` (its PKCS#12 ``which``, P12_FIELDS, with ``password``): the
        dump holds the unit and the encrypted password, never the password itself."""
        dbname = self.env.cr.dbname
        with sql_db.db_connect(dbname).cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(cr, SUPERUSER_ID, {})
            unit = env["thidua.unit"].create({"name": f"Đơn vị kiểm tra bản sao lưu {code}", "code": code,
                                              "unit_type": "office", "authority_name": "UBND kiểm tra"})
            unit.write(vals)
            self.assertEqual(unit._sign_certificate_secret(which), password)
            unit_id = unit.id
            # committed: pg_dump reads only what other connections can see
            cr.commit()  # pylint: disable=invalid-commit
        try:
            dump = pg_dump(dbname)
            self.assertIn(code.encode(), dump, "the unit is in the dump")
            self.assertNotIn(password.encode(), dump)
            self.assertNotIn(base64.b64encode(password.encode()), dump)
            self.assertIn(secret_box.PREFIX.encode(), dump, "the encrypted password is")
        finally:
            with sql_db.db_connect(dbname).cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})["thidua.unit"].browse(unit_id).unlink()
                cr.commit()  # pylint: disable=invalid-commit

    def test_pg_dump_reveals_no_password(self):
        password = "Bí-mật-trong-dump-7731"
        _ca, _cert, p12 = make_pki(password=password)
        self._assert_not_in_dump("S_SIGN_DUMP", "sign", password, {
            "sign_certificate": base64.b64encode(p12), "sign_certificate_password": password})

    def test_pg_dump_reveals_no_agency_password(self):
        password = "Mat-khau-co-quan-trong-dump-4417"
        _ca, _cert, p12 = make_pki(password=password)
        self._assert_not_in_dump("S_AGENCY_DUMP", "agency", password, {
            "agency_sign_backend": "pkcs12", "agency_certificate": base64.b64encode(p12),
            "agency_certificate_password": password})
