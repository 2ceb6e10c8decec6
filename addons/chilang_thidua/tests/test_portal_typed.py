from lxml import html as lxml_html

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_input import PDF, PortalInputCommon


@tagged("post_install", "-at_install")
class TestNothingTypedIsLost(HttpCase, PortalInputCommon):
    """Every portal button that leaves a form saves what was typed in it first, with the checks of
    Save, or brings the page back with the typed values and the reason. The forms are read from
    the rendered page and posted as a browser sends them: every input, the pressed button's
    ``formaction``, the page's csrf_token."""

    def _page_form(self, url, selector):
        """(form values as a browser would send them, {button text: URL it posts to}, page)."""
        page = lxml_html.fromstring(self.url_open(url).text)
        forms = page.xpath(selector)
        self.assertEqual(len(forms), 1, f"one form {selector} on {url}")
        form = forms[0]
        values = dict(form.form_values())
        buttons = {" ".join(button.text_content().split()): button.get("formaction") or form.get("action")
                   for button in form.xpath(".//button[@type='submit']")}
        self.assertIn("csrf_token", values, "the form carries its csrf_token")
        return values, buttons, form

    def _press(self, url, values, files=None):
        return self.url_open(url, data=values, files=files, allow_redirects=True)

    def _registration_url(self):
        return f"/my/thidua/registration/{self.registration.id}"

    def _return_registration(self, reason="Thiếu chỉ tiêu cụ thể của mô hình"):
        # sudo: the fixture skips the review: the education office returned the registration
        self.registration.sudo()._set_state("returned", review_note=reason)
        self.item.target = False

    def test_returned_registration_submit_keeps_the_target(self):
        """The officer types the missing target into Chỉ tiêu and presses Nộp đăng ký, no Lưu."""
        self._return_registration()
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, _form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        self.assertEqual(values[f"item_{self.item.id}_target"], "")
        values[f"item_{self.item.id}_target"] = "100% học sinh khối 5 đạt chuẩn đọc thông viết thạo"
        response = self._press(buttons["Nộp đăng ký"], values)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Đã nộp bản đăng ký", response.text)
        self.registration.invalidate_recordset()
        self.assertEqual(self.item.target, "100% học sinh khối 5 đạt chuẩn đọc thông viết thạo")
        self.assertEqual(self.registration.state, "submitted")

    def test_returned_registration_submit_refused_keeps_what_was_typed(self):
        """A typing mistake in one item: nothing is saved or submitted, the page comes back typed."""
        self.env["thidua.registration.item"].create({
            "registration_id": self.registration.id, "name": "Phần việc thứ hai", "item_type": "task",
        })
        self._return_registration()
        first, second = self.registration.item_ids.sorted("id")
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, _form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values[f"item_{first.id}_target"] = "Chỉ tiêu vừa gõ"
        values[f"item_{second.id}_date_deadline"] = "31/02/2025"
        values["item_new_name"] = "Mô hình mới đang gõ"
        response = self._press(buttons["Nộp đăng ký"], values)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Ngày hoàn thành 31/02/2025 không phải là ngày hợp lệ.", page)
        self.assertIn(">Chỉ tiêu vừa gõ</textarea>", page)
        self.assertIn('value="31/02/2025"', page)
        self.assertIn('value="Mô hình mới đang gõ"', page)
        self.registration.invalidate_recordset()
        self.assertEqual((first.target, self.registration.state, len(self.registration.item_ids)),
                         (False, "returned", 2), "nothing saved, nothing submitted")

    def test_submit_without_items_keeps_the_new_item(self):
        """The campaign's minimum refuses the submission: the item typed in Add comes back."""
        self.registration.sudo()._set_state("returned", review_note="Chưa có mô hình")
        self.item.unlink()
        self.campaign_running.min_items_per_unit = 2
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, _form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values.update({"item_new_name": "Thư viện xanh", "item_new_target": "Mỗi lớp một tủ sách"})
        response = self._press(buttons["Nộp đăng ký"], values)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Cần đăng ký ít nhất 2", response.text)
        self.assertIn('value="Thư viện xanh"', response.text)
        self.assertIn(">Mỗi lớp một tủ sách</textarea>", response.text)
        self.assertFalse(self.registration.item_ids, "the refused submission saved nothing")

    def test_add_and_delete_save_the_other_items(self):
        self.env["thidua.registration.item"].create({
            "registration_id": self.registration.id, "name": "Phần việc sẽ xóa", "item_type": "task",
        })
        kept, dropped = self.registration.item_ids.sorted("id")
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values[f"item_{kept.id}_description"] = "Mô tả gõ trước khi thêm"
        values.update({"item_new_name": "Sân chơi an toàn", "add_item": "1"})
        self._press(buttons["Thêm"], values)
        self.registration.invalidate_recordset()
        self.assertEqual(kept.description, "Mô tả gõ trước khi thêm")
        self.assertIn("Sân chơi an toàn", self.registration.item_ids.mapped("name"))

        values, buttons, form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values[f"item_{kept.id}_description"] = "Mô tả gõ trước khi xóa"
        delete_url = form.xpath(f".//button[contains(@formaction, '/item/{dropped.id}/delete')]")[0].get("formaction")
        self._press(delete_url, values)
        self.registration.invalidate_recordset()
        self.assertEqual(kept.description, "Mô tả gõ trước khi xóa")
        self.assertNotIn(dropped, self.registration.item_ids)

        # an Add with nothing typed in it asks for the title
        values, buttons, form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values["add_item"] = "1"
        response = self._press(buttons["Thêm"], values)
        self.assertIn("Hãy nhập tên mô hình, công trình, phần việc.", response.text)

    def test_forward_with_a_typed_reason_is_refused_and_keeps_it(self):
        reviewer = new_test_user(self.env, "t_portal_reviewer", groups="base.group_portal", lang="vi_VN")
        self.unit_education.officer_ids |= reviewer
        self.registration.with_user(self.user_portal_school).action_submit()
        self.authenticate("t_portal_reviewer", "t_portal_reviewer")
        values, buttons, _form = self._page_form(self._registration_url(), "//form[contains(@action, '/return')]")
        values["reason"] = "Chỉ tiêu chưa đo được"
        response = self._press(buttons["Chuyển cơ quan thẩm định"], values)
        self.assertEqual(response.status_code, 200)
        self.assertIn('value="Chỉ tiêu chưa đo được"', response.text)
        self.assertIn("Bạn đã nhập lý do trả lại", response.text)
        self.assertEqual(self.registration.state, "submitted")
        # the reason cleared, Forward forwards; the confirmation says so
        values["reason"] = ""
        response = self._press(buttons["Chuyển cơ quan thẩm định"], values)
        self.assertIn("Đã chuyển tiếp bản đăng ký.", response.text)
        self.assertEqual(self.registration.state, "forwarded")

    def test_result_report_submit_saves_first(self):
        report = self.env["thidua.result.report"].with_user(self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        })
        line = report.line_ids
        self.authenticate("t_portal_village", "t_portal_village")
        values, buttons, _form = self._page_form(
            report.access_url, f"//form[@action='/my/thidua/result/{report.id}/save']")
        # refused: the typed values come back, nothing saved or submitted
        values.update({f"progress_{line.id}": "12a", f"result_{line.id}": "Đã làm 12 hộ", "summary": "Tóm tắt gõ"})
        response = self._press(buttons["Nộp báo cáo kết quả"], values)
        self.assertIn("Tiến độ là tỷ lệ phần trăm từ 0 đến 100.", response.text)
        self.assertIn(">Đã làm 12 hộ</textarea>", response.text)
        report.invalidate_recordset()
        self.assertEqual((line.result, report.state), (False, "draft"))
        # typed right: saved, then submitted
        values[f"progress_{line.id}"] = "100"
        self._press(buttons["Nộp báo cáo kết quả"], values,
                    files={"attachments": ("bao_cao.pdf", PDF, "application/pdf")})
        report.invalidate_recordset()
        line.invalidate_recordset()
        self.assertEqual((line.progress, line.result, report.state), (100, "Đã làm 12 hộ", "submitted"))

    def test_dossier_submit_saves_first(self):
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                subject_type="public_employee", nominee_name="Lò Thị Mai", achievement=False)
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, _form = self._page_form(f"/my/thidua/dossiers/{dossier.id}",
                                                   "//form[@enctype='multipart/form-data']")
        values["achievement"] = "Giáo viên dạy giỏi cấp huyện hai năm liền"
        values["submit"] = "1"
        self._press(buttons["Nộp để thẩm định"], values)
        dossier.invalidate_recordset()
        self.assertEqual((dossier.achievement, dossier.state),
                         ("Giáo viên dạy giỏi cấp huyện hai năm liền", "submitted"))

    def test_portal_buttons_post_the_csrf_token_of_the_page(self):
        """A press without the page's token is refused (Odoo's check is on for these routes)."""
        self._return_registration()
        self.authenticate("t_portal_school", "t_portal_school")
        values, buttons, _form = self._page_form(self._registration_url(), "//form[@id='thidua_registration_form']")
        values["csrf_token"] = http.Request.csrf_token(self)
        self.assertEqual(self._press(buttons["Lưu"], values).status_code, 200)
        values["csrf_token"] = "giả"
        self.assertEqual(self._press(buttons["Lưu"], values).status_code, 400)
