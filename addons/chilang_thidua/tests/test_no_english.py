"""A Vietnamese user (vi_VN, Vietnam time) meets none of the addon's English source strings: not in
a backend view as the web client gets it, not on a portal page, not in the chatter messages the
workflow writes, and not in Odoo's own terms the addon's screens show (the portal chatter, the
confirmation dialogs)."""

import re
from datetime import date

import polib
from lxml import etree
from lxml import html as lxml_html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_path

from .common_dossier import DossierCommon

# Attributes of a view the user reads
READ_ATTRIBUTES = ("string", "placeholder", "help", "confirm", "confirm-label", "title", "aria-label", "sum",
                   "add-label", "data-tooltip", "cancel-label", "label")
# Read the same in Vietnamese (codes, names, abbreviations)
SAME_IN_VIETNAMESE = {"Email", "ID", "SMS", "UBND", "QR", "PDF", "XLSX", "Portal", "CCCD", "Ok", "OK"}


def _normal(text):
    return " ".join((text or "").split())


def _has_words(text):
    return bool(re.search(r"[A-Za-z]{3,}", text)) and text not in SAME_IN_VIETNAMESE


def english_sources(env):
    """The addon's source strings a vi_VN user must not meet: the msgids of its .pot and vi.po
    that have a different Vietnamese text (or none), and its models' descriptions."""
    sources = set()
    translated = {}
    for name in ("chilang_thidua.pot", "vi.po"):
        for entry in polib.pofile(file_path(f"chilang_thidua/i18n/{name}")):
            if entry.obsolete:
                continue
            if name == "vi.po":
                translated[entry.msgid] = entry.msgstr
            sources.add(entry.msgid)
    sources = {source for source in sources if translated.get(source) != source}
    sources |= {env[model]._description for model in env if model.startswith("thidua.")}
    # a term with markup reads as its text
    sources = {_normal(re.sub(r"<[^>]+>", " ", source)) for source in sources}
    return {source for source in sources if _has_words(source)}


@tagged("post_install", "-at_install")
class TestNoEnglish(HttpCase, DossierCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sources = english_sources(cls.env)
        cls.vi = cls.env(context=dict(cls.env.context, lang="vi_VN", tz="Asia/Ho_Chi_Minh"))

    def _english_in(self, texts):
        return sorted({_normal(text) for text in texts if _normal(text) in self.sources})

    # ------------------------------------------------------------------
    # Backend views
    # ------------------------------------------------------------------
    def test_backend_views(self):
        """Every view of the addon as get_views hands it to a vi_VN manager: the arch and the labels,
        tooltips and choices of its fields."""
        View = self.env["ir.ui.view"]
        views = View.browse(self.env["ir.model.data"].search(
            [("module", "=", "chilang_thidua"), ("model", "=", "ir.ui.view")]).mapped("res_id")).exists()
        views = views.filtered(lambda view: view.type != "qweb")
        self.assertGreater(len(views), 20)
        manager = self.user_manager.with_context(lang="vi_VN", tz="Asia/Ho_Chi_Minh")
        found, seen = {}, set()
        for view in views:
            root = view
            while root.inherit_id:
                root = root.inherit_id
            if (root.id, root.type) in seen:
                continue
            seen.add((root.id, root.type))
            model = self.env[root.model].with_user(manager).with_context(lang="vi_VN", tz="Asia/Ho_Chi_Minh")
            if not model.has_access("read"):
                # sudo: a view of a model the manager does not read (settings): the arch is the same
                model = model.sudo()
            result = model.get_views([(root.id, root.type)])
            arch = etree.fromstring(result["views"][root.type]["arch"])
            if not (root.xml_id or "").startswith("chilang_thidua."):
                # a view of another module the addon extends: what the addon adds to it
                arch = etree.fromstring(view.with_context(lang="vi_VN").arch_db)
            texts = [node.text for node in arch.iter() if isinstance(node.tag, str)]
            texts += [node.tail for node in arch.iter() if isinstance(node.tag, str)]
            texts += [node.get(attribute) for node in arch.iter() if isinstance(node.tag, str)
                      for attribute in READ_ATTRIBUTES if node.get(attribute)]
            for fields in (model_info["fields"] for model_info in result["models"].values()):
                for name, description in fields.items():
                    if self.env[root.model]._fields.get(name) and \
                            self.env[root.model]._fields[name]._module not in ("chilang_thidua", None):
                        continue
                    texts += [description.get("string"), description.get("help")]
                    texts += [label for _value, label in description.get("selection") or []]
            english = self._english_in(texts)
            if english:
                found[root.xml_id or root.name] = english
        self.assertFalse(found, f"English in the views of a vi_VN user: {found}")

    def test_every_confirmation_names_its_button(self):
        """A confirmation dialog's button says what it does (Odoo's default is "Ok")."""
        views = self.env["ir.ui.view"].search([("model", "like", "thidua.%"), ("arch_db", "like", "confirm=")])
        missing = []
        for view in views:
            for node in etree.fromstring(view.arch_db).iter("button"):
                if node.get("confirm") and not node.get("confirm-label"):
                    missing.append(f"{view.xml_id}: {node.get('name')}")
        self.assertFalse(missing)

    def test_years_without_thousands_separator(self):
        """2026, not 2.026: every Integer year field of a list or form shows without grouping."""
        missing = []
        views = self.env["ir.ui.view"].browse(self.env["ir.model.data"].search(
            [("module", "=", "chilang_thidua"), ("model", "=", "ir.ui.view")]).mapped("res_id")).exists()
        for view in views.filtered(lambda view: view.type in ("list", "form", "kanban")):
            Model = self.env[view.model]
            for node in etree.fromstring(view.arch_db).iter("field"):
                field = Model._fields.get(node.get("name"))
                if field and field.type == "integer" and "year" in field.name \
                        and "'format': false" not in (node.get("options") or "").replace('"', "'"):
                    missing.append(f"{view.xml_id}: {field.name}")
        self.assertFalse(missing)

    # ------------------------------------------------------------------
    # Portal pages
    # ------------------------------------------------------------------
    def _page_texts(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        page = lxml_html.fromstring(response.content)
        for script in page.xpath("//script|//style|//noscript"):
            script.drop_tree()
        texts = [node.text_content() for node in page.iter() if isinstance(node.tag, str) and not len(node)]
        texts += [node.text for node in page.iter() if isinstance(node.tag, str)]
        texts += [node.tail for node in page.iter() if isinstance(node.tag, str)]
        texts += [node.get(attribute) for node in page.iter() if isinstance(node.tag, str)
                  for attribute in ("placeholder", "title", "aria-label", "alt", "value")
                  if node.get(attribute) and not (node.tag == "input" and node.get("type") == "hidden")]
        return texts

    def test_portal_pages(self):
        self.user_portal_school.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
        campaign = self.env["thidua.campaign"].create({
            "name": "Phong trào thi đua Dạy tốt - Học tốt 2025", "issuing_unit_id": self.unit_district.id,
            "date_start": date(2025, 1, 1), "date_end": date(2025, 12, 31),
            "registration_deadline": date(2025, 1, 31), "signer_name": "Nguyễn Văn Chủ",
            "award_form_ids": [Command.set(self.award_form.ids)],
            "content_ids": [Command.create({"name": "Đổi mới phương pháp dạy học", "sequence": 1})],
        })
        self._open_campaign(campaign)
        registration = self._make_registration(self.unit_school, self.user_portal_school, campaign=campaign)
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                subject_type="public_employee", nominee_name="Lăng Thị Hoa")
        self.authenticate("t_portal_school", "t_portal_school")
        found = {}
        for url in ("/my", "/my/thidua", registration.access_url, "/my/thidua/dossiers", "/my/thidua/dossiers/new",
                    f"/my/thidua/dossiers/{dossier.id}", "/my/thidua/results", "/thidua/dien-hinh"):
            english = self._english_in(self._page_texts(url))
            if english:
                found[url] = english
        self.assertFalse(found, f"English on the portal of a vi_VN officer: {found}")

    def test_portal_scripts_speak_vietnamese(self):
        """The portal chatter is mail's: its terms reach the portal pages in Vietnamese."""
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open("/website/translations/x?lang=vi_VN")
        terms = {message["id"]: message["string"]
                 for module in response.json()["modules"].values() for message in module["messages"]}
        for english in ("The conversation is empty.", "Today at %(time)s"):
            self.assertIn(english, terms, "mail's terms are served to the portal pages")
            self.assertNotEqual(terms[english], english)

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------
    def test_chatter_of_the_workflow(self):
        """The "… created" messages name the document in Vietnamese."""
        # created as a data file or a scheduled action does, with no language in the context: the
        # sentence is in the user's language, so must the document's name be
        campaign = self.env["thidua.campaign"].with_user(self.user_appraiser).with_context(lang=None).create({
            "name": "Phong trào thi đua tạo không ngữ cảnh", "issuing_unit_id": self.unit_district.id,
            "date_start": date(2025, 1, 1), "date_end": date(2025, 12, 31), "registration_deadline": date(2025, 1, 31),
            "signer_name": "Nguyễn Văn Chủ",
        })
        dossier = self.env["thidua.dossier"].with_user(self.user_commune_a).with_context(lang=None).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id, "award_form_id": self.award_form.id,
            "subject_type": "civil_servant", "nominee_name": "Nguyễn Văn Bình",
        })
        records = [self.campaign, campaign, dossier, self._dossier(user=self.user_commune_a),
                   self._session(members=3, present=3), self._decision(date(2025, 12, 20))]
        descriptions = {self.env[model]._description for model in self.env if model.startswith("thidua.")}
        found = []
        for record in records:
            bodies = self.env["mail.message"].search([("model", "=", record._name), ("res_id", "=", record.id)])
            for body in bodies.mapped("body"):
                text = _normal(lxml_html.fromstring(f"<div>{body or ''}</div>").text_content())
                found += [f"{record._name}: {text}" for description in descriptions
                          if f"{description} " in f"{text} " and description not in SAME_IN_VIETNAMESE]
        self.assertFalse(found, "English model names in the chatter")
        created = self.env["mail.message"].search([("model", "=", "thidua.campaign"), ("res_id", "=", campaign.id)])
        self.assertIn("Phong trào thi đua được tạo", created.mapped("body")[-1])
