from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..tools.input import clean_filename, clean_text, parse_amount, parse_id
from ..tools.upload import check_upload
from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestInputHygiene(TransactionCase):
    """What a person types or uploads is checked before it reaches a record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env_vi = cls.env(context=dict(cls.env.context, lang="vi_VN"))

    def assertRefused(self, function, *args, message=None, **kwargs):
        with self.assertRaises(ValidationError) as caught:
            function(*args, **kwargs)
        if message:
            self.assertIn(message, caught.exception.args[0])
        return caught.exception.args[0]

    # -- clean_text ----------------------------------------------------------------------
    def test_clean_text_normalises(self):
        env = self.env
        self.assertEqual(clean_text(env, "  Nguyễn   Văn  A ", "Name"), "Nguyễn Văn A")
        # NFD (e + combining marks, as some phones type it) becomes NFC
        self.assertEqual(clean_text(env, "Nguye\u0302\u0303n", "Name"), "Nguy\u1ec5n")
        self.assertEqual(clean_text(env, "a\u00a0\u3000b", "Name"), "a b")
        self.assertIs(clean_text(env, False, "Name"), False)
        self.assertIs(clean_text(env, None, "Name"), False)
        self.assertEqual(clean_text(env, "   ", "Name"), "")
        # a multi-line text keeps its line breaks and tabs; Windows line ends become \n
        self.assertEqual(clean_text(env, "  Dòng 1\r\n\tDòng 2  \r\n", "Text", multiline=True),
                         "Dòng 1\n\tDòng 2")

    def test_clean_text_refuses(self):
        env = self.env
        for value, message in (
            ("Nguyễn Văn A\u202e", "U+202E"),        # right-to-left override
            ("\u2066Nguyễn\u2069", "U+2066"),         # isolate
            ("Nguyễn\u200fA", "U+200F"),              # right-to-left mark
            ("Nguyễn\u200bVăn", "U+200B"),            # zero-width space
            ("\ufeffNguyễn", "U+FEFF"),               # byte order mark
            ("Ng\u00aduyễn", "U+00AD"),               # soft hyphen
            ("Nguyễn\x00", "U+0000"),                 # NUL: PostgreSQL would refuse it with a 500
            ("Nguyễn\x1b[31m", "U+001B"),
            ("Nguyễn\tVăn", "U+0009"),                # a tab in a one-line value
            ("Nguyễn\nVăn", "U+000A"),
            ("x\U000e0041", "U+E0041"),               # a tag character (invisible)
        ):
            with self.subTest(value=value):
                text = self.assertRefused(clean_text, env, value, "Nominee", message=message)
                self.assertIn("Nominee", text)
        self.assertRefused(clean_text, env, "a\u202eb", "Text", multiline=True, message="direction")
        self.assertRefused(clean_text, env, "a\x07b", "Text", multiline=True, message="U+0007")
        self.assertRefused(clean_text, env, "x" * 1024 * 1024, "Nominee", message="1048576")
        self.assertRefused(clean_text, env, "x" * 257, "Nominee", message="at most 256")
        self.assertEqual(clean_text(env, "x" * 256, "Nominee"), "x" * 256)
        self.assertEqual(clean_text(env, " " * 1000 + "A", "Nominee"), "A", "the length counts once trimmed")
        for empty in ("   ", "\u3000\n", "", None, False):
            with self.subTest(empty=empty):
                self.assertRefused(clean_text, env, empty, "Nominee", required=True, message="Nominee")

    def test_messages_are_vietnamese(self):
        text = self.assertRefused(clean_text, self.env_vi, "A\u202eB", "Người được đề nghị")
        self.assertEqual(
            text, "Người được đề nghị có ký tự đổi chiều văn bản (U+202E), có thể làm nội dung hiển thị khác "
                  "với nội dung được lưu: vui lòng nhập lại, không dùng ký tự này.",
        )
        text = self.assertRefused(parse_amount, self.env_vi, "inf", "Thu nhập bình quân/năm")
        self.assertEqual(text, "Thu nhập bình quân/năm là số tiền (đồng), chỉ ghi bằng chữ số, ví dụ 85.000.000.")

    # -- parse_amount --------------------------------------------------------------------
    def test_parse_amount_accepts(self):
        env = self.env
        for raw, amount in (
            ("120.000.000", 120_000_000), ("120,000,000", 120_000_000), ("120 000 000", 120_000_000),
            ("120000000", 120_000_000), ("  85.000.000 ", 85_000_000), ("85\u00a0000\u00a0000", 85_000_000),
            ("120.000.000,00", 120_000_000), ("1,000.00", 1000), ("120.000", 120_000), ("0", 0),
            ("", 0), ("   ", 0), (None, 0), (False, 0), ("100.000.000.000", 100_000_000_000),
        ):
            with self.subTest(raw=raw):
                result = parse_amount(env, raw, "Annual Income")
                self.assertEqual(result, amount)
                self.assertIs(type(result), int)

    def test_parse_amount_refuses(self):
        env = self.env
        for raw, message in (
            ("inf", "written in digits"), ("nan", "written in digits"), ("-inf", "negative"),
            ("Infinity", "written in digits"), ("1e9", "written in digits"), ("abc", "written in digits"),
            ("85 triệu", "written in digits"), ("0x10", "written in digits"), ("+5", "written in digits"),
            ("１２０", "written in digits"), ("1..000", "written in digits"),
            ("-5", "negative"), ("\u22125", "negative"),
            ("12,5", "fraction"), ("12.5", "fraction"), ("120.000.000,50", "fraction"),
            ("1.000,000", "thousands"), ("12.34.567", "thousands"), ("1.000,000.000", "thousands"),
            ("9" * 21, "too long"), ("1" * 10_000, "too long"),
            ("100.000.000.001", "cannot exceed 100.000.000.000"), ("999999999999", "cannot exceed"),
        ):
            with self.subTest(raw=raw):
                text = self.assertRefused(parse_amount, env, raw, "Annual Income", message=message)
                self.assertIn("Annual Income", text)

    # -- clean_filename ------------------------------------------------------------------
    def test_clean_filename(self):
        for raw, clean in (
            ("bao_cao_thanh_tich.pdf", "bao_cao_thanh_tich.pdf"),
            ("../../\u202eexe.pdf", "exe.pdf"),
            ("..\\..\\windows\\báo cáo.pdf", "báo cáo.pdf"),
            ("C:\\Users\\cb\\Tờ trình.docx", "Tờ trình.docx"),
            ("/etc/passwd", "passwd"),
            ("re\u200bport\u2066.pdf", "report.pdf"),
            ("a\x00b\nc.pdf", "abc.pdf"),
            ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
            (".htaccess", "_htaccess"),
            ("..hidden.pdf", "__hidden.pdf"),
            ("  Báo   cáo .pdf  ", "Báo cáo .pdf"),
            ("Báo cáo\t.pdf", "Báo cáo.pdf"),
            ("report.pdf. . ", "report.pdf"),
            ("Nguye\u0302\u0303n.pdf", "Nguy\u1ec5n.pdf"),
            ("", "file"), (None, "file"), ("..", "file"), ("../", "file"), ("\u202e\u200b", "file"),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(clean_filename(raw), clean)
        self.assertEqual(clean_filename("", default="tep"), "tep")
        long_name = clean_filename("x" * 1024 * 1024 + ".pdf")
        self.assertEqual(len(long_name), 120)
        self.assertTrue(long_name.endswith("x.pdf"))
        self.assertEqual(len(clean_filename("y" * 500)), 120)

    def test_parse_id(self):
        for raw, value in (("12", 12), (" 7 ", 7), (12, 12), ("abc", None), ("1e5", None), ("", None),
                           (None, None), ("-3", None), ("0", None), ("²", None), ("٣", None),
                           ("2147483647", 2147483647), ("2147483648", None), ("9" * 40, None), (True, None)):
            with self.subTest(raw=raw):
                self.assertEqual(parse_id(raw), value)

    def test_upload_check_stores_the_clean_name(self):
        self.assertEqual(check_upload(self.env, "../../\u202eexe.pdf", b"%PDF-1.4"), "exe.pdf")
        # the extension is read on the clean name: a reversed "fdp.exe" is an .exe
        with self.assertRaises(UserError):
            check_upload(self.env, "\u202efdp.exe", b"MZ")


@tagged("post_install", "-at_install")
class TestInputHygienePortal(DossierCommon, HttpCase):
    """The school's portal officer types garbage in the dossier form: a message, never a 500."""

    def setUp(self):
        super().setUp()
        self.authenticate("t_portal_school", "t_portal_school")
        self.sequence = self.env.ref("chilang_thidua.seq_thidua_dossier")

    def _next_number(self):
        self.sequence.invalidate_recordset(["number_next_actual"])
        return self.sequence.number_next_actual

    def _form(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "campaign_id": self.campaign.id,
            "unit_id": self.unit_school.id,
            "subject_type": "public_employee",
            "nominee_name": "Hoàng Thị Mai",
            "job_title": "Giáo viên Trường Tiểu học Thử",
            "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua",
        }
        data.update(values)
        return data

    def _dossiers(self, name="Hoàng Thị Mai"):
        return self.env["thidua.dossier"].search([("nominee_name", "=", name)])

    def test_bad_income_renders_the_form_again(self):
        for raw in ("inf", "nan", "abc", "1e9", "-5", "12,5", "9" * 30):
            with self.subTest(annual_income=raw):
                before = self._next_number()
                response = self.url_open("/my/thidua/dossiers/new", data=self._form(annual_income=raw))
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                self.assertIn("Thu nhập bình quân/năm", response.text)
                self.assertNotIn("Traceback", response.text)
                self.assertNotIn("could not convert", response.text)
                # what the officer typed is still in the form
                self.assertIn('value="Hoàng Thị Mai"', response.text)
                self.assertIn("Giáo viên Trường Tiểu học Thử", response.text)
                self.assertIn(f'value="{raw}"', response.text)
                self.assertFalse(self._dossiers())
                self.assertEqual(self._next_number(), before, "no reference number drawn")
        response = self.url_open("/my/thidua/dossiers/new", data=self._form(annual_income="inf"))
        self.assertIn("chỉ ghi bằng chữ số", response.text)

    def test_good_income_is_saved(self):
        response = self.url_open("/my/thidua/dossiers/new", data=self._form(annual_income="120.000.000"))
        self.assertEqual(response.status_code, 200)
        dossier = self._dossiers()
        self.assertEqual(dossier.annual_income, 120_000_000)
        self.assertIn(f"/my/thidua/dossiers/{dossier.id}", response.url)
        # the edit form refuses a bad amount the same way and keeps the saved one
        response = self.url_open(f"/my/thidua/dossiers/{dossier.id}", data=self._form(annual_income="nan"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.annual_income, 120_000_000)

    def test_garbage_ids_and_text_give_a_message(self):
        before = self._next_number()
        for values in (
            {"campaign_id": "abc"}, {"unit_id": "1e5"}, {"award_form_id": "-1"}, {"nominee_unit_id": "x"},
            {"campaign_id": "99999999999999999999"}, {"subject_type": "hack"},
            {"nominee_name": "Hoàng Thị Mai\u202e"}, {"nominee_name": "   "},
            {"job_title": "x" * 1024 * 1024},
        ):
            with self.subTest(values={key: value[:40] for key, value in values.items()}):
                response = self.url_open("/my/thidua/dossiers/new", data=self._form(**values))
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
        self.assertFalse(self.env["thidua.dossier"].search([("unit_id", "=", self.unit_school.id)]))
        self.assertEqual(self._next_number(), before)

    def test_upload_name_is_cleaned(self):
        response = self.url_open(
            "/my/thidua/dossiers/new", data=self._form(),
            files={"attachments": ("../../\u202eexe.pdf", b"%PDF-1.4 test", "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        dossier = self._dossiers()
        self.assertEqual(dossier.attachment_ids.mapped("name"), ["exe.pdf"])
        # a refused file (its clean name has no allowed type) saves nothing and draws no number
        before = self._next_number()
        response = self.url_open(
            "/my/thidua/dossiers/new", data=self._form(nominee_name="Lục Văn Bình"),
            files={"attachments": ("\u202efdp.exe", b"MZ", "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        self.assertFalse(self._dossiers("Lục Văn Bình"))
        self.assertEqual(self._next_number(), before)

    def test_garbage_ids_elsewhere_on_the_portal_do_not_crash(self):
        token = http.Request.csrf_token(self)
        for url, data in (
            ("/my/thidua/register", {"campaign_id": "abc", "unit_id": "1"}),
            ("/my/thidua/register", {"campaign_id": "", "unit_id": ""}),
            ("/my/thidua/register", {}),
            ("/my/thidua/register", {"campaign_id": "99999999999999999999", "unit_id": "1"}),
            ("/my/thidua/result/new", {"registration_id": "1e5"}),
            ("/my/thidua/result/new", {}),
        ):
            with self.subTest(url=url, data=data):
                response = self.url_open(url, data=dict(data, csrf_token=token))
                self.assertIn(response.status_code, (200, 400, 404))
        for url in ("/my/thidua/dossiers/99999999999999999999", "/my/thidua/registration/99999999999999999999",
                    "/my/thidua/result/99999999999999999999", "/my/thidua/evidence/99999999999999999999"):
            with self.subTest(url=url):
                self.assertIn(self.url_open(url).status_code, (200, 400, 403, 404))
