"""What a careful attacker, or a careless typist, would try; each test names the protection it proves.

ORM probes run as the real users; HTTP probes go through the portal pages and JSON-RPC
(``/web/dataset/call_kw``) on the test server, as a browser or a script would.
"""

from contextlib import contextmanager
from datetime import date

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import ThiduaCommon

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


class ProbeFixtures:
    @classmethod
    def _setup_probe_fixtures(cls):
        cls._open_campaign()
        cls.reg_a = cls._make_registration(cls.unit_commune_a, cls.user_commune_a)
        cls.reg_b = cls._make_registration(cls.unit_commune_b, cls.user_commune_b)
        cls.reg_school = cls._make_registration(cls.unit_school, cls.user_portal_school)
        cls.item_a, cls.item_b = cls.reg_a.item_ids, cls.reg_b.item_ids
        cls.evidence_b = cls.item_b.with_user(cls.user_commune_b)._attach_evidence("bien-ban.pdf", b"%PDF-1.4 mat")
        # end the fixtures' "transaction", so that mail tracks the changes the tests make
        cls.env.flush_all()
        cls.cr.precommit.run()

    def _count(self, model, domain=None):
        return self.env[model].sudo().search_count(domain or [])

    @contextmanager
    def assertRefused(self, exception, pattern=None):
        """assertRaises (which rolls back to a savepoint, as a request would) + the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        if pattern:
            self.assertRegex(str(caught.exception), pattern)


@tagged("post_install", "-at_install")
class TestSecurityProbesOrm(ProbeFixtures, ThiduaCommon):
    """Probes through the ORM with real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_probe_fixtures()

    # -- state discipline (thidua.workflow.mixin) ------------------------------------
    def test_direct_state_write_is_refused(self):
        """Protection: the mixin's write/create refuse ``state`` outside the action_* methods."""
        with self.assertRefused(AccessError, "chỉ thay đổi qua các nút"):
            self.campaign.with_user(self.user_appraiser).write({"state": "done"})
        with self.assertRefused(AccessError, "chỉ thay đổi qua các nút"):
            self.reg_a.with_user(self.user_commune_a).write({"state": "accepted"})
        with self.assertRefused(AccessError, "trạng thái đầu tiên"):
            self.env["thidua.registration"].with_user(self.user_commune_a).create({
                "campaign_id": self._new_campaign().id, "unit_id": self.unit_commune_a.id, "state": "accepted",
            })
        self.assertEqual((self.campaign.state, self.reg_a.state), ("open", "draft"))

    def _new_campaign(self):
        return self.env["thidua.campaign"].create({
            "name": "Phong trào phụ", "date_start": date(2024, 3, 1), "date_end": date(2024, 9, 30),
            "registration_deadline": date(2024, 3, 20), "content_ids": [(0, 0, {"name": "ND"})],
        })

    def test_workflow_fields_cannot_be_forged(self):
        """Protection (added here): workflow dates and flags are refused outside the workflow;
        a late registration cannot be back-dated, a dossier cannot declare itself eligible."""
        with self.assertRefused(AccessError, "do quy trình tự ghi"):
            self.reg_a.with_user(self.user_commune_a).write({"date_submitted": date(2024, 1, 2)})
        self.assertFalse(self.reg_a.date_submitted)

    def test_registration_for_another_unit_is_refused(self):
        """Protection: create checks that the user acts for the unit (the check once looped on the
        empty new recordset, so an appraiser or an aggregating unit could register any unit)."""
        campaign = self._new_campaign()
        for user, unit in ((self.user_commune_a, self.unit_commune_b), (self.user_education, self.unit_school),
                           (self.user_appraiser, self.unit_commune_a)):
            with self.assertRaises(AccessError):
                self.env["thidua.registration"].with_user(user).create({
                    "campaign_id": campaign.id, "unit_id": unit.id,
                })
        self.assertFalse(self._count("thidua.registration", [("campaign_id", "=", campaign.id)]))

    def test_moving_records_to_another_unit_is_refused(self):
        """Protection: registration.write checks the officer of the new unit; item.write (added
        here) checks the target registration, so nobody slips an item into another unit's file."""
        with self.assertRaises(UserError):  # it has items
            self.reg_a.with_user(self.user_commune_a).write({"unit_id": self.unit_commune_b.id})
        empty = self.env["thidua.registration"].with_user(self.user_commune_a).create(
            {"campaign_id": self._new_campaign().id, "unit_id": self.unit_commune_a.id}
        )
        with self.assertRaises(AccessError):
            empty.write({"unit_id": self.unit_commune_b.id})
        self.assertEqual(empty.unit_id, self.unit_commune_a)
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_commune_a).write({"registration_id": self.reg_b.id})
        self.assertEqual(self.item_a.registration_id, self.reg_a)
        self.assertEqual(self.reg_b.item_ids, self.item_b)

    def test_actions_on_another_units_registration_are_refused(self):
        """Protection: record rules (read) and the officer checks in action_submit/forward/accept."""
        with self.assertRaises(AccessError):
            self.reg_b.with_user(self.user_commune_a).action_submit()
        self.reg_school.with_user(self.user_portal_school).action_submit()
        with self.assertRaises(AccessError):
            self.reg_school.with_user(self.user_commune_a).action_forward()
        with self.assertRaises(AccessError):
            self.reg_school.with_user(self.user_education).action_accept()
        with self.assertRaises(AccessError):
            self.reg_school.with_user(self.user_commune_a).action_return("Trả lại")
        self.assertEqual(self.reg_school.state, "submitted")

    def test_user_cannot_grant_themself_a_unit(self):
        """Protection: res.users.thidua_unit_ids and thidua.unit.officer_ids are admin-only."""
        with self.assertRaises(AccessError):
            self.user_commune_a.with_user(self.user_commune_a).write({"thidua_unit_ids": [(4, self.unit_commune_b.id)]})
        with self.assertRaises(AccessError):
            self.unit_commune_a.with_user(self.user_commune_a).write({"officer_ids": [(4, self.user_commune_b.id)]})
        self.assertNotIn(self.unit_commune_b, self.user_commune_a.thidua_unit_ids)

    def test_exemplary_flag_only_by_appraisers(self):
        with self.assertRaises(AccessError):
            self.item_a.with_user(self.user_commune_a).write({"is_exemplary": True})
        self.assertFalse(self.item_a.is_exemplary)

    # -- bad input -----------------------------------------------------------------------
    def test_campaign_dates_out_of_order_and_empty_names(self):
        """Protection: thidua.campaign constraints; nothing is saved, messages are Vietnamese."""
        Campaign = self.env["thidua.campaign"].with_user(self.user_appraiser)
        before = self._count("thidua.campaign")
        base = {"name": "Phong trào", "date_start": date(2025, 6, 1), "date_end": date(2025, 12, 31),
                "registration_deadline": date(2025, 7, 1), "content_ids": [(0, 0, {"name": "ND"})]}
        cases = [
            ({"date_end": date(2025, 1, 1)}, "phải kết thúc sau khi bắt đầu"),
            ({"date_end": date(2025, 6, 1)}, "phải kết thúc sau khi bắt đầu"),
            ({"registration_deadline": date(2026, 1, 1)}, "Hạn đăng ký"),
            ({"name": "   "}, "Phong trào phải có tên"),
            ({"min_items_per_unit": -3}, "ít nhất một"),
        ]
        for change, message in cases:
            with self.subTest(change=change), self.assertRefused(ValidationError, message):
                Campaign.create(dict(base, **change))
        self.assertEqual(self._count("thidua.campaign"), before)

    def test_empty_unit_name_and_absurd_amounts(self):
        # the guard's cleaning of typed names refuses a blank one, naming the field
        with self.assertRefused(ValidationError, "Tên không được để trống"):
            self.env["thidua.unit"].with_user(self.user_appraiser).create({"name": " ", "code": "X1"})
        with self.assertRefused(ValidationError, "số dương"):
            self.env["thidua.base.salary"].with_user(self.user_manager).create(
                {"date_from": date(2030, 1, 1), "amount": -1}
            )
        with self.assertRefused(ValidationError, "từ 0 đến 100"):
            self.award_form.coefficient_ids[:1].with_user(self.user_manager).write({"bonus_coef_individual": 1e6})
        with self.assertRefused(ValidationError, "từ 0 đến 100"):
            self.item_a.with_user(self.user_commune_a).write({"progress": 150})
        self.item_a.invalidate_recordset()
        self.assertEqual(self.item_a.progress, 0)

    def test_html_is_sanitised_in_html_fields(self):
        """Protection: Html fields are sanitised on write (campaign purpose, unit note)."""
        self.campaign.with_user(self.user_appraiser).write({"purpose": f"<p>Mục đích</p>{SCRIPT}"})
        self.assertNotIn("<script", str(self.campaign.purpose))
        self.assertNotIn("onerror", str(self.campaign.purpose))

    def test_wrong_type_oversize_and_empty_uploads(self):
        """Protection: _attach_evidence checks the settings chilang_thidua.upload_max_mb and
        chilang_thidua.upload_extensions; nothing is attached."""
        self.env["ir.config_parameter"].sudo().set_param("chilang_thidua.upload_max_mb", "0.001")
        item = self.item_a.with_user(self.user_commune_a)
        for name, content, message in (
            ("virus.exe", b"MZ", "không thể đính kèm"),
            ("bao-cao.pdf.exe", b"MZ", "không thể đính kèm"),
            ("..\\..\\etc\\passwd", b"root", "không thể đính kèm"),
            ("to-qua.pdf", b"%PDF" + b"0" * 2048, "MB"),
            ("rong.pdf", b"", "không có nội dung"),
        ):
            with self.subTest(name=name), self.assertRefused(UserError, message):
                item._attach_evidence(name, content)
        self.assertFalse(self._count("ir.attachment", [("res_model", "=", "thidua.registration.item"),
                                                       ("res_id", "=", self.item_a.id)]))

    def test_tracking_is_not_editable_by_non_admins(self):
        """Audit: state changes are tracked in the chatter; the messages and their tracking
        values cannot be changed or deleted by the officer who caused them, nor by an appraiser."""
        self.reg_a.with_user(self.user_commune_a).action_submit()
        self.env.flush_all()
        self.cr.precommit.run()
        tracking = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", "thidua.registration"), ("mail_message_id.res_id", "=", self.reg_a.id),
        ])
        self.assertTrue(tracking, "the state change is in the chatter")
        message = tracking.mail_message_id[:1]
        self.assertEqual(message.author_id, self.user_commune_a.partner_id)
        for user in (self.user_commune_a, self.user_appraiser, self.user_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    tracking.with_user(user).write({"old_value_char": "Đã sửa"})
                with self.assertRaises(AccessError):
                    tracking.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    message.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    message.with_user(user).write({"body": "Đã sửa"})
        self.assertTrue(message.exists())
        self.assertNotEqual(str(message.body), "Đã sửa")
        # the officer's own plain comment stays theirs to correct; an administrator may clean up
        note = self.reg_a.with_user(self.user_commune_a).message_post(body="Ghi chú", message_type="comment")
        note.with_user(self.user_commune_a).write({"body": "Ghi chú đã sửa"})
        message.with_user(self.env.ref("base.user_admin")).unlink()


@tagged("post_install", "-at_install")
class TestSecurityProbesHttp(ProbeFixtures, HttpCase, ThiduaCommon):
    """Probes through the portal pages and JSON-RPC, as a browser or a script would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_probe_fixtures()

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def assertRpcDenied(self, model, method, *args, error="AccessError", **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc(model, method, *args, **kwargs)
        self.assertIn(error, str(caught.exception))

    # -- portal URLs and form posts -----------------------------------------------------
    def test_portal_url_id_tampering(self):
        """Protection: _document_check_access (record rules) on every /my/thidua route; the item
        must belong to the registration of the URL."""
        self.authenticate("t_portal_school", "t_portal_school")
        other = f"/my/thidua/registration/{self.reg_a.id}"
        for url, data in (
            (other, None),
            (f"{other}/item", {"name": "Chen vao"}),
            (f"{other}/item/{self.item_a.id}/delete", {}),
            (f"{other}/item/{self.item_a.id}/progress", {"progress": "90"}),
            (f"{other}/submit", {}),
            (f"/my/thidua/registration/{self.reg_school.id}/item", {"item_id": str(self.item_a.id), "name": "X"}),
            (f"/my/thidua/registration/{self.reg_school.id}/item/{self.item_a.id}/delete", {}),
            (f"/my/thidua/registration/{self.reg_b.id + 10000}", None),
        ):
            with self.subTest(url=url):
                response = self._post(url, data) if data is not None else self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn(self.item_a.name, response.text)
        self.assertEqual((self.item_a.name, self.item_a.progress), (self.reg_a.item_ids.name, 0))
        self.assertEqual(len(self.reg_a.item_ids), 1)

    def test_portal_mass_assignment_is_ignored(self):
        """Protection: the portal keeps only ITEM_FORM_FIELDS; registrations start in draft for
        the unit chosen among the officer's own."""
        self.authenticate("t_portal_school", "t_portal_school")
        url = f"/my/thidua/registration/{self.reg_school.id}/item"
        self._post(url, {
            "name": "Mô hình mới", "item_type": "model", "is_exemplary": "1", "progress": "100",
            "registration_id": str(self.reg_a.id), "unit_id": str(self.unit_commune_a.id), "state": "accepted",
        })
        item = self.reg_school.item_ids.filtered(lambda i: i.name == "Mô hình mới")
        self.assertEqual(len(item), 1)
        self.assertEqual((item.is_exemplary, item.progress, item.state), (False, 0, "draft"))
        self.assertEqual(len(self.reg_a.item_ids), 1)
        # register another unit, or register already accepted: refused / ignored
        campaign = self.env["thidua.campaign"].create({
            "name": "Phong trào mới", "date_start": date(2024, 2, 1), "date_end": date(2024, 11, 30),
            "registration_deadline": date(2024, 3, 1), "content_ids": [(0, 0, {"name": "ND"})],
        })
        campaign.action_open()
        response = self._post("/my/thidua/register", {"campaign_id": campaign.id, "unit_id": self.unit_commune_a.id})
        self.assertIn("không phải cán bộ của đơn vị", response.text)
        self._post("/my/thidua/register", {
            "campaign_id": campaign.id, "unit_id": self.unit_school.id, "state": "accepted", "eligible": "1",
        })
        created = self.env["thidua.registration"].search([("campaign_id", "=", campaign.id)])
        self.assertEqual((created.unit_id, created.state), (self.unit_school, "draft"))

    def test_duplicate_registration_from_two_tabs(self):
        """Two posts of the same form (two tabs): the second gets a clear message, one record."""
        self.authenticate("t_portal_school", "t_portal_school")
        campaign = self.env["thidua.campaign"].create({
            "name": "Phong trào hai tab", "date_start": date(2024, 2, 1), "date_end": date(2024, 11, 30),
            "registration_deadline": date(2024, 3, 1), "content_ids": [(0, 0, {"name": "ND"})],
        })
        campaign.action_open()
        data = {"campaign_id": campaign.id, "unit_id": self.unit_school.id}
        self._post("/my/thidua/register", data)
        response = self._post("/my/thidua/register", data)
        self.assertIn("đã đăng ký", response.text)
        self.assertEqual(self._count("thidua.registration", [("campaign_id", "=", campaign.id)]), 1)

    def test_portal_bad_input_gets_a_message_and_saves_nothing(self):
        self.authenticate("t_portal_school", "t_portal_school")
        base = f"/my/thidua/registration/{self.reg_school.id}"
        item = self.reg_school.item_ids
        for data, message in (
            ({"progress": "-5"}, "từ 0 đến 100"),
            ({"progress": "150"}, "từ 0 đến 100"),
            ({"progress": "abc"}, "từ 0 đến 100"),
        ):
            with self.subTest(data=data):
                response = self._post(f"{base}/item/{item.id}/progress", data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        for data in ({"name": "   ", "item_type": "model"}, {"name": "Hạn sai", "date_deadline": "31/02/2024"},
                     {"name": "Loại sai", "item_type": "hack"}):
            with self.subTest(data=data):
                response = self._post(f"{base}/item", data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
        self.assertEqual(self.reg_school.item_ids, item)
        self.assertEqual(item.progress, 0)

    def test_script_in_text_is_escaped_on_the_portal(self):
        """Protection: QWeb t-out escapes; the names typed by a unit reach other users' pages."""
        self.item_a.sudo().name = f"Mô hình {SCRIPT}"
        self.reg_school.item_ids.sudo().write({"name": f"Mô hình {SCRIPT}", "target": SCRIPT})
        self.campaign.sudo().name = f"Phong trào {SCRIPT}"
        self.authenticate("t_portal_school", "t_portal_school")
        for url in ("/my/thidua", f"/my/thidua/registration/{self.reg_school.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn('<script>alert("xss")', response.text)
            self.assertNotIn("<img src=x onerror", response.text)
            self.assertIn("&lt;script&gt;", response.text)

    # -- attachments ---------------------------------------------------------------------
    def test_other_units_attachment_cannot_be_downloaded(self):
        """Protection: ir.attachment checks the item's record rules; the portal evidence route
        checks the registration; no access token can be minted without write access."""
        attachment = self.evidence_b
        for login in ("t_commune_a", "t_portal_school", "t_internal"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for url in (f"/web/content/{attachment.id}", f"/web/content/{attachment.id}?download=true",
                            f"/web/content/ir.attachment/{attachment.id}/datas",
                            f"/my/thidua/evidence/{attachment.id}",
                            f"/web/content/{attachment.id}?access_token=x"):
                    response = self.url_open(url)
                    self.assertIn(response.status_code, (403, 404), url)
                    self.assertNotIn(b"%PDF-1.4 mat", response.content)
                # /web/image answers a placeholder picture, never the file
                self.assertNotIn(b"%PDF-1.4 mat", self.url_open(f"/web/image/{attachment.id}").content)
                if login != "t_portal_school":
                    self.assertRpcDenied("ir.attachment", "generate_access_token", [attachment.id])
                    self.assertRpcDenied("ir.attachment", "read", [attachment.id], ["datas"])
        self.assertFalse(attachment.sudo().access_token)
        # the unit's own officer gets the file
        self.authenticate("t_commune_b", "t_commune_b")
        self.assertEqual(self.url_open(f"/web/content/{attachment.id}").content, b"%PDF-1.4 mat")

    # -- RPC ------------------------------------------------------------------------------
    def test_rpc_actions_and_writes_on_other_units_records(self):
        """Protection: record rules and officer checks hold over JSON-RPC, portal users included."""
        self.authenticate("t_commune_a", "t_commune_a")
        for method, args in (("action_submit", []), ("action_forward", []), ("action_accept", []),
                             ("action_return", ["x"]), ("write", [{"unit_id": self.unit_commune_a.id}]),
                             ("unlink", [])):
            with self.subTest(method=method):
                self.assertRpcDenied("thidua.registration", method, [self.reg_b.id], *args)
        self.assertRpcDenied("thidua.registration", "write", [self.reg_a.id], {"state": "accepted"})
        self.assertRpcDenied("thidua.registration.item", "write", [self.item_a.id], {"registration_id": self.reg_b.id})
        self.assertRpcDenied("thidua.campaign", "action_open", [self.campaign.id])
        self.assertRpcDenied("res.users", "write", [self.user_commune_a.id],
                             {"thidua_unit_ids": [(4, self.unit_commune_b.id)]})
        # a portal user calling the backend RPC directly meets the same walls
        self.authenticate("t_portal_school", "t_portal_school")
        self.assertRpcDenied("thidua.registration", "read", [self.reg_a.id], ["name"])
        self.assertRpcDenied("thidua.registration", "write", [self.reg_school.id], {"date_submitted": "2024-01-01"})
        self.assertRpcDenied("thidua.registration.item", "write", self.reg_school.item_ids.ids,
                             {"is_exemplary": True})
        self.assertRpcDenied("thidua.unit", "write", [self.unit_school.id],
                             {"officer_ids": [(4, self.user_commune_a.id)]})
        self.env.invalidate_all()
        self.assertEqual(self.reg_b.state, "draft")
        self.assertEqual(self.reg_b.unit_id, self.unit_commune_b)
