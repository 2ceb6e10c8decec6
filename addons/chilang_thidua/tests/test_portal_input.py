from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common_dossier import DossierCommon

PDF = b"%PDF-1.4 minh chung"


class PortalInputCommon(DossierCommon):
    """The school's and the village's portal officers (vi_VN), a running campaign besides the
    ended one of DossierCommon, and helpers posting forms over real HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_village = new_test_user(cls.env, "t_portal_village", groups="base.group_portal",
                                         name="Cán bộ thôn Bản Mới", lang="vi_VN")
        cls.unit_village_a.officer_ids = cls.user_village
        cls.campaign_running = cls.env["thidua.campaign"].create({
            "name": "Phong trào thi đua Chung tay xây dựng nông thôn mới và đô thị văn minh giai đoạn 2025",
            "issuing_unit_id": cls.unit_district.id,
            "date_start": date(2025, 1, 1),
            "date_end": date(2025, 10, 31),
            "registration_deadline": date(2025, 1, 20),
            "signer_name": "Nguyễn Văn Chủ",
            "award_form_ids": [Command.set(cls.award_form.ids)],
            "content_ids": [Command.create({"name": "Cải cách hành chính", "sequence": 1})],
        })
        cls._open_campaign(cls.campaign_running)
        cls.registration = cls._make_registration(cls.unit_school, cls.user_portal_school,
                                                  campaign=cls.campaign_running)
        cls.item = cls.registration.item_ids
        cls.sequence = cls.env.ref("chilang_thidua.seq_thidua_dossier")
        cls.env.flush_all()
        cls.cr.precommit.run()

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=True)

    def _next_reference(self):
        self.sequence.invalidate_recordset(["number_next_actual"])
        return self.sequence.number_next_actual

    def _assert_selected(self, html, value):
        self.assertRegex(html, rf'value="{value}"\s+selected="', f"option {value} is still chosen")


@tagged("post_install", "-at_install")
class TestPortalInput(HttpCase, PortalInputCommon):
    """A refused portal form comes back as it was typed, with the reason in Vietnamese, and
    nothing is saved: no record, no attachment, no reference number drawn."""

    def _dossier_form(self, **values):
        data = {
            "campaign_id": str(self.campaign.id),
            "unit_id": str(self.unit_school.id),
            "subject_type": "public_employee",
            "nominee_name": "Lăng Thị Hoa",
            "job_title": "Giáo viên Trường Tiểu học Thử",
            "annual_income": "",
            "taxes_paid": "on",
            "achievement": "Đã có thành tích xuất sắc trong đổi mới phương pháp dạy học",
        }
        data.update(values)
        return data

    def _assert_dossier_form_kept(self, response, data):
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/thidua/dossiers/new", response.url, "the same form, not another page")
        html = response.text
        for name in ("nominee_name", "job_title", "annual_income"):
            if data.get(name):
                self.assertIn(f'value="{data[name]}"', html, f"{name} keeps what was typed")
        self.assertIn(f">{data['achievement']}</textarea>", html)
        self._assert_selected(html, data["subject_type"])
        self._assert_selected(html, data["campaign_id"])
        self._assert_selected(html, data["unit_id"])
        self.assertRegex(html, r'name="taxes_paid" id="taxes_paid"\s+checked="')

    def _assert_nothing_saved(self, dossiers, attachments, reference):
        self.assertEqual(self.env["thidua.dossier"].search_count([]), dossiers, "no dossier created")
        self.assertEqual(self.env["ir.attachment"].search_count([("res_model", "=", "thidua.dossier")]), attachments)
        self.assertEqual(self._next_reference(), reference, "no reference number drawn")

    def _counts(self):
        return (self.env["thidua.dossier"].search_count([]),
                self.env["ir.attachment"].search_count([("res_model", "=", "thidua.dossier")]),
                self._next_reference())

    def test_dossier_income_with_letters_comes_back_typed(self):
        before = self._counts()
        self.authenticate("t_portal_school", "t_portal_school")
        for typed in ("12a,5tr", "abc"):
            data = self._dossier_form(annual_income=typed)
            response = self._post("/my/thidua/dossiers/new", data,
                                  files={"attachments": ("bao_cao.pdf", PDF, "application/pdf")})
            self._assert_dossier_form_kept(response, data)
            self.assertIn("Thu nhập bình quân/năm là số tiền (đồng), chỉ ghi bằng chữ số", response.text)
            # next to the field: the input is marked and the message follows it
            self.assertRegex(response.text, r'id="annual_income"[^>]*class="form-control is-invalid"'
                                            r'|class="form-control is-invalid"[^>]*id="annual_income"')
            self._assert_nothing_saved(*before)

    def test_dossier_refused_uploads_come_back_typed(self):
        before = self._counts()
        self.authenticate("t_portal_school", "t_portal_school")
        data = self._dossier_form(annual_income="85.000.000")
        response = self._post("/my/thidua/dossiers/new", data,
                              files={"attachments": ("chuong_trinh.exe", b"MZ\x90\x00", "application/octet-stream")})
        self._assert_dossier_form_kept(response, data)
        self.assertIn("Tệp chuong_trinh.exe không thể đính kèm", response.text)
        self._assert_nothing_saved(*before)

        self.env["ir.config_parameter"].set_param("chilang_thidua.upload_max_mb", "0.001")
        response = self._post("/my/thidua/dossiers/new", data,
                              files={"attachments": ("bao_cao.pdf", PDF + b"0" * 2000, "application/pdf")})
        self._assert_dossier_form_kept(response, data)
        self.assertIn("Tệp bao_cao.pdf vượt quá dung lượng cho phép 0.001 MB", response.text)
        self._assert_nothing_saved(*before)

    def test_dossier_missing_fields_are_named(self):
        before = self._counts()
        self.authenticate("t_portal_school", "t_portal_school")
        data = self._dossier_form(nominee_name="   ", annual_income="12a,5tr")
        response = self._post("/my/thidua/dossiers/new", data)
        self._assert_dossier_form_kept(response, data)
        # every refusal at once, each naming its field
        self.assertIn("Người/tập thể được đề nghị không được để trống.", response.text)
        self.assertIn("Thu nhập bình quân/năm là số tiền", response.text)
        self._assert_nothing_saved(*before)

        data = self._dossier_form()
        del data["campaign_id"]
        response = self._post("/my/thidua/dossiers/new", data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Phong trào thi đua: vui lòng chọn trong danh sách.", response.text)
        self.assertIn('value="Lăng Thị Hoa"', response.text)
        self._assert_nothing_saved(*before)

    def test_dossier_happy_path_still_saves(self):
        dossiers, attachments, reference = self._counts()
        self.authenticate("t_portal_school", "t_portal_school")
        data = self._dossier_form(annual_income="85.000.000")
        response = self._post("/my/thidua/dossiers/new", data,
                              files={"attachments": ("bao_cao.pdf", PDF, "application/pdf")})
        dossier = self.env["thidua.dossier"].search([("nominee_name", "=", "Lăng Thị Hoa")])
        self.assertEqual(len(dossier), 1)
        self.assertIn(f"/my/thidua/dossiers/{dossier.id}", response.url)
        self.assertEqual((dossier.annual_income, dossier.taxes_paid, dossier.attachment_ids.name),
                         (85_000_000, True, "bao_cao.pdf"))
        self.assertEqual(self._counts(), (dossiers + 1, attachments + 1, reference + 1))

    def test_dossier_edit_keeps_what_was_typed(self):
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                subject_type="public_employee", nominee_name="Lò Thị Mai", annual_income=0)
        self.authenticate("t_portal_school", "t_portal_school")
        response = self._post(f"/my/thidua/dossiers/{dossier.id}", {
            "subject_type": "public_employee", "nominee_name": "Lò Thị Mai Anh", "job_title": "Hiệu phó",
            "annual_income": "12a,5tr", "achievement": "Thành tích mới gõ", "stable_worker_income": "on",
        }, files={"attachments": ("anh.exe", b"MZ", "application/octet-stream")})
        self.assertEqual(response.status_code, 200)
        html = response.text
        for typed in ('value="Lò Thị Mai Anh"', 'value="Hiệu phó"', 'value="12a,5tr"', ">Thành tích mới gõ</textarea>"):
            self.assertIn(typed, html)
        self.assertRegex(html, r'id="stable_worker_income"\s+checked="')
        self.assertIn("Thu nhập bình quân/năm là số tiền", html)
        self.assertIn("Tệp anh.exe không thể đính kèm", html)
        dossier.invalidate_recordset()
        self.assertEqual((dossier.nominee_name, dossier.job_title, dossier.stable_worker_income),
                         ("Lò Thị Mai", "Công chức Văn phòng - Thống kê xã An Bình", False), "nothing saved")
        self.assertFalse(dossier.attachment_ids)

    # ------------------------------------------------------------------
    # Registrations
    # ------------------------------------------------------------------
    def test_registration_item_form_comes_back_typed(self):
        url = f"/my/thidua/registration/{self.registration.id}"
        content = self.campaign_running.content_ids
        self.authenticate("t_portal_school", "t_portal_school")
        response = self._post(f"{url}/item", {
            "name": "  ", "item_type": "work", "content_id": str(content.id), "date_deadline": "2025-09-30",
            "description": "Mô tả đã gõ", "target": "Chỉ tiêu đã gõ",
        })
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Hãy nhập tên mô hình, công trình, phần việc.", html)
        self.assertIn(">Mô tả đã gõ</textarea>", html)
        self.assertIn(">Chỉ tiêu đã gõ</textarea>", html)
        self.assertIn('value="2025-09-30"', html)
        self._assert_selected(html, "work")
        self._assert_selected(html, content.id)
        self.assertEqual(len(self.registration.item_ids), 1, "no item added")

        # an existing item: a date that is not one, the other changes kept on the page, not saved
        response = self._post(f"{url}/item", {
            "item_id": str(self.item.id), "name": "Tên mới đã gõ", "item_type": "model", "date_deadline": "31/02/2025",
            "target": "Chỉ tiêu sửa",
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ngày hoàn thành 31/02/2025 không phải là ngày hợp lệ.", response.text)
        self.assertIn('value="Tên mới đã gõ"', response.text)
        self.assertIn('value="31/02/2025"', response.text)
        self.item.invalidate_recordset()
        self.assertNotEqual(self.item.name, "Tên mới đã gõ")

    def test_registration_progress_comes_back_typed(self):
        # sudo: skips the review steps; progress is reported once accepted
        self.registration.sudo()._set_state("accepted")
        url = f"/my/thidua/registration/{self.registration.id}/item/{self.item.id}/progress"
        self.authenticate("t_portal_school", "t_portal_school")
        response = self._post(url, {"progress": "5O%", "result": "Kết quả đang gõ dở"},
                              files={"evidence": ("anh.exe", b"MZ", "application/octet-stream")})
        self.assertEqual(response.status_code, 200)
        # both refusals at once
        self.assertIn("Tiến độ là tỷ lệ phần trăm từ 0 đến 100.", response.text)
        self.assertIn("Tệp anh.exe không thể đính kèm", response.text)
        self.assertIn('value="5O%"', response.text)
        self.assertIn(">Kết quả đang gõ dở</textarea>", response.text)

        response = self._post(url, {"progress": "60", "result": "Kết quả đang gõ dở"},
                              files={"evidence": ("script.exe", b"MZ", "application/octet-stream")})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tệp script.exe không thể đính kèm", response.text)
        self.assertIn('value="60"', response.text)
        self.item.invalidate_recordset()
        self.assertEqual((self.item.progress, self.item.result), (0, False), "nothing saved")
        self.assertFalse(self.item.sudo().attachment_ids)

    def test_registration_return_reason_is_required(self):
        reviewer = new_test_user(self.env, "t_portal_reviewer", groups="base.group_portal", lang="vi_VN")
        self.unit_education.officer_ids |= reviewer
        self.registration.with_user(self.user_portal_school).action_submit()
        self.authenticate("t_portal_reviewer", "t_portal_reviewer")
        response = self._post(f"/my/thidua/registration/{self.registration.id}/return", {"reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertIn("không được để trống", response.text)
        self.assertEqual(self.registration.state, "submitted")

    # ------------------------------------------------------------------
    # Result reports
    # ------------------------------------------------------------------
    def test_result_report_comes_back_typed(self):
        # sudo: the test reads back the report's attachments, which portal users cannot read
        report = self.env["thidua.result.report"].with_user(self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        }).sudo()
        line = report.line_ids
        self.authenticate("t_portal_village", "t_portal_village")
        data = {f"progress_{line.id}": "12a", f"result_{line.id}": "Đã làm được 12 hộ",
                f"completed_{line.id}": "on", "summary": "Tóm tắt đang gõ"}
        response = self._post(f"/my/thidua/result/{report.id}/save", data,
                              files={"attachments": ("virus.exe", b"MZ", "application/octet-stream")})
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Tiến độ là tỷ lệ phần trăm từ 0 đến 100.", html)
        self.assertIn("Tệp virus.exe không thể đính kèm", html)
        self.assertIn('value="12a"', html)
        self.assertIn(">Đã làm được 12 hộ</textarea>", html)
        self.assertIn(">Tóm tắt đang gõ</textarea>", html)
        self.assertRegex(html, rf'name="completed_{line.id}" id="completed_{line.id}"\s+checked="')
        line.invalidate_recordset()
        report.invalidate_recordset()
        self.assertEqual((line.result, line.is_completed), (False, False), "nothing saved")
        self.assertFalse(report.summary)
        self.assertFalse(report.attachment_ids)

        # the same form, typed right: saved
        data[f"progress_{line.id}"] = "100"
        self._post(f"/my/thidua/result/{report.id}/save", data,
                   files={"attachments": ("anh.pdf", PDF, "application/pdf")})
        line.invalidate_recordset()
        self.assertEqual((line.progress, line.result, report.attachment_ids.name),
                         (100, "Đã làm được 12 hộ", "anh.pdf"))


@tagged("post_install", "-at_install")
class TestPortalResultList(HttpCase, PortalInputCommon):
    """The result reports list pages and searches as the others do: 20 rows, the search kept."""

    def test_pager_and_search(self):
        villages = self.env["thidua.unit"].create([{
            "name": f"Thôn số {n:02d}", "code": f"T_TS{n:02d}", "unit_type": "village",
            "parent_id": self.unit_commune_a.id, "officer_ids": [Command.set(self.user_village.ids)],
        } for n in range(1, 26)])
        for village in villages:
            self._accept_registration(village, campaign=self.campaign_running)
        self.env["thidua.result.report"].create([
            {"campaign_id": self.campaign_running.id, "unit_id": village.id} for village in villages
        ])
        self.authenticate("t_portal_village", "t_portal_village")
        first = self.url_open("/my/thidua/results").text
        # newest first: 25 … 06 on the first page
        self.assertIn("Thôn số 25", first)
        self.assertNotIn("Thôn số 05", first)
        self.assertIn("/my/thidua/results/page/2", first)
        second = self.url_open("/my/thidua/results/page/2").text
        self.assertIn("Thôn số 05", second)
        self.assertNotIn("Thôn số 06", second)
        found = self.url_open("/my/thidua/results?search=số  17").text
        self.assertIn("Thôn số 17", found)
        self.assertNotIn("Thôn số 18", found)
        self.assertIn('value="số 17"', found, "the search stays in the box")
        # the pager keeps the search
        found = self.url_open("/my/thidua/results?search=Thôn số").text
        self.assertIn("/my/thidua/results/page/2?search=Th%C3%B4n+s%E1%BB%91", found)


# the page is measured in a frame as wide as a phone: nothing outside a .table-responsive may be
# wider than the screen (the page would scroll sideways)
PHONE_CHECK = """
(async () => {
    const widths = [];
    for (const url of %(urls)s) {
        const frame = document.createElement("iframe");
        frame.style.cssText = "width: 390px; height: 844px; border: 0;";
        await new Promise((resolve) => { frame.onload = resolve; frame.src = url; document.body.append(frame); });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const doc = frame.contentDocument;
        // the document or Odoo's #wrapwrap, whichever scrolls, against the width left for the page
        const screen = doc.documentElement.clientWidth;
        const wrap = doc.getElementById("wrapwrap");
        const width = Math.max(doc.documentElement.scrollWidth, wrap ? wrap.scrollWidth : 0);
        if (width > screen) {
            const wide = [...doc.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > screen + 1 && !el.closest(".table-responsive"))
                .slice(-3).map((el) => el.tagName + "." + el.className).join(" | ");
            console.error(`${url} is ${width - screen}px wider than a 390px phone: ${wide}`);
            return;
        }
        // the home cards' pictograms keep Odoo's size: a 256-px picture would fill the phone
        const big = [...doc.querySelectorAll(".o_portal_icon img")]
            .filter((img) => img.getBoundingClientRect().width > 64);
        if (big.length) {
            const width = big[0].getBoundingClientRect().width;
            console.error(`${url}: card pictogram ${big[0].getAttribute("src")} is ${width}px wide`);
            return;
        }
        widths.push(`${url}: ${width}/${screen}px`);
        frame.remove();
    }
    console.log("page widths " + widths.join(", "));
    console.log("test successful");
})();
"""


@tagged("post_install", "-at_install")
class TestPortalPhone(HttpCase, PortalInputCommon):
    """Portal home and every portal page of the addon fit a 390-px wide phone."""

    browser_size = "390x844"
    touch_enabled = True

    def test_pages_fit_a_phone(self):
        # sudo: the registration jumps to accepted so that the progress forms show too
        self.registration.sudo()._set_state("accepted")
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                subject_type="public_employee", nominee_name="Lăng Thị Hoa Phượng Vĩ Nguyễn Trần")
        report = self.env["thidua.result.report"].with_user(self.user_portal_school).create({
            "campaign_id": self.campaign_running.id, "unit_id": self.unit_school.id,
        })
        urls = ["/my", "/my/thidua", self.registration.access_url, "/my/thidua/dossiers",
                "/my/thidua/dossiers/new", f"/my/thidua/dossiers/{dossier.id}", "/my/thidua/results",
                report.access_url]
        code = PHONE_CHECK % {"urls": repr(urls).replace("'", '"')}
        self.browser_js("/my", code, login="t_portal_school", timeout=240)
