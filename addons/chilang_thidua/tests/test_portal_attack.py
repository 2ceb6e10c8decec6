from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_portal_input import PDF, PortalInputCommon


@tagged("post_install", "-at_install")
class TestPortalAttack(HttpCase, PortalInputCommon):
    """The school's portal officer, logged in over HTTP, tries to reach or change what is the
    village's (another unit of another commune) through the portal's parameters and forms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier_village = cls.env["thidua.dossier"].with_user(cls.user_village).create({
            "campaign_id": cls.campaign.id, "unit_id": cls.unit_village_a.id, "award_form_id": cls.award_form.id,
            "subject_type": "collective", "nominee_name": "Thôn Bản Mới", "nominee_unit_id": cls.unit_village_a.id,
        })
        cls.report_village = cls.env["thidua.result.report"].with_user(cls.user_village).create({
            "campaign_id": cls.campaign.id, "unit_id": cls.unit_village_a.id,
        })
        cls.registration_village = cls.env["thidua.registration"].search(
            [("unit_id", "=", cls.unit_village_a.id), ("campaign_id", "=", cls.campaign.id)])
        cls.item_village = cls.registration_village.item_ids[:1]
        # sudo: fixture evidence on the village's item, as its officer would have attached it
        cls.evidence_village = cls.env["ir.attachment"].sudo().create({
            "name": "minh_chung_thon.pdf", "raw": PDF,
            "res_model": "thidua.registration.item", "res_id": cls.item_village.id,
        })
        cls.env.flush_all()
        cls.cr.precommit.run()

    def setUp(self):
        super().setUp()
        self.authenticate("t_portal_school", "t_portal_school")

    def _counts(self):
        return (self.env["thidua.dossier"].search_count([]),
                self.env["ir.attachment"].search_count([("res_model", "=", "thidua.dossier")]),
                self._next_reference())

    def _assert_nothing_saved(self, dossiers, attachments, reference):
        self.assertEqual(self.env["thidua.dossier"].search_count([]), dossiers, "no dossier created")
        self.assertEqual(self.env["ir.attachment"].search_count([("res_model", "=", "thidua.dossier")]), attachments)
        self.assertEqual(self._next_reference(), reference, "no reference number drawn")

    def _new_dossier(self, **values):
        data = {"campaign_id": str(self.campaign.id), "unit_id": str(self.unit_school.id),
                "subject_type": "public_employee", "nominee_name": "Lăng Thị Hoa",
                "achievement": "Đổi mới phương pháp dạy học"}
        data.update(values)
        return data

    # ------------------------------------------------------------------
    # Another unit's records
    # ------------------------------------------------------------------
    def test_other_units_records_are_out_of_reach(self):
        for url in (f"/my/thidua/registration/{self.registration_village.id}",
                    f"/my/thidua/result/{self.report_village.id}",
                    f"/my/thidua/evidence/{self.evidence_village.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("Bản Mới", response.text, url)
        response = self.url_open(f"/my/thidua/dossiers/{self.dossier_village.id}")
        self.assertNotIn(self.dossier_village.name, response.text)

        # an item of the village posted to the school's own registration
        own = f"/my/thidua/registration/{self.registration.id}"
        for url, data in ((f"{own}/item", {"item_id": str(self.item_village.id), "name": "Chiếm"}),
                          (f"{own}/item/{self.item_village.id}/progress", {"progress": "100"}),
                          (f"{own}/item/{self.item_village.id}/delete", {})):
            self.assertEqual(self._post(url, data).status_code, 404, url)
        self.item_village.invalidate_recordset()
        self.assertEqual((self.item_village.name, self.item_village.progress),
                         ("Mô hình thôn sáng - xanh - sạch - đẹp", 0))

        # writes to the village's dossier and report, files included
        self._post(f"/my/thidua/dossiers/{self.dossier_village.id}", {"nominee_name": "Chiếm"},
                   files={"attachments": ("a.pdf", PDF, "application/pdf")})
        line = self.report_village.line_ids[:1]
        self.assertEqual(self._post(f"/my/thidua/result/{self.report_village.id}/save",
                                    {f"progress_{line.id}": "100", "summary": "Chiếm"},
                                    files={"attachments": ("a.pdf", PDF, "application/pdf")}).status_code, 404)
        self.assertEqual(self._post(f"/my/thidua/result/{self.report_village.id}/submit").status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(self.dossier_village.nominee_name, "Thôn Bản Mới")
        # sudo: the test reads the records' files, which portal users cannot read
        self.assertFalse(self.dossier_village.sudo().attachment_ids)
        self.assertFalse(self.report_village.sudo().attachment_ids)
        self.assertEqual((line.progress, self.report_village.state), (0, "draft"))

        # registrations, reports and dossiers created for the village from the school's session
        before = (self.env["thidua.registration"].search_count([]), self.env["thidua.result.report"].search_count([]),
                  self.env["thidua.dossier"].search_count([]), self._next_reference())
        self._post("/my/thidua/register", {"campaign_id": str(self.campaign_running.id),
                                           "unit_id": str(self.unit_village_a.id)})
        self._post("/my/thidua/result/new", {"registration_id": str(self.registration_village.id)})
        self._post("/my/thidua/dossiers/new", self._new_dossier(unit_id=str(self.unit_village_a.id)))
        self.assertEqual(before, (self.env["thidua.registration"].search_count([]),
                                  self.env["thidua.result.report"].search_count([]),
                                  self.env["thidua.dossier"].search_count([]), self._next_reference()))

    def test_dossier_nominee_unit_is_one_the_form_offers(self):
        """The form offers no nominee unit: a posted one must be among the user's units (or
        under them), not another commune's, and a made-up id is refused, not a crash."""
        before = self._counts()
        for subject in ("collective", "public_employee"):
            for forged in (str(self.unit_commune_b.id), str(self.unit_village_a.id), "2147483000"):
                with mute_logger("odoo.http", "odoo.sql_db"):
                    response = self._post("/my/thidua/dossiers/new",
                                          self._new_dossier(subject_type=subject, nominee_unit_id=forged))
                self.assertEqual(response.status_code, 200, (subject, forged))
                self.assertIn("/my/thidua/dossiers/new", response.url, (subject, forged))
                self._assert_nothing_saved(*before)
        self._post("/my/thidua/dossiers/new", self._new_dossier(nominee_unit_id=str(self.unit_school.id)))
        dossier = self.env["thidua.dossier"].search([], order="id desc", limit=1)
        self.assertEqual((dossier.unit_id, dossier.nominee_unit_id), (self.unit_school, self.unit_school))
        # nor on an edit of the school's own dossier
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self._post(f"/my/thidua/dossiers/{dossier.id}", {"nominee_unit_id": str(self.unit_commune_b.id)})
        self.assertEqual(response.status_code, 200)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.nominee_unit_id, self.unit_school)

    # ------------------------------------------------------------------
    # Lists: page numbers and search strings
    # ------------------------------------------------------------------
    def test_lists_take_any_page_and_search(self):
        own = self.env["thidua.dossier"].with_user(self.user_portal_school).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_school.id, "award_form_id": self.award_form.id,
            "subject_type": "public_employee", "nominee_name": "Lăng Thị Hoa",
        })
        for base in ("/my/thidua", "/my/thidua/dossiers", "/my/thidua/results"):
            for query in ("?page=abc", "?page=-1", "?page=99999999999999999999", "/page/99999",
                          "?search=%00", "?search=a%00b", "?search=%25", "?search=_", "?search=" + "x" * 5000,
                          "?search=%3Cscript%3Ealert(1)%3C/script%3E"):
                url = base + query
                with mute_logger("odoo.http"):
                    response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertNotIn("<script>alert(1)</script>", response.text, url)
        # % and _ are characters to look for, not wildcards
        for term in ("%25", "_"):
            response = self.url_open(f"/my/thidua/dossiers?search={term}")
            self.assertNotIn(own.name, response.text, term)
        self.assertIn(own.name, self.url_open("/my/thidua/dossiers?search=Hoa").text)

    # ------------------------------------------------------------------
    # Script in what comes back typed
    # ------------------------------------------------------------------
    def test_typed_values_come_back_escaped(self):
        script = '"><script>alert(1)</script>'
        response = self._post("/my/thidua/dossiers/new",
                              self._new_dossier(nominee_name=script, job_title=script, annual_income=script,
                                                achievement="</textarea>" + script))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert(1)</script>", response.text)
        own = f"/my/thidua/registration/{self.registration.id}"
        for url, data in ((f"{own}/item", {"name": script, "description": "</textarea>" + script,
                                           "date_deadline": script}),
                          (f"{own}/item/{self.item.id}/progress",
                           {"progress": script, "result": "</textarea>" + script})):
            response = self._post(url, data)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("<script>alert(1)</script>", response.text, url)

    def test_result_summary_is_checked_like_the_other_texts(self):
        """The summary went to the database as posted: NUL was a crash, any length was taken."""
        self.authenticate("t_portal_village", "t_portal_village")
        url = f"/my/thidua/result/{self.report_village.id}/save"
        for summary in ("a\x00b", "</textarea><script>alert(1)</script>\x07", "x" * 20_000):
            with mute_logger("odoo.http", "odoo.sql_db"):
                response = self._post(url, {"summary": summary})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("<script>alert(1)</script>", response.text)
            self.report_village.invalidate_recordset()
            self.assertFalse(self.report_village.summary, "nothing saved")
        self._post(url, {"summary": "Hoàn thành <b>tốt</b>"})
        self.report_village.invalidate_recordset()
        self.assertIn("Hoàn thành", self.report_village.summary)

    def test_nul_in_any_field_is_refused_not_a_crash(self):
        own = f"/my/thidua/registration/{self.registration.id}"
        posts = [
            ("/my/thidua/dossiers/new", self._new_dossier(nominee_name="a\x00b")),
            ("/my/thidua/dossiers/new", self._new_dossier(campaign_id="1\x00")),
            (f"{own}/item", {"name": "a\x00b"}),
            (f"{own}/item", {"name": "ok", "content_id": "1\x00", "item_type": "model\x00"}),
            (f"{own}/item/{self.item.id}/progress", {"progress": "5\x00", "result": "a\x00"}),
        ]
        before = self._counts()
        for url, data in posts:
            with mute_logger("odoo.http", "odoo.sql_db"):
                response = self._post(url, data)
            self.assertEqual(response.status_code, 200, (url, data))
        self._assert_nothing_saved(*before)
        self.item.invalidate_recordset()
        self.assertEqual(len(self.registration.item_ids), 1)
        # the HTML report of achievements goes through the field's sanitizer: no crash either
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self._post("/my/thidua/dossiers/new", self._new_dossier(achievement_report="<p>a\x00b</p>"))
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------
    # Uploads
    # ------------------------------------------------------------------
    def test_upload_types_hold(self):
        self.authenticate("t_portal_village", "t_portal_village")
        url = f"/my/thidua/result/{self.report_village.id}/save"
        for name in ("a.pdf.exe", "a.exe", "noextension", ".pdf", "a.pdf\x00.exe", "../../a.exe",
                     "a.pdf%00.exe"):
            response = self._post(url, {}, files={"attachments": (name, PDF, "application/pdf")})
            self.assertEqual(response.status_code, 200, name)
            # sudo: the test reads the report's files
            self.assertFalse(self.report_village.sudo().attachment_ids, name)
        # many files at once: one refused, none saved
        files = [("attachments", (f"f{index}.pdf", PDF, "application/pdf")) for index in range(50)]
        files.append(("attachments", ("z.html", b"<script>alert(1)</script>", "application/pdf")))
        self._post(url, {}, files=files)
        self.assertFalse(self.report_village.sudo().attachment_ids)
        # an upper-case extension is the same type; a page disguised as a PDF is served as a download
        self._post(url, {}, files={"attachments": ("BAO_CAO.PDF", b"<html><script>alert(1)</script></html>",
                                                   "application/pdf")})
        attachment = self.report_village.sudo().attachment_ids
        self.assertEqual(attachment.name, "BAO_CAO.PDF")
        self.assertNotIn("html", attachment.mimetype)
        self.authenticate("t_portal_school", "t_portal_school")
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}").status_code, 200,
                            "the school does not read the village's file")

    # ------------------------------------------------------------------
    # CSRF: state changes are POST with a token
    # ------------------------------------------------------------------
    def test_state_changes_need_post_and_token(self):
        own = f"/my/thidua/registration/{self.registration.id}"
        changes = [(f"{own}/submit", {}), (f"{own}/item", {"name": "Qua GET"}),
                   (f"{own}/item/{self.item.id}/delete", {}),
                   (f"{own}/item/{self.item.id}/progress", {"progress": "90"}),
                   ("/my/thidua/register", {"campaign_id": str(self.campaign_running.id),
                                            "unit_id": str(self.unit_school.id)}),
                   ("/my/thidua/dossiers/new", self._new_dossier())]
        before = self._counts()
        for url, data in changes:
            with mute_logger("odoo.http"):
                got = self.url_open(url + "?" + "&".join(f"{key}={value}" for key, value in data.items()))
                posted = self.url_open(url, data=data)  # no csrf_token
            self.assertNotEqual(posted.status_code, 200, url)
            if url != "/my/thidua/dossiers/new":
                self.assertNotEqual(got.status_code, 200, url)
        self.env.invalidate_all()
        self.assertEqual((self.registration.state, len(self.registration.item_ids), self.item.progress),
                         ("draft", 1, 0))
        self._assert_nothing_saved(*before)
