from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestRegistrationPortal(HttpCase, ThiduaCommon):
    """/my/thidua as the school's real portal officer, and the public exemplary page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_campaign()
        cls.reg_school = cls._make_registration(cls.unit_school, cls.user_portal_school)
        cls.item_school = cls.reg_school.item_ids
        cls.reg_commune = cls._make_registration(cls.unit_commune_a, cls.user_commune_a, items=2)
        cls.item_secret, cls.item_exemplary = cls.reg_commune.item_ids
        cls.item_secret.write({"name": "Phần việc nội bộ chưa công bố", "target": "Chỉ tiêu bí mật 12345"})
        cls.item_exemplary.write({"name": "Mô hình Dân vận khéo", "target": "Chỉ tiêu nội bộ 67890"})
        # sudo: the fixture jumps the commune's registration to accepted without the dates
        cls.reg_commune.sudo()._set_state("accepted")
        cls.item_exemplary.with_user(cls.user_appraiser).write(
            {"is_exemplary": True}
        )
        cls.item_exemplary.sudo().write({"result": "Giải quyết 98% kiến nghị của Nhân dân"})

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def test_portal_officer_reaches_own_registration_in_vietnamese(self):
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open("/my/thidua")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Trường Tiểu học Thử", response.text)
        self.assertIn("Đăng ký thi đua", response.text)
        response = self.url_open(f"/my/thidua/registration/{self.reg_school.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.item_school.name, response.text)
        self.assertIn("Dự thảo", response.text, "the state is shown in Vietnamese")
        self.assertIn("Mô hình, công trình, phần việc", response.text)

    def test_other_units_registration_is_not_found(self):
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open(f"/my/thidua/registration/{self.reg_commune.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(self.item_secret.name, response.text)
        self.assertNotIn("Chỉ tiêu bí mật", response.text)
        response = self._post(f"/my/thidua/registration/{self.reg_commune.id}/submit")
        self.assertIn(response.status_code, (403, 404))

    def _accept_school(self):
        # sudo: skips the review steps, tested elsewhere; progress is reported once accepted
        self.reg_school.sudo()._set_state("accepted")

    def test_upload_lands_on_the_right_item_only(self):
        self._accept_school()
        self.authenticate("t_portal_school", "t_portal_school")
        response = self._post(
            f"/my/thidua/registration/{self.reg_school.id}/item/{self.item_school.id}/progress",
            data={"progress": "35", "result": "Đã khai trương thư viện"},
            files={"evidence": ("bao-cao.pdf", b"%PDF-1.4 minh chung", "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        attachments = self.env["ir.attachment"].search([("name", "=", "bao-cao.pdf")])
        self.assertEqual(len(attachments), 1)
        self.assertEqual((attachments.res_model, attachments.res_id), ("thidua.registration.item", self.item_school.id))
        self.assertEqual(self.item_school.progress, 35)
        # the file is listed on the page and can be downloaded by the officer
        self.assertIn("bao-cao.pdf", response.text)
        download = self.url_open(f"/my/thidua/evidence/{attachments.id}")
        self.assertEqual(download.content, b"%PDF-1.4 minh chung")

        # another unit's item: refused, nothing attached
        response = self._post(
            f"/my/thidua/registration/{self.reg_commune.id}/item/{self.item_secret.id}/progress",
            files={"evidence": ("gia-mao.pdf", b"%PDF-1.4 x", "application/pdf")},
        )
        self.assertIn(response.status_code, (403, 404))
        # an item of another registration under the officer's own registration URL: refused too
        response = self._post(
            f"/my/thidua/registration/{self.reg_school.id}/item/{self.item_secret.id}/progress",
            files={"evidence": ("gia-mao.pdf", b"%PDF-1.4 x", "application/pdf")},
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "gia-mao.pdf")]))

    def test_upload_of_a_forbidden_type_is_refused_on_the_page(self):
        self._accept_school()
        self.authenticate("t_portal_school", "t_portal_school")
        response = self._post(
            f"/my/thidua/registration/{self.reg_school.id}/item/{self.item_school.id}/progress",
            data={"progress": "50"},
            files={"evidence": ("script.exe", b"MZ", "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("không thể đính kèm", response.text)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "script.exe")]))
        self.assertEqual(self.item_school.progress, 0, "the whole update is undone")

    def test_portal_item_and_submit_flow(self):
        self.authenticate("t_portal_school", "t_portal_school")
        url = f"/my/thidua/registration/{self.reg_school.id}"
        self._post(f"{url}/item", data={
            "name": "Công trình sân chơi cho học sinh", "item_type": "work",
            "content_id": str(self.campaign.content_ids[0].id), "target": "Hoàn thành tháng 9",
        })
        self.assertEqual(len(self.reg_school.item_ids), 2)
        self._post(f"{url}/submit")
        self.assertEqual(self.reg_school.state, "submitted")
        # locked once submitted: a change of the title is refused, with the reason on the page
        response = self._post(f"{url}/item", data={"item_id": str(self.item_school.id), "name": "Đổi tên"})
        self.assertIn("chỉ có thể thay đổi", response.text)
        self.assertNotEqual(self.item_school.name, "Đổi tên")

    def test_aggregating_officer_forwards_from_the_portal(self):
        reviewer = new_test_user(self.env, "t_portal_gddt", groups="base.group_portal", lang="vi_VN")
        self.unit_education.officer_ids |= reviewer
        self.reg_school.with_user(self.user_portal_school).action_submit()
        self.authenticate("t_portal_gddt", "t_portal_gddt")
        response = self.url_open("/my/thidua")
        self.assertIn("Chờ bạn xem xét", response.text)
        self.assertIn(self.reg_school.access_url, response.text)
        self._post(f"/my/thidua/registration/{self.reg_school.id}/forward")
        self.assertEqual(self.reg_school.state, "forwarded")

    def test_home_counter(self):
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.make_jsonrpc_request("/my/counters", {"counters": ["thidua_registration_count"]})
        self.assertEqual(response["thidua_registration_count"], 1)
        # an appraiser acts for no unit: nothing to count, and the page still opens
        self.authenticate("t_appraiser", "t_appraiser")
        response = self.make_jsonrpc_request("/my/counters", {"counters": ["thidua_registration_count"]})
        self.assertEqual(response["thidua_registration_count"], 0)
        self.assertEqual(self.url_open("/my/thidua").status_code, 200)

    def test_public_page_in_vietnamese_for_a_vi_user(self):
        self.authenticate("t_portal_school", "t_portal_school")
        response = self.url_open("/thidua/dien-hinh")
        self.assertIn("Điển hình tiên tiến", response.text)
        self.assertIn("Nội dung thi đua", response.text)
        self.assertNotIn("Exemplary Models", response.text)

    def test_public_exemplary_page_lists_only_exemplary_items(self):
        response = self.url_open("/thidua/dien-hinh")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mô hình Dân vận khéo", response.text)
        self.assertIn("Giải quyết 98% kiến nghị", response.text)
        self.assertIn("Xã An Bình", response.text)
        for secret in ("Phần việc nội bộ chưa công bố", "Chỉ tiêu bí mật", "Chỉ tiêu nội bộ 67890",
                       self.item_school.name, "Cán bộ xã An Bình"):
            self.assertNotIn(secret, response.text)


@tagged("post_install", "-at_install")
class TestPortalListsScale(HttpCase, ThiduaCommon):
    """An officer of many schools pages through them and finds one by its name."""

    def test_pager_and_search(self):
        self._open_campaign()
        officer = new_test_user(self.env, "t_many_schools", groups="base.group_portal", name="Cán bộ cụm trường",
                                lang="vi_VN")
        schools = self.env["thidua.unit"].create([{
            "name": f"Trường số {n:02d}", "code": f"T_S{n:02d}", "unit_type": "school",
            "parent_id": self.unit_education.id, "officer_ids": [(6, 0, officer.ids)],
        } for n in range(1, 26)])
        self.authenticate("t_many_schools", "t_many_schools")
        first = self.url_open("/my/thidua").text
        self.assertIn("Trường số 01", first)
        self.assertNotIn("Trường số 25", first)
        self.assertIn("/my/thidua/page/2", first)
        # 20 rows a page, whatever the number of running campaigns (the demo may have one more)
        second = self.url_open("/my/thidua/page/2").text
        self.assertIn("Trường số 25", second)
        self.assertNotIn("Trường số 20", second.split("Trường số 25")[0])
        found = self.url_open("/my/thidua?search=số  17").text
        self.assertIn("Trường số 17", found)
        self.assertNotIn("Trường số 18", found)
        self.assertEqual(len(schools), 25)
