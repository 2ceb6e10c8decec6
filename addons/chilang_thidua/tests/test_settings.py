from odoo.tests import TransactionCase, tagged

from ..tools.settings import SETTINGS, thidua_setting
from ..tools.upload import upload_limits


@tagged("post_install", "-at_install")
class TestSettings(TransactionCase):
    """One settings page: what the administrator saves is what the addon uses."""

    def _save(self, **values):
        self.env["res.config.settings"].create(values).execute()

    def test_settings_page_drives_the_addon(self):
        self._save(thidua_upload_max_mb=2, thidua_upload_extensions="pdf, JPG", thidua_council_quorum_ratio=0.8,
                   thidua_council_approval_inclusive=True, thidua_dossier_processing_days=15)
        self.assertEqual(upload_limits(self.env), (2.0, {"pdf", "jpg"}))
        self.assertEqual(thidua_setting(self.env, "council_quorum_ratio"), 0.8)
        self.assertIs(thidua_setting(self.env, "council_approval_inclusive"), True)
        self.assertEqual(self.env["thidua.reminder"]._days_setting("dossier_processing_days"), 15)
        self._save(thidua_council_approval_inclusive=False)
        self.assertIs(thidua_setting(self.env, "council_approval_inclusive"), False)

    def test_defaults_come_from_the_registry_alone(self):
        """No data file states a default: without a saved value the addon and the settings page both
        use tools/settings.py, and what an administrator saves wins."""
        Param = self.env["ir.config_parameter"]
        Param.search([("key", "=like", "chilang_thidua.%")]).unlink()
        page = self.env["res.config.settings"].create({})
        for name, (_kind, default) in SETTINGS.items():
            self.assertEqual(thidua_setting(self.env, name), default, name)
            field = f"thidua_{name}"
            if field in page._fields and default:
                self.assertEqual(page[field], default, field)
        self._save(thidua_reminder_days="5,1")
        self.assertEqual(thidua_setting(self.env, "reminder_days"), "5,1")

    def test_garbage_typed_in_the_technical_menu_falls_back_to_the_default(self):
        self.env["ir.config_parameter"].set_param("chilang_thidua.bonus_rounding_step", "mười nghìn")
        self.assertEqual(thidua_setting(self.env, "bonus_rounding_step"), 10000)
        self.env["ir.config_parameter"].set_param("chilang_thidua.upload_max_mb", "-5")
        self.assertEqual(thidua_setting(self.env, "upload_max_mb"), 10.0)

    def test_local_base_url_is_flagged(self):
        self.env["ir.config_parameter"].set_param("web.base.url", "http://localhost:8069")
        self.assertTrue(self.env["res.config.settings"].create({}).thidua_base_url_warning)
        self.env["ir.config_parameter"].set_param("web.base.url", "https://thiduakhenthuong.langson.gov.vn")
        self.assertFalse(self.env["res.config.settings"].create({}).thidua_base_url_warning)
