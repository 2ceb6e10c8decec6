"""Electronic issuance: decisions and certificates as digitally signed PDFs anyone can verify.

A certification authority and the issuing body's PKCS#12 are made here with ``cryptography``'s
x509 builders; the signed PDFs are checked with pyHanko (the test CA as trust root) and poppler's
``pdfsig``.
"""

import base64
import datetime
import io
import re
import shutil
import subprocess
import tempfile
import unittest
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common_dossier import DossierCommon
from .report_common import ThiduaReportCommon

PASSWORD = "MatKhau@2024"


USAGE = {"content_commitment": False, "key_encipherment": False, "data_encipherment": False,
         "key_agreement": False, "encipher_only": False, "decipher_only": False}


def make_ca(name="CA thử nghiệm Chi Lăng"):
    """(CA certificate, its private key): a test certification authority."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.utcnow()
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, **USAGE),
                       critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return ca, ca_key


def make_pki(valid_from_days=-1, valid_to_days=365, with_key=True, password=PASSWORD,
             holder="Ủy ban nhân dân huyện Thử Nghiệm", issuer=None):
    """(CA certificate, holder certificate, PKCS#12 bytes) for the test issuing body; ``issuer``:
    (CA certificate, CA key) of make_ca, a new CA by default."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.utcnow()
    usage = USAGE
    ca, ca_key = issuer or make_ca()
    ca_name = ca.subject
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, holder)])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=valid_from_days))
        .not_valid_after(now + datetime.timedelta(days=valid_to_days))
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False,
                                     **dict(usage, content_commitment=True)), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"ubnd", key if with_key else None, cert, [ca],
        serialization.BestAvailableEncryption(password.encode()),
    )
    return ca, cert, p12


def pdf_signature_status(pdf, ca):
    """pyHanko's verdict on the PDF's only signature, with ``ca`` as the one trust root."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert len(signatures) == 1, f"{len(signatures)} signatures"
    root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return signatures[0], validate_pdf_signature(signatures[0], signer_validation_context=context)


def pdfsig(pdf):
    """(exit code, output) of poppler's pdfsig on ``pdf``."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(["pdfsig", handle.name], capture_output=True, timeout=120, check=False)
    return result.returncode, result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")


def changed_byte(pdf):
    """``pdf`` with one byte of its signed content changed (in the first page's stream)."""
    position = pdf.index(b"stream", len(pdf) // 10) + 40
    data = bytearray(pdf)
    data[position] ^= 0x01
    return bytes(data)


def png(color, size=(240, 120)):
    """A small transparent PNG with a coloured stroke (a stand-in signature or seal)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if size[0] == size[1]:
        draw.ellipse((4, 4, size[0] - 4, size[1] - 4), outline=color, width=8)
        draw.ellipse((26, 26, size[0] - 26, size[1] - 26), outline=color, width=3)
    else:
        draw.line([(10, 90), (60, 20), (90, 100), (150, 30), (230, 70)], fill=color, width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue())


class SignatureCommon(DossierCommon, ThiduaReportCommon):
    """The test district with a digital signature certificate, set by a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            import pyhanko  # noqa: F401
        except ImportError as error:  # a declared dependency: say so loudly rather than skip
            raise AssertionError("pyHanko is not installed: run make setup (requirements.txt)") from error
        cls.ca, cls.cert, cls.p12 = make_pki()
        cls._configure(cls.p12, PASSWORD)

    @classmethod
    def _configure(cls, p12, password, images=False):
        vals = {"sign_certificate": base64.b64encode(p12), "sign_certificate_filename": "ubnd.p12",
                "sign_certificate_password": password}
        if images:
            vals.update(sign_signature_image=png((20, 50, 170, 255)), sign_seal_image=png((200, 20, 20, 230),
                                                                                          (300, 300)))
        cls.unit_district.with_user(cls.user_manager).write(vals)


@tagged("post_install", "-at_install")
class TestDigitalSignature(SignatureCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if shutil.which("wkhtmltopdf"):
            cls.dossiers = cls._make_dossiers(collectives=1, individuals=2)
            cls.decision = cls._make_decision(cls.dossiers)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")

    def test_signed_decision_is_the_document_of_record(self):
        decision = self.decision
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertTrue(decision.is_digitally_signed)
        self.assertEqual(decision.signature_holder, "Ủy ban nhân dân huyện Thử Nghiệm")
        self.assertRegex(decision.signature_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        stored = decision.signed_pdf_id.raw
        self.assertEqual(decision.signed_pdf_id.res_model, "thidua.decision")
        self.assertEqual(decision.signed_pdf_id.res_id, decision.id)
        self.assertEqual(decision.signed_pdf_sha256, __import__("hashlib").sha256(stored).hexdigest())

        signature, status = pdf_signature_status(stored, self.ca)
        self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
        self.assertEqual(status.coverage.name, "ENTIRE_FILE")
        self.assertEqual(status.md_algorithm, "sha256")
        self.assertEqual(signature.sig_object["/SubFilter"], "/ETSI.CAdES.detached")  # PAdES
        self.assertIn("+07'00'", str(signature.sig_object["/M"]), "signing time in Vietnam time")
        self.assertEqual(status.signer_reported_dt.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
                         .isoformat(), decision.signature_time)

        if shutil.which("pdfsig"):
            code, out = pdfsig(stored)
            self.assertEqual(code, 0, out)
            self.assertIn("Signature is Valid", out)
            self.assertIn("Total document signed", out)
            self.assertIn("SHA-256", out)

        # the visible signature (NĐ 30/2020 Appendix I) on the first page
        first_page = self._poppler("pdftotext", stored, "-f", "1", "-l", "1", "-enc", "UTF-8")
        first_page = " ".join(first_page.split())
        self.assertIn("Ký bởi: Ủy ban nhân dân huyện Thử Nghiệm", first_page)
        self.assertIn("Cơ quan: Ủy ban nhân dân huyện Thử Nghiệm", first_page)
        self.assertIn(f"Thời gian ký: {decision.signature_time}", first_page)
        self.assertIn("Số: 01/QĐ-UBND", first_page)

    def test_one_changed_byte_breaks_the_signature(self):
        broken = changed_byte(self.decision.signed_pdf_id.raw)
        _signature, status = pdf_signature_status(broken, self.ca)
        self.assertFalse(status.intact and status.valid)
        if shutil.which("pdfsig"):
            code, out = pdfsig(broken)
            self.assertNotIn("Signature is Valid", out, f"pdfsig exit {code}")

    def test_reprint_returns_the_same_bytes(self):
        stored = self.decision.signed_pdf_id.raw
        for user in (self.user_manager, self.user_appraiser, self.user_commune_a):
            self.assertEqual(self.render_pdf("chilang_thidua.action_report_decision", self.decision, user=user),
                             stored, f"printed as {user.login}")

    def test_certificate_batch_is_signed(self):
        decision = self.decision
        stored = decision.certificate_pdf_id.raw
        self.assertEqual(self.pdf_pages(stored), 3)
        _signature, status = pdf_signature_status(stored, self.ca)
        self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
        dossiers = decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
        # the decision's certificates print as the stored, signed PDF
        self.assertEqual(self.render_pdf("chilang_thidua.action_report_certificate", dossiers), stored)
        text = self.pdf_text(stored)
        self.assertIn("Thời gian ký: " + decision.signature_time, text)
        # each certificate is also stored alone, signed at the decision's signing, and prints as stored
        for dossier in dossiers:
            single = dossier.certificate_pdf_id.raw
            _signature, status = pdf_signature_status(single, self.ca)
            self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
            self.assertEqual(self.render_pdf("chilang_thidua.action_report_certificate", dossier,
                                             user=self.user_appraiser), single)
        # another selection is never signed when printed: a compilation of the stored files, saying so
        several = self.render_pdf("chilang_thidua.action_report_certificate", dossiers[1:],
                                  user=self.user_appraiser)
        self.assertEqual(self.pdf_pages(several), 3)
        self.assertIn("BẢN TẬP HỢP GIẤY KHEN", self.pdf_text(several))
        self.assertFalse(__import__("pyhanko.pdf_utils.reader", fromlist=["PdfFileReader"]).PdfFileReader(
            io.BytesIO(several), strict=False).embedded_signatures)
        if shutil.which("pdfsig"):
            _code, out = pdfsig(several)
            self.assertNotIn("Signature is Valid", out)

    def test_certificate_batch_of_300(self):
        """A large batch, printed in parallel runs and merged, carries one valid signature."""
        dossiers = self._make_dossiers(collectives=0, individuals=300, prefix="Lô ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 6))
        stored = decision.certificate_pdf_id.raw
        self.assertEqual(self.pdf_pages(stored), 300)
        _signature, status = pdf_signature_status(stored, self.ca)
        self.assertTrue(status.intact and status.valid and status.trusted)
        # and each certificate as a signed file of its own
        self.assertEqual(len(dossiers.certificate_pdf_id), 300)
        _signature, status = pdf_signature_status(dossiers[-1].certificate_pdf_id.raw, self.ca)
        self.assertTrue(status.intact and status.valid and status.trusted)

    def test_signed_documents_cannot_be_replaced(self):
        decision = self.decision
        for attachment in (decision.signed_pdf_id, decision.certificate_pdf_id, *self.dossiers.certificate_pdf_id):
            for user in (self.user_manager, self.user_appraiser):
                with self.assertRaises(UserError):  # an AccessError is one too
                    attachment.with_user(user).write({"raw": b"%PDF-1.4 forged"})
                with self.assertRaises(UserError):  # an AccessError is one too
                    attachment.with_user(user).unlink()
            with self.assertRaises(UserError):  # an AccessError is one too
                attachment.with_user(self.user_manager).write({"res_id": self.decision.id + 1})
        with self.assertRaises(UserError):  # an AccessError is one too
            decision.with_user(self.user_manager).write({"signed_pdf_id": False})
        self.assertTrue(decision.signed_pdf_id.raw.startswith(b"%PDF"))

    def test_images_are_printed_in_the_signature(self):
        self._configure(self.p12, PASSWORD, images=True)
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Ảnh ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 7))
        stored = decision.signed_pdf_id.raw
        _signature, status = pdf_signature_status(stored, self.ca)
        self.assertTrue(status.intact and status.valid)
        images = self._poppler("pdfimages", stored, "-list")
        self.assertGreaterEqual(len(images.strip().splitlines()) - 2, 2, images)


@tagged("post_install", "-at_install")
class TestSignatureRefusals(SignatureCommon):
    """A certificate that cannot sign is refused before any number is drawn; nothing changes."""

    def setUp(self):
        super().setUp()
        self.dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Từ chối ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _assert_refused(self, message):
        with self.assertRaisesRegex(UserError, message):
            self.decision.with_user(self.user_manager).action_sign()
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.name)
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})
        # no number was consumed: once signable (here without a certificate) it is the year's first
        self.unit_district.with_user(self.user_manager).write({"sign_certificate": False})
        self.decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")

    def test_wrong_password(self):
        self._configure(self.p12, "sai mật khẩu")
        self._assert_refused("mật khẩu")

    def test_expired_certificate(self):
        self._configure(make_pki(valid_from_days=-400, valid_to_days=-1)[2], PASSWORD)
        self._assert_refused("hết hạn")

    def test_not_yet_valid_certificate(self):
        self._configure(make_pki(valid_from_days=3, valid_to_days=400)[2], PASSWORD)
        self._assert_refused("chưa có hiệu lực")

    def test_no_private_key(self):
        self._configure(make_pki(with_key=False)[2], PASSWORD)
        self._assert_refused("khóa bí mật")

    def test_not_a_pkcs12(self):
        self._configure(b"%PDF-1.4 not a certificate", PASSWORD)
        self._assert_refused("PKCS#12")

    def test_without_certificate_signing_works_unsigned(self):
        self.unit_district.with_user(self.user_manager).write({"sign_certificate": False})
        self.decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self.decision.state, "signed")
        self.assertTrue(self.decision.name)
        self.assertFalse(self.decision.is_digitally_signed)
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertFalse(self.decision.signed_pdf_sha256)

    def test_only_managers_configure(self):
        for user in (self.user_appraiser, self.user_commune_a, self.user_council):
            with self.assertRaises(AccessError):
                self.unit_district.with_user(user).write({"sign_certificate_password": "x"})
            with self.assertRaises(AccessError):
                self.unit_district.with_user(user).read(["sign_certificate"])


@tagged("post_install", "-at_install")
class TestSignatureOverRpc(HttpCase, SignatureCommon):
    """The password never comes back; the public page checks an uploaded PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if shutil.which("wkhtmltopdf"):
            cls.dossiers = cls._make_dossiers(collectives=0, individuals=2, prefix="Tra cứu ")
            cls.decision = cls._make_decision(cls.dossiers)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def test_password_is_write_only(self):
        self.assertEqual(self.unit_district._sign_certificate_secret(), PASSWORD)  # kept for signing
        unit = self.unit_district.id
        # export_data needs Odoo's export right: give it, the password must still not come out
        self.user_manager.groups_id = [(4, self.env.ref("base.group_allow_export").id)]
        self.user_appraiser.groups_id = [(4, self.env.ref("base.group_allow_export").id)]
        self.authenticate(self.user_manager.login, self.user_manager.login)
        rows = self._call("thidua.unit", "read", [unit], ["sign_certificate_password", "sign_certificate_info"])
        self.assertFalse(rows[0]["sign_certificate_password"])
        self.assertIn("Ủy ban nhân dân huyện Thử Nghiệm", rows[0]["sign_certificate_info"])
        rows = self._call("thidua.unit", "web_read", [unit], specification={"sign_certificate_password": {}})
        self.assertFalse(rows[0]["sign_certificate_password"])
        rows = self._call("thidua.unit", "search_read", [("id", "=", unit)], ["sign_certificate_password"])
        self.assertFalse(rows[0]["sign_certificate_password"])
        export = self._call("thidua.unit", "export_data", [unit], ["sign_certificate_password"])
        self.assertFalse(export["datas"][0][0])
        self.assertNotIn(PASSWORD, str(export))
        with self.assertRaises(JsonRpcException):  # not a stored field: no search can test a guess
            self._call("thidua.unit", "search", [("sign_certificate_password", "=", PASSWORD)])
        for login in (self.user_appraiser.login, self.user_commune_a.login):
            self.authenticate(login, login)
            with self.assertRaises(JsonRpcException):
                self._call("thidua.unit", "read", [unit], ["sign_certificate_password"])
            with self.assertRaises(JsonRpcException):
                self._call("thidua.unit", "export_data", [unit], ["sign_certificate_password"])

    def _page(self, dossier):
        response = self.url_open(f"/thidua/verify/{dossier.verify_token}")
        self.assertEqual(response.status_code, 200)
        return response

    def _upload(self, dossier, content):
        page = self._page(dossier).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            f"/thidua/verify/{dossier.verify_token}", data={"csrf_token": csrf},
            files={"document": ("tai_lieu.pdf", content, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_verify_page_checks_uploads(self):
        if not shutil.which("wkhtmltopdf"):
            raise unittest.SkipTest("wkhtmltopdf is not installed")
        dossier = self.dossiers[0]
        page = self._page(dossier).text
        self.assertIn(self.decision.signed_pdf_sha256, page)
        self.assertIn(self.decision.certificate_pdf_sha256, page)

        genuine = self._upload(dossier, self.decision.signed_pdf_id.raw)
        self.assertIn("Đúng bản gốc đã ký số", genuine)
        self.assertIn("Còn nguyên vẹn", genuine)
        self.assertIn("Đúng bản gốc đã ký số", self._upload(dossier, self.decision.certificate_pdf_id.raw))

        forged = self._upload(dossier, changed_byte(self.decision.signed_pdf_id.raw))
        self.assertIn("Không phải bản gốc đã ký số", forged)
        self.assertIn("nội dung đã bị thay đổi sau khi ký", forged)
        self.assertNotIn("Đúng bản gốc", forged)

        self.assertIn("không phải là tệp PDF", self._upload(dossier, b"hello"))

        # the largest file the page examines is the administrator's setting, said in the refusal
        self.env["ir.config_parameter"].sudo().set_param("chilang_thidua.verify_max_mb", "1")
        too_large = self._upload(dossier, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 70000))
        self.assertIn("Tệp quá lớn: tối đa 1 MB", too_large)
        self.assertNotIn("Đúng bản gốc", too_large)

    def test_upload_without_csrf_is_refused(self):
        if not shutil.which("wkhtmltopdf"):
            raise unittest.SkipTest("wkhtmltopdf is not installed")
        response = self.url_open(f"/thidua/verify/{self.dossiers[0].verify_token}",
                                 files={"document": ("a.pdf", self.decision.signed_pdf_id.raw, "application/pdf")})
        self.assertEqual(response.status_code, 400)
