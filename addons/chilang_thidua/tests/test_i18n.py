import re

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import xml_translate

# Words that read the same in Vietnamese (or are codes) and may stay as they are.
SAME_IN_VIETNAMESE = {"Email", "ID", "SMS", "UBND", "QR", "PDF", "XLSX", "Portal"}


def _needs_translation(text):
    text = re.sub(r"<[^>]+>", " ", text or "").strip()
    return bool(re.search(r"[A-Za-z]{2,}", text)) and text not in SAME_IN_VIETNAMESE


@tagged("post_install", "-at_install")
class TestVietnameseEverywhere(TransactionCase):
    """A user whose language is vi_VN meets no English string of the addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("vi_VN"):
            cls.env["res.lang"]._activate_lang("vi_VN")
            cls.env["ir.module.module"].search([("name", "=", "chilang_thidua")])._update_translations(["vi_VN"])
        cls.vi = cls.env(context={"lang": "vi_VN"})
        cls.en = cls.env(context={"lang": "en_US"})
        cls.model_names = [name for name in cls.env if name.startswith("thidua.")]

    def test_fields_as_the_web_client_gets_them(self):
        """Labels, tooltips and selection values, read through fields_get like the web client does."""
        missing = []
        for name in self.model_names:
            english = self.en[name].fields_get(attributes=["string", "help", "selection"])
            vietnamese = self.vi[name].fields_get(attributes=["string", "help", "selection"])
            for fname, desc in english.items():
                for attr in ("string", "help"):
                    if _needs_translation(desc.get(attr)) and desc.get(attr) == vietnamese[fname].get(attr):
                        missing.append(f"{name}.{fname} {attr}: {desc[attr]!r}")
                if self.env[name]._fields[fname]._module != "chilang_thidua":
                    # mail's activity_state & co.: their labels are Odoo's own business
                    continue
                for (value, label), (_v, label_vi) in zip(
                    desc.get("selection") or [], vietnamese[fname].get("selection") or [], strict=False
                ):
                    if _needs_translation(label) and label == label_vi:
                        missing.append(f"{name}.{fname} = {value}: {label!r}")
        self.assertFalse(missing, "untranslated labels:\n" + "\n".join(missing[:40]))

    def _untranslated(self, records, fname):
        found = []
        for record in records:
            english = record.with_env(self.en)[fname]
            vietnamese = record.with_env(self.vi)[fname]
            if _needs_translation(english) and english == vietnamese:
                found.append(f"{record._name}({record.id}).{fname}: {english!r}")
        return found

    def test_menus_and_actions(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "chilang_thidua"), ("model", "in", ["ir.ui.menu", "ir.actions.act_window"])]
        )
        missing = []
        for model, ids in data.grouped("model").items():
            records = self.env[model].browse(ids.mapped("res_id")).exists()
            missing += self._untranslated(records, "name")
        self.assertFalse(missing, "untranslated menus/actions:\n" + "\n".join(missing[:30]))

    def test_views(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "chilang_thidua"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        ).exists()
        missing = []
        for view in views:
            english, vietnamese = [], []
            xml_translate(english.append, view.with_env(self.en).arch_db)
            xml_translate(vietnamese.append, view.with_env(self.vi).arch_db)
            for term in set(english) & set(vietnamese):
                if _needs_translation(term):
                    missing.append(f"{view.xml_id or view.name}: {term!r}")
        self.assertFalse(missing, "untranslated view terms:\n" + "\n".join(missing[:30]))
