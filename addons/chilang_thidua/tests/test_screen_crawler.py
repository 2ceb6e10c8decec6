import base64
import datetime
import json
import logging
import re
from collections import Counter

from lxml import etree

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from .test_signature import PASSWORD, make_pki

_logger = logging.getLogger(__name__)

# a 1×1 transparent PNG and a one-page PDF, as a user would upload them
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# errors a form shows the user as a message (a refused choice), not a crash
USER_MESSAGES = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.RedirectWarning")
OPENING_BUTTON = re.compile(r"^action_(open|view|show)_")


@tagged("post_install", "-at_install")
class TestScreenCrawler(HttpCase):
    """Every screen of the addon, opened by each demo role the way the web client opens it.

    Logged in over HTTP, each role walks its menus: every window action of the addon loads its views,
    its list's rows, an existing record's form and a new one, then changes every editable field of the
    form with a realistic value (a real PKCS#12 certificate, a PNG, a PDF for files) and presses every
    button that only opens something. Portal officers walk /my and every link of the addon's pages.
    Any server error fails the test; the count of screens and calls is printed for each role.
    """

    BACKEND_ROLES = ("admin", "lanhdao", "noivu", "hoidong", "gddt", "dongmo")
    PORTAL_ROLES = ("thcs.dongmo", "quanglang")

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.user_demo_manager", raise_if_not_found=False):
            self.skipTest("the crawler plays the demo roles")
        self.p12 = make_pki()[2]
        self.failures = []
        self.notes = []
        self.counts = Counter()

    # -- the browser's requests ------------------------------------------------------------------

    def _rpc(self, route, params, what):
        self.counts["calls"] += 1
        response = self.url_open(route, data=json.dumps({
            "id": self.counts["calls"], "jsonrpc": "2.0", "method": "call", "params": params,
        }), headers={"Content-Type": "application/json"})
        if response.status_code >= 500:
            self.failures.append(f"{self.login}: {what}: HTTP {response.status_code}")
            return None
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            name = data.get("name", "")
            text = str(data.get("message") or body["error"].get("message")).splitlines()[0]
            message = f"{self.login}: {what}: {name}: {text}"
            if name in USER_MESSAGES and self.user_message_ok:
                self.notes.append(message)
            else:
                self.failures.append(message)
            return None
        return body.get("result")

    def _call_kw(self, model, method, args, kwargs, what, user_message_ok=False):
        self.user_message_ok = user_message_ok
        return self._rpc(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs,
        }, what)

    # -- what the web client derives from a view ---------------------------------------------------

    def _eval(self, text, default):
        if not text or not isinstance(text, str):
            return text or default
        today = datetime.date.today()
        try:
            return safe_eval(text, {
                "uid": self.uid, "active_id": False, "active_ids": [], "context": {},
                "context_today": lambda: today, "datetime": datetime, "current_date": str(today),
                "allowed_company_ids": [self.company_id], "current_company_id": self.company_id,
            })
        except Exception:  # noqa: BLE001 - a client-side expression this evaluator does not know
            return default

    def _spec(self, node, model, models):
        """The web client's field specification for the fields of ``node`` (not of its subviews)."""
        fields = models.get(model, {}).get("fields", {})
        spec = {"display_name": {}} if "display_name" in fields else {}
        for field_node in self._own_fields(node):
            name = field_node.get("name")
            info = fields.get(name)
            if not info:
                continue
            if info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub = next((c for c in field_node if c.tag in ("list", "kanban")), None)
                sub_spec = self._spec(sub, info["relation"], models) if sub is not None else {}
                spec[name] = {"fields": sub_spec or {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _own_fields(self, node):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                yield child
            elif child.tag not in ("list", "kanban", "form"):
                yield from self._own_fields(child)

    def _value_for(self, model, name, info, field_node, form_fields):
        kind = info["type"]
        if kind == "char":
            return "Kiểm thử 2026"
        if kind in ("text", "html"):
            return "<p>Nội dung kiểm thử</p>" if kind == "html" else "Nội dung kiểm thử"
        if kind == "integer":
            return 2026 if "year" in name else 2
        if kind in ("float", "monetary"):
            return 1.5
        if kind == "boolean":
            return True
        if kind == "date":
            return str(datetime.date.today())
        if kind == "datetime":
            return datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        if kind == "selection":
            return info["selection"][-1][0] if info.get("selection") else None
        if kind == "binary":
            if "certificate" in name:
                return base64.b64encode(self.p12).decode()
            if "image" in name or "logo" in name:
                return base64.b64encode(PNG).decode()
            return base64.b64encode(PDF).decode()
        if kind == "many2one":
            found = self._call_kw(info["relation"], "name_search", [], {"name": "", "limit": 8},
                                  f"{model}.{name} dropdown")
            return found[-1][0] if found else None
        return None

    # -- a window action ---------------------------------------------------------------------------

    def _crawl_action(self, action_id, label, depth=0):
        action = self._rpc("/web/action/load", {"action_id": action_id}, f"{label}: load action")
        if not action or action.get("type") != "ir.actions.act_window":
            return
        self._crawl_window(action, label, depth)

    def _crawl_window(self, action, label, depth=0):
        model = action["res_model"]
        context = dict(self._eval(action.get("context"), {}) or {}, lang="vi_VN", tz="Asia/Ho_Chi_Minh")
        domain = self._eval(action.get("domain"), []) or []
        views = [list(v) for v in action.get("views") or []]
        if not any(v[1] == "search" for v in views):
            views.append([action.get("search_view_id") and action["search_view_id"][0] or False, "search"])
        if action.get("res_id") and not any(v[1] == "form" for v in views):
            views.append([False, "form"])
        result = self._call_kw(model, "get_views", [], {"views": views, "options": {
            "action_id": action.get("id"), "load_filters": True, "toolbar": True,
        }, "context": context}, f"{label}: {model}.get_views")
        if not result:
            return
        self.counts["screens"] += 1
        models = result["models"]
        record_id = action.get("res_id") or None
        for view_type, view in result["views"].items():
            if view_type == "search":
                continue
            arch = etree.fromstring(view["arch"])
            spec = self._spec(arch, model, models)
            if view_type in ("list", "kanban"):
                rows = self._call_kw(model, "web_search_read", [], {
                    "domain": domain, "specification": spec, "limit": 80, "context": context,
                }, f"{label}: {view_type} rows")
                if rows and rows.get("records") and not record_id:
                    record_id = rows["records"][0]["id"]
            elif view_type in ("pivot", "graph"):
                measures = [f.get("name") for f in arch.iter("field") if f.get("type") == "measure"]
                groupby = [f.get("name") for f in arch.iter("field") if f.get("type") in ("row", "col")]
                self._call_kw(model, "read_group", [], {
                    "domain": domain, "fields": [f"{m}:sum" for m in measures] or ["__count"],
                    "groupby": groupby[:1], "lazy": False, "context": context,
                }, f"{label}: {view_type}")
            elif view_type == "calendar":
                self._call_kw(model, "search_read", [], {"domain": domain, "fields": ["display_name"],
                              "limit": 80, "context": context}, f"{label}: calendar")
        if "form" in result["views"]:
            if not record_id:
                found = self._call_kw(model, "web_search_read", [], {
                    "domain": domain, "specification": {"display_name": {}}, "limit": 1, "context": context,
                }, f"{label}: first record")
                record_id = found["records"][0]["id"] if found and found.get("records") else None
            self._crawl_form(model, result["views"]["form"], models, context, record_id, label, depth)

    def _crawl_form(self, model, view, models, context, record_id, label, depth):
        arch = etree.fromstring(view["arch"])
        spec = self._spec(arch, model, models)
        fields = models[model]["fields"]
        form_fields = {n.get("name"): n for n in self._own_fields(arch)}
        editable = [
            (name, node) for name, node in form_fields.items()
            if name in fields and not fields[name].get("readonly") and node.get("readonly") not in ("1", "True")
            and fields[name]["type"] not in ("one2many", "many2many", "reference", "many2one_reference", "properties")
        ]
        if record_id:
            self.counts["screens"] += 1
            self._call_kw(model, "web_read", [[record_id]], {"specification": spec, "context": context},
                          f"{label}: open record {record_id}")
            for name, node in editable:
                value = self._value_for(model, name, fields[name], node, form_fields)
                if value is None:
                    continue
                values = {name: value}
                if node.get("filename") and node.get("filename") in fields:
                    values[node.get("filename")] = "chung_thu_so.p12" if "certificate" in name else "tep.pdf"
                self._call_kw(model, "onchange", [[record_id], values, [name], spec], {"context": context},
                              f"{label}: record {record_id}: change {name}", user_message_ok=True)
            if depth == 0:
                self._press_buttons(model, arch, record_id, context, label, depth)
        if arch.get("create") not in ("0", "false", "False"):
            self.counts["screens"] += 1
            new = self._call_kw(model, "onchange", [[], {}, [], spec], {"context": context}, f"{label}: new record")
            if new is None:
                return
            base = {}
            for name, value in (new.get("value") or {}).items():
                if isinstance(value, dict):
                    base[name] = value.get("id") or False
                elif not isinstance(value, list):
                    base[name] = value
            for name, node in editable:
                value = self._value_for(model, name, fields[name], node, form_fields)
                if value is None:
                    continue
                values = dict(base, **{name: value})
                if node.get("filename") and node.get("filename") in fields:
                    values[node.get("filename")] = "chung_thu_so.p12" if "certificate" in name else "tep.pdf"
                self._call_kw(model, "onchange", [[], values, [name], spec], {"context": context},
                              f"{label}: new record: change {name}", user_message_ok=True)

    def _press_buttons(self, model, arch, record_id, context, label, depth):
        for button in arch.iter("button"):
            name, kind = button.get("name"), button.get("type")
            in_box = any(p.get("name") == "button_box" for p in button.iterancestors())
            if kind == "action" and name and name.isdigit():
                self._crawl_action(int(name), f"{label} › button {name}", depth + 1)
            elif kind == "object" and name and (in_box or OPENING_BUTTON.match(name)):
                self.user_message_ok = True
                opened = self._rpc("/web/dataset/call_button", {
                    "model": model, "method": name, "args": [[record_id]], "kwargs": {"context": context},
                }, f"{label}: record {record_id}: button {name}")
                if isinstance(opened, dict) and opened.get("type") == "ir.actions.act_window":
                    self._crawl_window(opened, f"{label} › {name}", depth + 1)

    # -- the roles -------------------------------------------------------------------------------

    def _login(self, login):
        self.login = login
        self.authenticate(login, login)
        user = self.env["res.users"].search([("login", "=", login)])
        self.uid, self.company_id = user.id, user.company_id.id

    def _crawl_backend(self, login):
        self._login(login)
        menus = self.url_open("/web/webclient/load_menus/crawler").json()
        actions = {}
        for menu in menus.values():
            if (menu.get("xmlid") or "").startswith("chilang_thidua.") \
                    and menu.get("actionModel") == "ir.actions.act_window":
                actions.setdefault(menu["actionID"], menu["name"])
        self.assertTrue(actions, f"{login} sees no screen of the addon")
        for action_id, name in actions.items():
            self._crawl_action(action_id, name)

    def _crawl_portal(self, login):
        self._login(login)
        queue, seen = ["/my", "/my/thidua"], set()
        while queue and len(seen) < 300:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            self.counts["calls"] += 1
            response = self.url_open(url, allow_redirects=True)
            if response.status_code >= 400 or "Traceback" in response.text:
                self.failures.append(f"{login}: GET {url}: HTTP {response.status_code}")
                continue
            self.counts["screens"] += 1
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            for href in re.findall(r'href="(/(?:my|thidua)[^"#]*)"', response.text):
                link = href.replace("&amp;", "&")
                if "logout" not in link and link not in seen:
                    queue.append(link)

    def _report(self, login):
        _logger.info("screen crawler: %s: %s screens, %s calls, %s messages to the user",
                     login, self.counts["screens"], self.counts["calls"], len(self.notes))
        self.assertTrue(self.counts["screens"] and self.counts["calls"], f"{login} opened nothing")
        self.assertFalse(self.failures, "\n".join(self.failures[:40]))

    def test_backend_roles(self):
        for login in self.BACKEND_ROLES:
            with self.subTest(login=login):
                self.failures, self.notes, self.counts = [], [], Counter()
                self._crawl_backend(login)
                self._report(login)

    def test_portal_officers(self):
        for login in self.PORTAL_ROLES:
            with self.subTest(login=login):
                self.failures, self.notes, self.counts = [], [], Counter()
                self._crawl_portal(login)
                self._report(login)

    def test_certificate_set_up_on_the_unit_form(self):
        """The manager chooses the .p12 file on the unit form: the onchange shows its holder."""
        self._login("lanhdao")
        unit = self.env.ref("chilang_thidua.unit_ubnd_xa_chi_lang", raise_if_not_found=False) \
            or self.env.ref("chilang_thidua.unit_ubnd_huyen")
        spec = {"sign_certificate": {}, "sign_certificate_filename": {}, "sign_certificate_info": {},
                "sign_certificate_password": {}}
        changed = self._call_kw("thidua.unit", "onchange", [[unit.id], {
            "sign_certificate": base64.b64encode(self.p12).decode(),
            "sign_certificate_filename": "ubnd.p12", "sign_certificate_password": PASSWORD,
        }, ["sign_certificate"], spec], {"context": {"lang": "vi_VN"}}, "choose the certificate")
        self.assertFalse(self.failures, "\n".join(self.failures))
        self.assertIn("Ủy ban nhân dân huyện Thử Nghiệm", changed["value"]["sign_certificate_info"])
        self.user_message_ok = False
        self._call_kw("thidua.unit", "web_save", [[unit.id], {
            "sign_certificate": base64.b64encode(self.p12).decode(),
            "sign_certificate_filename": "ubnd.p12", "sign_certificate_password": PASSWORD,
        }], {"specification": spec, "context": {"lang": "vi_VN"}}, "save the certificate")
        self.assertFalse(self.failures, "\n".join(self.failures))
        self.assertTrue(unit.sudo().sign_certificate)
        self.assertIn("Thử Nghiệm", unit.sudo().sign_certificate_info)

    def test_unit_staff_registers_in_the_backend(self):
        """Đăng ký thi đua › Mới as a commune's officer: the campaign dropdown offers the open campaign."""
        self._login("dongmo")
        views = self._call_kw("thidua.registration", "get_views", [], {"views": [[False, "form"]]},
                              "registration form")
        field = views["models"]["thidua.registration"]["fields"]["campaign_id"]
        new = self._call_kw("thidua.registration", "onchange", [[], {}, [], {"company_id": {}}], {},
                            "new registration")
        self.assertFalse(self.failures, "\n".join(self.failures))
        # the domain as the web client evaluates it on the new record
        domain = safe_eval(field["domain"], {
            "company_id": new["value"].get("company_id") or False, "uid": self.uid,
            "allowed_company_ids": [self.company_id], "current_company_id": self.company_id,
        })
        offered = self._call_kw("thidua.campaign", "name_search", [], {"name": "", "args": domain},
                                "campaign dropdown")
        self.assertIn(self.env.ref("chilang_thidua.campaign_today_open").id, [row[0] for row in offered])


@tagged("post_install", "-at_install")
class TestDemoDay(TransactionCase):
    """The README's day has what each step needs, and a step taken closes its to-do."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.campaign_today_open", raise_if_not_found=False):
            self.skipTest("database installed without demo data")
        self.today = fields.Date.context_today(self.env.user.with_context(tz="Asia/Ho_Chi_Minh"))

    def _ref(self, xmlid):
        # a to-do marked done is gone, with its external id
        return self.env.ref(f"chilang_thidua.{xmlid}", raise_if_not_found=False) or self.env["mail.activity"]

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def test_history_is_closed_and_signed(self):
        campaign, decision = self._ref("campaign_60_nam"), self._ref("decision_demo_60_nam")
        self.assertEqual(campaign.state, "done")
        self.assertEqual(decision.state, "signed")
        self.assertRegex(decision.name, r"^\d+/QĐ-UBND$")
        # the units at work stand under the commune; the district is history
        commune = self._ref("unit_ubnd_xa_chi_lang")
        for xmlid in ("unit_tt_dong_mo", "unit_xa_quang_lang", "unit_thcs_dong_mo", "unit_th_quang_lang"):
            self.assertTrue(self._ref(xmlid).complete_name.startswith(commune.name), xmlid)
            self.assertNotIn("huyện", self._ref(xmlid).complete_name, xmlid)

    def test_demo_leaves_global_records_alone(self):
        for name in ("res_users_demo", "thidua_award_record_demo", "thidua_campaign_demo", "thidua_dossier_demo",
                     "thidua_registration_demo", "thidua_today_demo", "thidua_unit_demo"):
            with file_open(f"chilang_thidua/demo/{name}.xml", "rb") as handle:
                tree = etree.parse(handle)
            for record in tree.iter("record"):
                xmlid = record.get("id")
                self.assertFalse("." in xmlid and not xmlid.startswith("chilang_thidua."),
                                 f"demo/{name}.xml writes {xmlid}")

    def test_appraiser_appraises_the_demo_dossier(self):
        dossier = self._ref("dossier_today_submitted")
        self.assertTrue(dossier.attachment_ids, "the unit sent its report")
        noivu = self._user("noivu")
        dossier.with_user(noivu).action_check_criteria()
        dossier.with_user(noivu).action_appraise()
        self.assertEqual(dossier.state, "appraised")
        self.assertFalse(self._ref("activity_today_noivu").exists(), "the to-do is done")

    def test_todos_are_today_and_closed_by_the_work(self):
        for xmlid in ("activity_today_dongmo", "activity_today_gddt", "activity_today_noivu",
                      "activity_today_lanhdao"):
            activity = self._ref(xmlid)
            self.assertEqual(activity.date_deadline, self.today, xmlid)
            self.assertEqual(activity.with_user(activity.user_id).state, "today", xmlid)
        # Phòng GD&ĐT forwards the school's registration: its to-do is done
        self._ref("registration_today_th_quang_lang").with_user(self._user("gddt")).action_forward()
        self.assertFalse(self._ref("activity_today_gddt").exists())
        # the town registers and submits: its to-do on the campaign is done
        dongmo = self._user("dongmo")
        campaign = self._ref("campaign_today_open")
        registration = self.env["thidua.registration"].with_user(dongmo).create({
            "campaign_id": campaign.id, "unit_id": self._ref("unit_tt_dong_mo").id,
            "item_ids": [Command.create({"name": "Mô hình Dân vận khéo", "item_type": "model",
                                         "content_id": campaign.content_ids[:1].id,
                                         "target": "100% hộ tham gia"})],
        })
        registration.action_submit()
        self.assertFalse(self._ref("activity_today_dongmo").exists())
