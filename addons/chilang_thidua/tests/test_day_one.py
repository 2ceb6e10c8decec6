"""Day one of a commune on a database installed WITHOUT demo data (tools/odoo_suite.py --without-demo,
tag ``day_one``): the administrator brings in the units and officers from the import templates and
gives each role from the user form, the appraiser launches a campaign, schools register on the
portal, and the province reads the result over XML-RPC with a reporting user's API key."""

import io
import xmlrpc.client
from datetime import date, datetime, timedelta

import openpyxl

from odoo import Command, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.misc import file_open

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# the commune's own spreadsheet: odd spacing and case, parents by name or code, types by label or code
UNIT_ROWS = [
    # Mã, Tên, Loại đơn vị, Đơn vị cấp trên, Đơn vị tổng hợp, Email, Điện thoại, Địa danh, Tên cơ quan ban hành
    ["UBND_XA", "UBND xã Tân Tiến", "Xã, thị trấn", "", "", "ubnd@tantien.gov.vn", "0205 3820 111", "Tân Tiến",
     "Ủy ban nhân dân xã Tân Tiến"],
    ["VHXH", "Phòng Văn hóa – Xã hội", "office", "ubnd  xã tân tiến", "", "vhxh@tantien.gov.vn", "", "", ""],
    ["TO_GD_A", "Tổ Giáo dục khu A", "Cơ quan Đảng, Nhà nước, MTTQ, đoàn thể", "UBND_XA", "", "", "", "", ""],
    ["TO_GD_B", "Tổ Giáo dục khu B", "office", "UBND_XA", "", "", "", "", ""],
    ["TH_A", "Trường Tiểu học Tân Tiến A", "Trường học", "Tổ Giáo dục khu A", "TO_GD_A", "tha@tantien.edu.vn",
     "0912000111", "", ""],
    ["TH_B", "Trường Tiểu học Tân Tiến B", "school", "TO_GD_B", "tổ giáo dục khu b", "", "", "", ""],
    ["THON_1", "Thôn Bản Mới", "village", "UBND_XA", "", "", "", "", ""],
    ["THON_2", "Thôn Bản Mới", "Thôn, khối phố", "TH_A", "", "", "", "", ""],
]


@tagged("post_install", "-at_install", "day_one")
class TestDayOne(HttpCase):

    def setUp(self):
        super().setUp()
        if self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False):
            self.skipTest("day one plays on a database installed without demo data (odoo_suite.py --without-demo)")
        self.admin = self.env.ref("base.user_admin")
        self.env = self.env(user=self.admin, context=dict(self.env.context, lang="vi_VN", no_reset_password=True))

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _template(self, name):
        with file_open(f"chilang_thidua/static/xls/{name}", "rb") as handle:
            return openpyxl.load_workbook(io.BytesIO(handle.read()))

    def _filled(self, name, rows):
        """The template with the office's rows typed under its headers, as bytes."""
        workbook = self._template(name)
        sheet = workbook.worksheets[0]
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def _import(self, model, content, dryrun=False):
        """Odoo's import dialog: preview (the headers mapped by themselves), then import."""
        wizard = self.env["base_import.import"].create({
            "res_model": model, "file": content, "file_type": XLSX, "file_name": "tep.xlsx",
        })
        options = {"has_headers": True, "quoting": '"', "separator": ",", "sheet": "", "import_skip_records": [],
            "import_set_empty_fields": [], "date_format": "", "datetime_format": "", "float_thousand_separator": ",",
            "float_decimal_separator": ".", "advanced": False, "keep_matches": False, "name_create_enabled_fields": {},
            "fallback_values": {}}
        preview = wizard.parse_preview(options)
        self.assertFalse(preview.get("error"), preview)
        options["sheet"] = preview["options"]["sheet"]
        columns = preview["headers"]
        matches = preview["matches"] or {}
        fields = ["/".join(matches[index]) if matches.get(index) else False for index in range(len(columns))]
        return wizard.execute_import(fields, columns, options, dryrun=dryrun), fields

    def _post(self, url, data=None):
        return self.url_open(url, data=dict(data or {}, csrf_token=http.Request.csrf_token(self)),
                             allow_redirects=True)

    # ------------------------------------------------------------------
    # the day
    # ------------------------------------------------------------------
    def test_day_one(self):  # noqa: PLR0915 - one office's first week, in order
        Unit = self.env["thidua.unit"]
        self.assertFalse(Unit.search([]), "a database without demo data starts without units")
        district_form = self.env.ref("chilang_thidua.award_form_giay_khen_huyen")
        self.assertFalse(district_form.active, "the abolished district's award form is not offered on a new database")

        # 1. the units' template: Vietnamese headers and a guide; offered on the units' list
        workbook = self._template("thidua_unit_import.xlsx")
        headers = [cell.value for cell in workbook.worksheets[0][1]]
        self.assertEqual(headers[:5], ["Mã", "Tên", "Loại đơn vị", "Đơn vị cấp trên", "Đơn vị tổng hợp"])
        self.assertEqual(len(workbook.worksheets), 2, "a guide sheet")
        self.assertIn("thidua_unit_import.xlsx", Unit.get_import_templates()[0]["template"])

        # a parent named by a name two units share: refused, the candidates listed, nothing created
        ambiguous = [*UNIT_ROWS, ["XOM_1", "Xóm Đồi", "village", "Thôn Bản Mới", "", "", "", "", ""]]
        result, fields = self._import("thidua.unit", self._filled("thidua_unit_import.xlsx", ambiguous))
        self.assertEqual(fields[:5], ["code", "name", "unit_type", "parent_id", "review_unit_id"],
                         "the Vietnamese headers map to the fields by themselves")
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertIn("Thôn Bản Mới", messages)
        self.assertIn("THON_1", messages)
        self.assertIn("THON_2", messages)
        self.assertIn("Dòng 10", messages, "the spreadsheet's own row (header = row 1)")
        self.assertFalse(Unit.search([]), "nothing is imported while a row is refused, and no unit is made up")

        result, _fields = self._import("thidua.unit", self._filled("thidua_unit_import.xlsx", UNIT_ROWS))
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        units = {unit.code: unit for unit in Unit.search([])}
        self.assertEqual(len(units), len(UNIT_ROWS))
        commune, vhxh = units["UBND_XA"], units["VHXH"]
        school_a, school_b = units["TH_A"], units["TH_B"]
        self.assertEqual(commune.unit_type, "commune")
        self.assertEqual(vhxh.parent_id, commune, "a parent named with other spacing and case")
        self.assertEqual((school_a.parent_id, school_a.review_unit_id), (units["TO_GD_A"], units["TO_GD_A"]))
        self.assertEqual(school_b.review_unit_id, units["TO_GD_B"])
        self.assertEqual(units["THON_2"].unit_type, "village")
        # contact details kept although the units had no contact
        self.assertEqual((commune.email, commune.phone), ("ubnd@tantien.gov.vn", "0205 3820 111"))
        self.assertEqual(school_a.partner_id.email, "tha@tantien.edu.vn")
        # and on the unit form
        with Form(units["TO_GD_B"]) as form:
            form.email = "togdb@tantien.gov.vn"
            form.phone = "0205 3820 222"
        self.assertEqual(units["TO_GD_B"].email, "togdb@tantien.gov.vn")
        with Form(Unit) as form:
            form.name = "Đoàn Thanh niên xã"
            form.code = "DTN"
            form.email = "doan@tantien.gov.vn"
        self.assertEqual(Unit.search([("code", "=", "DTN")]).partner_id.email, "doan@tantien.gov.vn")

        # 2. roles from the user form, as the administrator does it (no developer mode)
        def new_user(name, login, role):
            with Form(self.env["res.users"], view="base.view_users_form") as form:
                form.name = name
                form.login = login
                form.thidua_role = role
            user = self.env["res.users"].search([("login", "=", login)])
            user.write({"password": login, "email": f"{login}@tantien.gov.vn"})
            return user

        appraiser = new_user("Lương Thị Thẩm", "thamdinh", "appraiser")
        council = new_user("Nông Văn Hội", "hoidong", "council")
        reporter = new_user("Hệ thống tỉnh", "tichhop", "reporting")
        self.assertTrue(appraiser.has_group("chilang_thidua.group_appraiser"))
        self.assertFalse(appraiser.has_group("chilang_thidua.group_council"))
        self.assertTrue(council.has_group("chilang_thidua.group_council"))
        self.assertEqual(appraiser.tz, "Asia/Ho_Chi_Minh")
        self.assertEqual(appraiser.action_id.id, self.env.ref("chilang_thidua.thidua_campaign_action").id)
        # separation of duties: the appraiser who types the tally is not one of the voters
        with self.assertRaises(ValidationError):
            council.write({"groups_id": [Command.link(self.env.ref("chilang_thidua.group_appraiser").id)]})
        with self.assertRaises(ValidationError):
            self.env.ref("chilang_thidua.group_council").write({"users": [Command.link(appraiser.id)]})
        view = self.env["res.users"].get_view(self.env.ref("base.view_users_form").id)["arch"]
        self.assertIn('name="thidua_role"', view, "the role is on the user form without developer mode")

        # 3. officers from their template: units by code; school officers on the portal
        workbook = self._template("thidua_officer_import.xlsx")
        self.assertIn("Đơn vị thi đua", [cell.value for cell in workbook.worksheets[0][1]])
        officers = [
            ["Hà Văn Giáo", "to_gd_a", "to_gd_a@tantien.gov.vn", "TO_GD_A", "1", ""],
            ["Lộc Thị Trường A", "th_a", "th_a@tantien.edu.vn", "th_a", "1", ""],
            ["Mã Văn Trường B", "th_b", "th_b@tantien.edu.vn", "TH_B", "1", ""],
        ]
        wrong = [*officers, ["Ai Đó", "ai_do", "", "Thôn Bản Mới", "1", ""]]
        result, fields = self._import("res.users", self._filled("thidua_officer_import.xlsx", wrong))
        self.assertIn("thidua_unit_ids", fields)
        self.assertIn("THON_1", " ".join(message["message"] for message in result["messages"]))
        self.assertFalse(self.env["res.users"].search([("login", "in", ("to_gd_a", "th_a", "ai_do"))]))
        result, _fields = self._import("res.users", self._filled("thidua_officer_import.xlsx", officers))
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        for login in ("to_gd_a", "th_a", "th_b"):
            officer = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(officer.share, "a portal officer")
            self.assertEqual(officer.tz, "Asia/Ho_Chi_Minh")
            officer.password = login
        self.assertEqual(school_a.officer_ids.login, "th_a")
        self.assertEqual(units["TO_GD_A"].officer_ids.login, "to_gd_a")

        # the office without an officer is flagged on the units' list
        unstaffed = Unit.with_user(appraiser).search([("review_unit_unstaffed", "=", True)])
        self.assertEqual(unstaffed, school_b)

        # 4. the appraiser launches a campaign (and one for next year, not running yet)
        today = date.today()
        Campaign = self.env["thidua.campaign"].with_user(appraiser)
        campaign = Campaign.create({
            "name": "Thi đua dạy tốt, học tốt", "issuing_unit_id": commune.id,
            "date_start": today - timedelta(days=5), "date_end": today + timedelta(days=200),
            "registration_deadline": today + timedelta(days=20),
            "content_ids": [Command.create({"name": "Đổi mới phương pháp dạy học"})],
        })
        campaign.action_open()
        next_year = Campaign.create({
            "name": "Phong trào năm sau", "issuing_unit_id": commune.id,
            "date_start": date(today.year + 1, 1, 1), "date_end": date(today.year + 1, 12, 31),
            "registration_deadline": date(today.year + 1, 1, 31),
            "content_ids": [Command.create({"name": "Chuyển đổi số"})],
        })
        next_year.action_open()
        self.assertEqual((campaign.stage, next_year.stage), ("open", "upcoming"))
        self.assertEqual(next_year.state, "open", "the contract's state is kept")
        self.assertEqual(Campaign.search([("stage", "=", "upcoming")]), next_year)
        self.assertIn("Tổ Giáo dục khu B", campaign.unstaffed_review_unit_names)

        # 5. the portal home shows the card before any registration, with what waits
        self.authenticate("th_a", "th_a")
        home = self.url_open("/my")
        self.assertIn("o_thidua_home_counts", home.text)
        counts = self.make_jsonrpc_request("/my/counters", {"counters": ["thidua_open_count", "thidua_waiting_count"]})
        # both campaigns take registrations (next year's too, before it starts): two to register
        self.assertEqual(counts, {"thidua_open_count": 2, "thidua_waiting_count": 2})

        # 6. both schools register and submit through the portal
        def register(unit):
            self._post("/my/thidua/register", {"campaign_id": str(campaign.id), "unit_id": str(unit.id)})
            registration = self.env["thidua.registration"].search(
                [("campaign_id", "=", campaign.id), ("unit_id", "=", unit.id)])
            self.assertTrue(registration, f"{unit.name} registered on the portal")
            url = f"/my/thidua/registration/{registration.id}"
            self._post(f"{url}/item", {"name": "Thư viện thân thiện", "item_type": "model",
                                       "content_id": str(campaign.content_ids.id), "target": "Xong tháng 12"})
            self._post(f"{url}/submit")
            self.assertEqual(registration.state, "submitted")
            return registration

        registration_a = register(school_a)
        # under an office with an officer: it is the office's to review; the appraiser waits for it
        self.assertFalse(registration_a.with_user(appraiser).can_accept)
        self.authenticate("to_gd_a", "to_gd_a")
        counts = self.make_jsonrpc_request("/my/counters", {"counters": ["thidua_waiting_count"]})
        # the office's own registration to the two campaigns, and the school's to review
        self.assertEqual(counts["thidua_waiting_count"], 3)
        self._post(f"/my/thidua/registration/{registration_a.id}/forward")
        self.assertEqual(registration_a.state, "forwarded")
        counts = self.make_jsonrpc_request("/my/counters", {"counters": ["thidua_waiting_count"]})
        self.assertEqual(counts["thidua_waiting_count"], 2, "reviewed: no longer waiting")

        self.authenticate("th_b", "th_b")
        registration_b = register(school_b)
        # under an office without an officer: straight to the appraiser, with a note saying why
        self.assertIn("Tổ Giáo dục khu B", " ".join(registration_b.message_ids.mapped("body")))
        self.assertTrue(registration_b.with_user(appraiser).can_accept)
        self.assertTrue(registration_b.activity_ids.filtered(lambda activity: activity.user_id == appraiser))
        registration_b.with_user(appraiser).action_accept()
        registration_a.with_user(appraiser).action_accept()
        self.assertEqual((registration_a.state, registration_b.state), ("accepted", "accepted"))

        # 7. the register: history imported, linked to the commune by its name
        Record = self.env["thidua.award.record"].with_user(appraiser)
        record = Record.create({
            "nominee_name": "Lộc Thị Trường A", "identity_number": "020185000123",
            "award_form_id": self.env.ref("chilang_thidua.award_form_giay_khen_xa").id,
            "year": today.year - 1, "decision_number": "12/QĐ-UBND",
            "issuing_body": "  ủy ban nhân dân  xã Tân Tiến ",
        })
        self.assertEqual(record.issuing_unit_id, commune)
        self.assertEqual(Record.search([("name", "ilike", "Lộc Thị")]), record)

        # 8. the province reads over XML-RPC with the reporting user's API key: no CCCD
        self.assertEqual(record.with_user(reporter).read(["name"])[0]["name"], record.name)
        with self.assertRaises(AccessError):
            record.with_user(reporter).read(["identity_number"])
        with self.assertRaises(AccessError):
            campaign.with_user(reporter).write({"name": "Đổi"})
        key = self.env["res.users.apikeys"].with_user(reporter)._generate(
            None, "Tích hợp tỉnh", datetime.now() + timedelta(days=30))
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object", allow_none=True)
        rows = models.execute_kw(self.env.cr.dbname, reporter.id, key, "thidua.award.record", "search_read",
                                 [[("year", "=", today.year - 1)]],
                                 {"fields": ["name", "nominee_name", "award_form_id", "year", "decision_number",
                                             "issuing_unit_id"]})
        self.assertEqual([row["name"] for row in rows], [record.name])
        self.assertEqual(rows[0]["issuing_unit_id"][0], commune.id)
        registrations = models.execute_kw(self.env.cr.dbname, reporter.id, key, "thidua.registration",
                                          "search_read", [[("campaign_id", "=", campaign.id)]],
                                          {"fields": ["unit_id", "state"]})
        self.assertEqual({row["state"] for row in registrations}, {"accepted"})
        with self.assertRaises(xmlrpc.client.Fault):
            models.execute_kw(self.env.cr.dbname, reporter.id, key, "thidua.award.record", "read",
                              [[record.id], ["identity_number"]])

    def test_roles_tour(self):
        """The administrator gives each role from the user form in a browser."""
        self.start_tour("/odoo/action-base.action_res_users", "chilang_thidua_admin_roles", login="admin")
        Users = self.env["res.users"]
        for login, group in (("thamdinh.dayone", "group_appraiser"), ("hoidong.dayone", "group_council"),
                             ("chutich.dayone", "group_manager"), ("tichhop.dayone", "group_reporting"),
                             ("vanphong.dayone", "group_user")):
            user = Users.search([("login", "=", login)])
            self.assertTrue(user.has_group(f"chilang_thidua.{group}"), login)
            self.assertEqual(user.tz, "Asia/Ho_Chi_Minh")
        self.assertFalse(Users.search([("login", "=", "thamdinh.dayone")]).has_group("chilang_thidua.group_council"))
