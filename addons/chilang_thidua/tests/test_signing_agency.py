"""The agency's signature (NĐ 30/2020 Art. 32) from the PKCS#12 file on the server and from a
signature made elsewhere and uploaded back by the clerk; the Chairman signs first with the body's
PKCS#12 file. The token/HSM backend of the agency: test_signing_backends.py (TestTwoSignatures).

Real users over JSON-RPC where who may do what is concerned; the files the clerk's tool would make
are made here by pyHanko with the agency's key, as incremental updates of the Chairman-signed file.
"""

import base64
import hashlib
import io
import shutil

from odoo.exceptions import UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from ..models.thidua_decision import CHAIRMAN_FIELD
from ..tools import secret_box
from .test_signature import PASSWORD, SignatureCommon, changed_byte, make_pki, pdfsig
from .test_signing_backends import database_text_containing

AGENCY_PASSWORD = "CoQuan#Van-Thu-2026"
AGENCY = "Ủy ban nhân dân huyện Thử Nghiệm"
CHAIRMAN = "Nguyễn Văn Chủ Tịch"


def agency_secret(env, unit):
    env.cr.execute("SELECT agency_certificate_secret FROM thidua_unit WHERE id = %s", [unit.id])
    return env.cr.fetchone()[0]


def sign_as_agency_tool(env, pdf, p12, password=AGENCY_PASSWORD, text=None, stamp=None):
    """What the agency's signing tool does with the file the Chairman signed: one incremental
    update adding the number and date as a FreeText annotation (``text``) and one signature;
    ``stamp``: text drawn into page 1's content instead (what the server refuses)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers as hanko_signers
    from pyhanko.stamp import TextStamp, TextStampStyle

    from ..tools import pdf_signing

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if text:
        page_ref = writer.find_page_for_modification(0)[0]
        annotation = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (85, 760, 300, 800)]),
            generic.NameObject("/Contents"): generic.TextStringObject(text),
            generic.NameObject("/DA"): generic.pdf_string("/Helv 10 Tf 0 g"),
        })
        writer.register_annotation(page_ref, writer.add_object(annotation))
    if stamp:
        TextStamp(writer, style=TextStampStyle(stamp_text=stamp)).apply(dest_page=0, x=60, y=60)
    signer = pdf_signing.load_signer(env, p12, password).signer
    meta = hanko_signers.PdfSignatureMetadata(field_name="ChuKySoCoQuan", md_algorithm="sha256")
    return hanko_signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()


def set_up_agency(cls, backend):
    """The Chairman signs with the body's PKCS#12 file (password stored); the agency's signature is
    ``backend`` (pkcs12: its file and password stored; upload: its certificate); ``cls.user_clerk``."""
    from cryptography.hazmat.primitives import serialization

    cls.chairman_ca, cls.chairman_cert, chairman_p12 = make_pki(holder=CHAIRMAN)
    cls._configure(chairman_p12, PASSWORD)
    cls.agency_ca, cls.agency_cert, cls.agency_p12 = make_pki(holder=AGENCY, password=AGENCY_PASSWORD)
    vals = {"agency_sign_backend": backend}
    if backend == "pkcs12":
        vals.update(agency_certificate=base64.b64encode(cls.agency_p12), agency_certificate_filename="coquan.p12",
                    agency_certificate_password=AGENCY_PASSWORD)
    else:
        vals.update(agency_upload_certificate=base64.b64encode(cls.agency_cert.public_bytes(
            serialization.Encoding.PEM)), agency_upload_certificate_filename="coquan.cer")
    cls.unit_district.with_user(cls.user_manager).write(vals)
    cls.user_clerk = new_test_user(cls.env, "t_van_thu_co_quan", groups="chilang_thidua.group_thidua_clerk",
                                   name="Văn thư UBND", lang="vi_VN")


class AgencyCommon(HttpCase, SignatureCommon):

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Cơ quan ký ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def _as(self, user):
        self.authenticate(user.login, user.login)

    def _chairman_signs(self, decision=None):
        decision = decision or self.decision
        self.assertIs(decision.with_user(self.user_manager).action_sign(), True, "the password is stored")
        decision.invalidate_recordset()
        self.assertTrue(decision.awaiting_issue)
        self.assertFalse(decision.name, "the clerk gives the number")
        self.assertEqual(decision.signature_holder, CHAIRMAN)

    def _assert_two_valid_signatures(self, pdf):
        code, out = pdfsig(pdf)
        self.assertEqual(code, 0, out)
        self.assertEqual(out.count("Signature is Valid"), 2, out)
        self.assertIn(CHAIRMAN, out)
        self.assertIn(AGENCY, out)
        self.assertIn("Total document signed", out, "the agency's signature covers the whole file")


@tagged("post_install", "-at_install")
class TestAgencyPkcs12(AgencyCommon):
    """The agency's .p12 on the server, its password stored encrypted or typed by the clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_agency(cls, "pkcs12")

    def test_chairman_then_clerk_and_the_sequence_goes_on(self):
        self._chairman_signs()
        self._as(self.user_clerk)
        self.assertIs(self._call("thidua.decision", "action_issue", [self.decision.id]), True)
        decision = self.decision
        decision.invalidate_recordset()
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.issued_by_id, self.user_clerk)
        self.assertEqual(decision.signed_by_id, self.user_manager)
        self.assertEqual(decision.agency_signature_holder, AGENCY)
        from cryptography.hazmat.primitives import serialization

        self.assertEqual(decision.agency_cert_sha256, hashlib.sha256(
            self.agency_cert.public_bytes(serialization.Encoding.DER)).hexdigest())
        self.assertRegex(decision.agency_signature_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
        pdf = decision.signed_pdf_id.raw
        self.assertTrue(pdf.startswith(decision.prepared_pdf_id.raw), "the Chairman's file, then the agency's")
        self._assert_two_valid_signatures(pdf)

        # the next decision takes the next number of the year
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Cơ quan ký lần hai ")
        second = self._make_decision(dossiers, sign=False)
        self._chairman_signs(second)
        self.assertIs(self._call("thidua.decision", "action_issue", [second.id]), True)
        second.invalidate_recordset()
        self.assertEqual(second.name, "02/QĐ-UBND")
        self._assert_two_valid_signatures(second.signed_pdf_id.raw)

    def test_the_agency_password_is_stored_encrypted(self):
        stored = agency_secret(self.env, self.unit_district)
        self.assertTrue(stored.startswith(secret_box.PREFIX), "encrypted with the server's key")
        self.assertNotIn(AGENCY_PASSWORD, stored)
        self.assertEqual(self.unit_district._sign_certificate_secret("agency"), AGENCY_PASSWORD)
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD, "the Chairman's is its own")
        self.assertEqual(database_text_containing(self.env, AGENCY_PASSWORD), [])
        # write-only, for the managers too; the form tells whose certificate it is
        self._as(self.user_manager)
        rows = self._call("thidua.unit", "read", [self.unit_district.id],
                          ["agency_certificate_password", "agency_certificate_info"])
        self.assertFalse(rows[0]["agency_certificate_password"])
        self.assertIn(AGENCY, rows[0]["agency_certificate_info"])
        with self.assertRaises(JsonRpcException):
            self._call("thidua.unit", "search", [("agency_certificate_password", "=", AGENCY_PASSWORD)])

    def test_set_up_on_the_unit_form(self):
        """The manager chooses the agency's .p12 and types its password in the unit form: the onchange
        shows its holder, the save keeps the password encrypted."""
        _ca, _cert, p12 = make_pki(holder="Văn phòng HĐND và UBND", password="Mat-khau-moi-2026")
        self._as(self.user_manager)
        spec = {"agency_sign_backend": {}, "agency_certificate": {}, "agency_certificate_filename": {},
                "agency_certificate_info": {}, "agency_certificate_password": {}}
        values = {"agency_certificate": base64.b64encode(p12).decode(), "agency_certificate_filename": "vp.p12",
                  "agency_certificate_password": "Mat-khau-moi-2026"}
        changed = self._call("thidua.unit", "onchange", [self.unit_district.id], values, ["agency_certificate"], spec,
                             context={"lang": "vi_VN"})
        self.assertIn("Văn phòng HĐND và UBND", changed["value"]["agency_certificate_info"])
        self._call("thidua.unit", "web_save", [self.unit_district.id], values, specification=spec)
        self.assertTrue(agency_secret(self.env, self.unit_district).startswith(secret_box.PREFIX))
        self.assertEqual(self.unit_district._sign_certificate_secret("agency"), "Mat-khau-moi-2026")
        self.assertIn("Văn phòng HĐND và UBND", self.unit_district.sudo().agency_certificate_info)
        # the clerk reads none of it
        self._as(self.user_clerk)
        with self.assertRaises(JsonRpcException):
            self._call("thidua.unit", "read", [self.unit_district.id], ["agency_certificate"])

    def test_agency_certificate_near_its_expiry_reminds_the_administrator(self):
        Unit = self.env["thidua.unit"]
        Unit._cron_certificate_expiry()
        self.assertFalse(self.unit_district.activity_ids, "both valid for a year: nothing to say")
        _ca, _cert, p12 = make_pki(valid_to_days=20, password=AGENCY_PASSWORD)
        self.unit_district.with_user(self.user_manager).write({"agency_certificate": base64.b64encode(p12)})
        Unit._cron_certificate_expiry()
        self.assertEqual(len(self.unit_district.activity_ids), 1)
        self.assertIn("hết hạn", self.unit_district.activity_ids.summary)

    def test_only_the_clerk_issues(self):
        self._chairman_signs()
        for user in (self.user_manager, self.user_appraiser):
            self._as(user)
            for method in ("action_issue", "action_give_number"):
                with self.subTest(user=user.login, method=method), self.assertRaises(JsonRpcException):
                    self._call("thidua.decision", method, [self.decision.id])
        # the clerk cannot sign as the Chairman, and the agency's file signs on the server: no Give Number
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Văn thư không ký ")
        other = self._make_decision(dossiers, sign=False)
        self._as(self.user_clerk)
        with self.assertRaises(JsonRpcException):
            self._call("thidua.decision", "action_sign", [other.id])
        with self.assertRaises(JsonRpcException):
            self._call("thidua.decision", "action_give_number", [self.decision.id])
        for decision in (self.decision, other):
            decision.invalidate_recordset()
            self.assertFalse(decision.name)
            self.assertEqual(decision.state, "draft")
        self.assertFalse(other.awaiting_issue)

    def test_password_typed_by_the_clerk(self):
        self.unit_district.with_user(self.user_manager).write({"agency_certificate_password": False})
        self.assertIsNone(agency_secret(self.env, self.unit_district))
        self._chairman_signs()
        action = self.decision.with_user(self.user_clerk).action_issue()
        self.assertEqual(action["res_model"], "thidua.sign.wizard", "the password is asked in a dialog")
        Wizard = self.env["thidua.sign.wizard"].with_user(self.user_clerk).with_context(**action["context"])
        with self.assertRaisesRegex(UserError, "mật khẩu"):
            Wizard.create({"pin": "sai-mat-khau"})
        self.decision.invalidate_recordset()
        self.assertFalse(self.decision.name, "nothing numbered")
        self.assertTrue(self.decision.awaiting_issue)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})
        Wizard.create({"pin": AGENCY_PASSWORD}).action_confirm()
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND", "the refusal consumed no number")
        self._assert_two_valid_signatures(self.decision.signed_pdf_id.raw)
        self.assertIsNone(agency_secret(self.env, self.unit_district), "the typed password was not kept")
        self.assertEqual(database_text_containing(self.env, AGENCY_PASSWORD), [])


@tagged("post_install", "-at_install")
class TestAgencyUpload(AgencyCommon):
    """The clerk gives the number, signs the Chairman's file where the agency's token is and uploads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_agency(cls, "upload")

    def setUp(self):
        super().setUp()
        self._chairman_signs()
        self.chairman_pdf = self.decision.prepared_pdf_id.raw

    def _give_number(self):
        self._as(self.user_clerk)
        self.assertIs(self._call("thidua.decision", "action_give_number", [self.decision.id]), True)
        self.decision.invalidate_recordset()

    def _upload(self, signed):
        action = self.decision.with_user(self.user_clerk).action_issue()
        self.assertEqual(action["res_model"], "thidua.sign.wizard")
        wizard = self.env["thidua.sign.wizard"].with_user(self.user_clerk).browse(action["res_id"])
        self.assertEqual(base64.b64decode(wizard.prepared_pdf), self.chairman_pdf, "the Chairman's file to sign")
        wizard.write({"signed_file": base64.b64encode(signed), "signed_file_name": "co_quan_da_ky.pdf"})
        return wizard.action_confirm()

    def _signed(self, **kwargs):
        kwargs.setdefault("text", "Số: 01/QĐ-UBND")
        return sign_as_agency_tool(self.env, kwargs.pop("pdf", self.chairman_pdf), kwargs.pop("p12", self.agency_p12),
                                   **kwargs)

    def _assert_refused(self, signed, message):
        with self.assertRaisesRegex(UserError, message):
            self._upload(signed)
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "draft")
        self.assertTrue(self.decision.awaiting_issue)
        self.assertEqual(self.decision.name, "01/QĐ-UBND", "the number given stays")
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})

    def test_signed_by_the_agency_elsewhere_is_accepted(self):
        with self.assertRaisesRegex(UserError, "cấp số"):
            self.decision.with_user(self.user_clerk).action_issue()
        self._as(self.user_manager)
        with self.assertRaises(JsonRpcException):
            self._call("thidua.decision", "action_give_number", [self.decision.id])
        self._give_number()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.state, "draft")
        self.assertEqual(self.decision.prepared_pdf_id.raw, self.chairman_pdf, "the file to sign is unchanged")
        self._give_number()
        self.assertEqual(self.decision.name, "01/QĐ-UBND", "given once")
        with self.assertRaisesRegex(UserError, "đã được chuẩn bị để ký"):
            self.decision.with_user(self.user_manager).write({"subject": "Về việc khác"})

        signed = self._signed()
        self._upload(signed)
        decision = self.decision
        decision.invalidate_recordset()
        self.assertEqual(decision.state, "signed")
        self.assertFalse(decision.awaiting_issue)
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.signed_pdf_id.raw, signed, "the uploaded file is the document of record")
        self.assertEqual(decision.issued_by_id, self.user_clerk)
        self.assertEqual(decision.agency_signature_holder, AGENCY)
        self.assertTrue(decision.agency_cert_sha256 and decision.agency_signature_time)
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
        self._assert_two_valid_signatures(signed)
        self.assertEqual(self.render_pdf("chilang_thidua.action_report_decision", decision), signed)
        # a second upload afterwards changes nothing
        with self.assertRaises(UserError):
            self.decision.with_user(self.user_clerk).action_issue()
        with self.assertRaises(UserError):
            self.decision.with_user(self.user_clerk)._accept_agency_upload(self._signed())
        self.assertEqual(self.decision.signed_pdf_id.raw, signed)

    def test_signed_over_other_bytes_is_refused(self):
        self._give_number()
        self._assert_refused(self._signed(pdf=changed_byte(self.chairman_pdf)), "không phải là tệp PDF đã chuẩn bị")
        self._assert_refused(self.chairman_pdf, "không phải là tệp PDF đã chuẩn bị")  # not signed at all

    def test_signed_by_another_certificate_is_refused(self):
        self._give_number()
        _ca, _cert, other_p12 = make_pki(holder="Cơ quan khác", password=AGENCY_PASSWORD)
        self._assert_refused(self._signed(p12=other_p12), "Cơ quan khác")

    def test_change_appended_after_the_agency_signature_is_refused(self):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.stamp import TextStamp, TextStampStyle

        self._give_number()
        writer = IncrementalPdfFileWriter(io.BytesIO(self._signed()), strict=False)
        TextStamp(writer, style=TextStampStyle(stamp_text="Số: 99/QĐ-UBND")).apply(dest_page=0, x=60, y=60)
        out = io.BytesIO()
        writer.write(out)
        self._assert_refused(out.getvalue(), "sau khi ký")

    def test_page_content_changed_while_signing_is_refused(self):
        self._give_number()
        self._assert_refused(self._signed(text=None, stamp="Số: 01/QĐ-UBND"), "nhiều hơn một chữ ký")

    def test_chairman_signature_stripped_or_replaced_is_refused(self):
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        self._give_number()
        # stripped: an update that takes the Chairman's field out of the form and its widget off the
        # page, then the agency's signature in the same revision
        writer = IncrementalPdfFileWriter(io.BytesIO(self.chairman_pdf), strict=False)
        acroform = writer.root["/AcroForm"]
        acroform["/Fields"] = generic.ArrayObject([
            ref for ref in acroform["/Fields"] if ref.get_object().get("/T") != CHAIRMAN_FIELD])
        writer.update_container(acroform)
        for index in range(len(writer.root["/Pages"]["/Kids"])):
            page_ref = writer.find_page_for_modification(index)[0]
            page = page_ref.get_object()
            if "/Annots" in page:
                page["/Annots"] = generic.ArrayObject([
                    ref for ref in page["/Annots"] if ref.get_object().get("/T") != CHAIRMAN_FIELD])
                writer.update_container(page)
        stripped = io.BytesIO()
        writer.write(stripped)
        self._assert_refused(self._signed(pdf=stripped.getvalue()), "hiện có 1 chữ ký")
        # replaced: the Chairman's field made to point to the agency's signature value
        signed = self._signed()
        writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        fields = [ref.get_object() for ref in writer.root["/AcroForm"]["/Fields"]]
        chairman = next(field for field in fields if field.get("/T") == CHAIRMAN_FIELD)
        agency = next(field for field in fields if field.get("/T") == "ChuKySoCoQuan")
        chairman["/V"] = agency.raw_get("/V")
        writer.update_container(chairman)
        replaced = io.BytesIO()
        writer.write(replaced)
        self._assert_refused(replaced.getvalue(), "bị gỡ bỏ hoặc thay thế")


    def test_earlier_annotation_redrawn_while_signing_is_refused(self):
        """The clerk's revision may add its widget and text, not redraw what the Chairman's file shows."""
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        self._give_number()
        writer = IncrementalPdfFileWriter(io.BytesIO(self.chairman_pdf), strict=False)
        page = writer.find_page_for_modification(0)[0].get_object()
        chairman = next(ref.get_object() for ref in page["/Annots"]
                        if ref.get_object().get("/T") == CHAIRMAN_FIELD or (
                            "/Parent" in ref.get_object() and ref.get_object()["/Parent"].get("/T") == CHAIRMAN_FIELD))
        chairman["/Contents"] = generic.TextStringObject("Ký bởi: người khác")
        chairman["/Rect"] = generic.ArrayObject([generic.FloatObject(v) for v in (10, 10, 400, 200)])
        writer.update_container(chairman)
        redrawn = io.BytesIO()
        writer.write(redrawn)
        self._assert_refused(self._signed(pdf=redrawn.getvalue()), "nhiều hơn một chữ ký")


@tagged("post_install", "-at_install")
class TestAgencyTours(AgencyCommon):
    """The clerk's dialogs in the browser: the agency's password typed, and the file signed with the
    agency's certificate elsewhere uploaded back after Give Number."""

    def _tour(self, name):
        url = f"/odoo/action-chilang_thidua.thidua_decision_action/{self.decision.id}"
        self.start_tour(url, name, login=self.user_clerk.login)
        self.decision.invalidate_recordset()

    def test_agency_password_typed_in_the_dialog(self):
        set_up_agency(self, "pkcs12")
        self.unit_district.with_user(self.user_manager).write({"agency_certificate_password": False})
        self._chairman_signs()
        self._tour("chilang_thidua_agency_password")
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.issued_by_id, self.user_clerk)
        self._assert_two_valid_signatures(self.decision.signed_pdf_id.raw)

    def test_agency_signed_elsewhere_uploaded_in_the_dialog(self):
        set_up_agency(self, "upload")
        self._chairman_signs()
        signed = sign_as_agency_tool(self.env, self.decision.prepared_pdf_id.raw, self.agency_p12,
                                     text="Số: 01/QĐ-UBND")
        # the file on the clerk's disk, as the agency's signing tool left it
        self.env["ir.attachment"].with_user(self.user_clerk).create({
            "name": "tour_agency_signed.pdf", "raw": signed, "mimetype": "application/pdf",
        })
        self._tour("chilang_thidua_agency_upload")
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.signed_pdf_id.raw, signed, "the uploaded file is the document of record")
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
