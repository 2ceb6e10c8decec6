"""Timestamps, revocation lists and certificate expiry of the issuing body's signatures.

The timestamp authority is a local RFC 3161 server the tests start on 127.0.0.1 (an ``http.server``
thread answering with pyHanko's DummyTimeStamper, its certificate made here with the critical
timeStamping extended key usage); the revocation lists are made with ``cryptography``'s builder,
signed by the test CA (or by another key, to forge one).
"""

import base64
import datetime
import http.server
import io
import re
import shutil
import threading
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import config

from ..tools import pdf_signing, signers
from .test_signature import PASSWORD, SignatureCommon, make_ca, make_pki, pdfsig
from .test_signing_backends import (
    _HSM,
    EXPIRED_TOKEN_LABEL,
    KEY_LABEL,
    PIN,
    TOKEN_LABEL,
    set_up_two_signatures,
    sign_with_token,
    softhsm_tokens,
)

TSA_NAME = "Máy chủ dấu thời gian thử nghiệm"


def make_tsa():
    """(certificate, key) of a test timestamp authority, as asn1crypto objects for pyHanko."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.utcnow()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, TSA_NAME)])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return (asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            asn1_keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER,
                                                            serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption())))


class LocalTimestampServer:
    """An RFC 3161 server on 127.0.0.1 (a thread); ``answers``: how many requests it answers before
    it stops answering (None: all)."""

    def __init__(self):
        from asn1crypto import tsp
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        self.cert, key = make_tsa()
        stamper = DummyTimeStamper(tsa_cert=self.cert, tsa_key=key)
        self.answers = None
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.requests += 1
                if server.answers is not None and server.requests > server.answers:
                    self.send_response(503)
                    self.end_headers()
                    return
                response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(response)))
                self.end_headers()
                self.wfile.write(response)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def make_crl(ca, ca_key, revoked=(), next_update_days=7, last_update_days=-1, pem=False, with_ca=False):
    """A revocation list of ``ca`` naming ``revoked`` ((certificate, days ago revoked) pairs)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    now = datetime.datetime.utcnow()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
               .last_update(now + datetime.timedelta(days=last_update_days))
               .next_update(now + datetime.timedelta(days=next_update_days)))
    for cert, days_ago in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
            .revocation_date(now - datetime.timedelta(days=days_ago)).build())
    crl = builder.sign(ca_key, hashes.SHA256())
    if not pem:
        return crl.public_bytes(serialization.Encoding.DER)
    data = crl.public_bytes(serialization.Encoding.PEM)
    return data + ca.public_bytes(serialization.Encoding.PEM) if with_ca else data


def day(days_ago):
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days_ago)
    return moment.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y")


class SigningRefusalMixin:
    """The decision is refused with ``message`` and nothing is numbered; the body signs afterwards
    with the year's first number once ``repair`` fixed what was wrong."""

    def _assert_numbered_nothing(self, decision):
        decision.invalidate_recordset()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.name)
        self.assertFalse(decision.signed_pdf_id)
        self.assertEqual(set(decision.line_ids.dossier_id.mapped("state")), {"approved"})


@tagged("post_install", "-at_install")
class TestTimestamps(SigningRefusalMixin, SignatureCommon):
    """With a timestamp authority set, every signature the server applies carries its timestamp."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tsa = LocalTimestampServer()
        cls.addClassCleanup(cls.tsa.stop)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.tsa.answers = None
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", self.tsa.url)

    def _timestamp_status(self, pdf, ca, index=-1):
        """pyHanko's verdict on a signature and its timestamp, the test CA and TSA as trust roots."""
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[index]
        root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
        return validate_pdf_signature(
            signature, signer_validation_context=ValidationContext(trust_roots=[root], allow_fetching=False),
            ts_validation_context=ValidationContext(trust_roots=[self.tsa.cert], allow_fetching=False),
        )

    def test_signed_documents_carry_a_valid_timestamp(self):
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Dấu thời gian ")
        decision = self._make_decision(dossiers)
        self.assertEqual(decision.name, "01/QĐ-UBND")
        for pdf in (decision.signed_pdf_id.raw, decision.certificate_pdf_id.raw, dossiers.certificate_pdf_id.raw):
            status = self._timestamp_status(pdf, self.ca)
            self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
            stamp = status.timestamp_validity
            self.assertTrue(stamp and stamp.intact and stamp.valid and stamp.trusted, status.pretty_print_details())
            self.assertLess(abs((stamp.timestamp - status.signer_reported_dt).total_seconds()), 120)
            code, out = pdfsig(pdf)
            self.assertEqual(code, 0, out)
            self.assertIn("Signature is Valid", out)
        # the public check and the decision's form name the time and the authority
        checked = pdf_signing.check_pdf(decision.signed_pdf_id.raw, {decision.signature_cert_sha256})
        self.assertEqual(checked[0]["timestamp_authority"], TSA_NAME)
        self.assertRegex(checked[0]["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        self.assertIn(TSA_NAME, decision.with_user(self.user_manager).signature_timestamps)
        self.assertIn(checked[0]["timestamp"], decision.signature_timestamps)

    def test_silent_authority_refuses_the_signing(self):
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Không dấu ")
        decision = self._make_decision(dossiers, sign=False)
        stopped = LocalTimestampServer()
        stopped.stop()
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", stopped.url)
        with self.assertRaisesRegex(UserError, "không phản hồi") as caught:
            decision.with_user(self.user_manager).action_sign()
        self.assertIn("Chưa có số hay chữ ký nào", str(caught.exception))
        self._assert_numbered_nothing(decision)
        # the authority answers again: the year's first number, no gap
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", self.tsa.url)
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.name, "01/QĐ-UBND")

    def test_authority_silent_after_the_number_rolls_everything_back(self):
        """It answered when the signing began, then fell silent: the request's transaction is rolled
        back (as the web request does on an error), with the number it drew."""
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Im lặng ")
        decision = self._make_decision(dossiers, sign=False)
        self.tsa.requests, self.tsa.answers = 0, 1
        with self.assertRaisesRegex(UserError, "không phản hồi"), self.env.cr.savepoint():
            decision.with_user(self.user_manager).action_sign()
        self.assertGreater(self.tsa.requests, 1, "refused after the first answer")
        self._assert_numbered_nothing(decision)
        self.tsa.answers = None
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.name, "01/QĐ-UBND")

    def test_without_authority_no_timestamp(self):
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", "")
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Không TSA ")
        decision = self._make_decision(dossiers)
        self.assertIsNone(self._timestamp_status(decision.signed_pdf_id.raw, self.ca).timestamp_validity)
        self.assertFalse(decision.signature_timestamps)
        self.assertEqual(pdf_signing.check_pdf(decision.signed_pdf_id.raw)[0]["timestamp"], "")

    def test_settings_page_as_the_administrator(self):
        admin = self.env.ref("base.user_admin")
        Settings = self.env["res.config.settings"].with_user(admin).with_context(lang="vi_VN")
        form = Form(Settings)
        form.thidua_timestamp_url = "ftp://tsa.example.vn/tsa"
        with self.assertRaisesRegex(ValidationError, "http:// hoặc https://"):
            form.save()
        form = Form(Settings)
        form.thidua_timestamp_url = "https://tsa.example.vn/tsa"
        form.save().execute()
        from ..tools.settings import thidua_setting

        self.assertEqual(thidua_setting(self.env, "timestamp_url"), "https://tsa.example.vn/tsa")
        self.assertEqual(Form(Settings).thidua_timestamp_url, "https://tsa.example.vn/tsa")
        # typed in the technical menu instead: the signing says what is wrong
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", "tsa.example.vn")
        with self.assertRaisesRegex(UserError, "http:// hoặc https://"):
            pdf_signing.timestamper(self.env(context={"lang": "vi_VN"}))


@tagged("post_install", "-at_install")
class TestTimestampOnTheVerifyPage(HttpCase, SignatureCommon):
    """The public page names the timestamp's time and authority of an uploaded signed file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tsa = LocalTimestampServer()
        cls.addClassCleanup(cls.tsa.stop)

    def test_uploaded_file_shows_its_timestamp(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", self.tsa.url)
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Tra cứu dấu ")
        decision = self._make_decision(dossiers)
        url = f"/thidua/verify/{dossiers.verify_token}"
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text).group(1)
        page = self.url_open(url, data={"csrf_token": csrf},
                             files={"document": ("qd.pdf", decision.signed_pdf_id.raw, "application/pdf")}).text
        self.assertIn("Đúng bản gốc đã ký số", page)
        stamp = pdf_signing.check_pdf(decision.signed_pdf_id.raw)[0]["timestamp"]
        shown = datetime.datetime.fromisoformat(stamp).strftime("%d/%m/%Y %H:%M")
        self.assertIn(f"dấu thời gian {shown} của {TSA_NAME}", " ".join(page.split()))


@tagged("post_install", "-at_install")
class TestTimestampsTwoSignatures(SigningRefusalMixin, SignatureCommon):
    """The Chairman's signature and the agency's each carry a timestamp."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_two_signatures(cls)
        cls.tsa = LocalTimestampServer()
        cls.addClassCleanup(cls.tsa.stop)

    def test_both_signatures_are_timestamped(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", self.tsa.url)
        decision = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Hai dấu "),
                                       sign=False)
        action = decision.with_user(self.user_manager).action_sign()
        self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"pin": PIN})
        self.assertTrue(decision.awaiting_issue)
        self.assertIn(TSA_NAME, decision.signature_timestamps, "the Chairman's file, before the clerk")
        decision.with_user(self.user_clerk).action_issue()
        self.assertEqual(decision.name, "01/QĐ-UBND")
        # both tokens' certificates remembered for the expiry reminder, the clerk's signing included
        unit = self.unit_district.sudo()
        self.assertTrue(unit.sign_token_certificate and unit.agency_token_certificate)
        pdf = decision.signed_pdf_id.raw
        checked = pdf_signing.check_pdf(pdf, {decision.signature_cert_sha256, decision.agency_cert_sha256})
        self.assertEqual([(c["role"], c["intact"], c["timestamp_authority"]) for c in checked],
                         [("person", True, TSA_NAME), ("agency", True, TSA_NAME)])
        self.assertEqual(len(decision.signature_timestamps.splitlines()), 2)
        code, out = pdfsig(pdf)
        self.assertEqual(out.count("Signature is Valid"), 2, out)

    def test_expired_agency_certificate_is_refused_at_issue(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].set_param("chilang_thidua.timestamp_url", "")
        decision = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Cơ quan hết hạn "),
                                       sign=False)
        action = decision.with_user(self.user_manager).action_sign()
        self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"pin": PIN})
        self.assertTrue(decision.awaiting_issue)
        self.unit_district.with_user(self.user_manager).write({
            "agency_pkcs11_token_label": EXPIRED_TOKEN_LABEL, "agency_pkcs11_key_label": KEY_LABEL})
        with patch.dict(config.options, {signers.PKCS11_PIN_OPTION + EXPIRED_TOKEN_LABEL.lower(): PIN}):
            with self.assertRaisesRegex(UserError, f"hết hạn vào {day(1)}"):
                decision.with_user(self.user_clerk).action_issue()
        decision.invalidate_recordset()
        self.assertFalse(decision.name)
        self.assertEqual(decision.state, "draft")


@tagged("post_install", "-at_install")
class TestRevocationPkcs12(SigningRefusalMixin, SignatureCommon):
    """A PKCS#12 signer with the CA's revocation list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.issuer = make_ca()
        cls.ca, cls.cert, cls.p12 = make_pki(issuer=cls.issuer)
        cls._configure(cls.p12, PASSWORD)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.decision = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="CRL "),
                                            sign=False)

    def _set_crl(self, data, field="sign_crl"):
        self.unit_district.with_user(self.user_manager).write({field: base64.b64encode(data) if data else False,
                                                                f"{field}_filename": "ca.crl"})

    def _refused(self, message):
        with self.assertRaisesRegex(UserError, message) as caught:
            self.decision.with_user(self.user_manager).action_sign()
        self._assert_numbered_nothing(self.decision)
        return str(caught.exception)

    def test_revoked_certificate_is_refused_with_its_date(self):
        other = make_pki(issuer=self.issuer, holder="Người khác")[1]
        self._set_crl(make_crl(*self.issuer, revoked=[(other, 10), (self.cert, 3)]))
        message = self._refused(f"đã bị thu hồi ngày {day(3)}")
        self.assertIn("Chưa có số hay chữ ký nào", message)
        # the current list without it: signed, with the year's first number
        self._set_crl(make_crl(*self.issuer, revoked=[(other, 10)], pem=True, with_ca=True))
        self.decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")

    def test_list_past_its_next_update_is_refused(self):
        self._set_crl(make_crl(*self.issuer, next_update_days=-2, last_update_days=-9))
        self._refused(f"có hiệu lực đến ngày {day(2)}.*tải danh sách mới")

    def test_another_authoritys_list_is_refused_on_upload(self):
        with self.assertRaisesRegex(ValidationError, "không phải do tổ chức đã cấp chứng thư số"):
            self._set_crl(make_crl(*make_ca("CA khác")))
        with self.assertRaisesRegex(ValidationError, "Không đọc được"):
            self._set_crl(b"not a list")
        # the lists are the managers' to set, like the certificates
        for user in (self.user_appraiser, self.user_commune_a):
            with self.assertRaises(AccessError):
                self.unit_district.with_user(user).write({"sign_crl": base64.b64encode(make_crl(*self.issuer))})

    def test_forged_list_is_refused(self):
        """The issuer's name, another key: the PKCS#12's chain holds the CA certificate, the
        signature of the list does not verify with it."""
        forger = make_ca()[1]
        self._set_crl(make_crl(self.issuer[0], forger))
        self._refused("Chữ ký của danh sách thu hồi")

    def test_signed_elsewhere_with_a_revoked_certificate(self):
        from cryptography.hazmat.primitives import serialization

        self.unit_district.with_user(self.user_manager).write({
            "sign_backend": "upload",
            "sign_upload_certificate": base64.b64encode(self.cert.public_bytes(serialization.Encoding.PEM)),
        })
        self._set_crl(make_crl(*self.issuer, revoked=[(self.cert, 1)]))
        with self.assertRaisesRegex(UserError, "đã bị thu hồi"):
            self.decision.with_user(self.user_manager).action_prepare_signature()
        self._assert_numbered_nothing(self.decision)
        # revoked once the PDF was prepared: the signed file is refused on upload
        self._set_crl(make_crl(*self.issuer))
        self.decision.with_user(self.user_manager).action_prepare_signature()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        signed = self._sign_elsewhere(self.decision.prepared_pdf_id.raw)
        self._set_crl(make_crl(*self.issuer, revoked=[(self.cert, 0)]))
        action = self.decision.with_user(self.user_manager).action_upload_signed()
        wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"signed_file": base64.b64encode(signed), "signed_file_name": "da_ky.pdf"})
        with self.assertRaisesRegex(UserError, "đã bị thu hồi"):
            wizard.action_confirm()
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.signed_pdf_id)

    def _sign_elsewhere(self, pdf, p12=None, at=None):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers as hanko_signers

        signer = pdf_signing.load_signer(self.env, p12 or self.p12, PASSWORD, at=at).signer
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = hanko_signers.PdfSignatureMetadata(field_name="ChuKyChuTich", md_algorithm="sha256")
        return hanko_signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()

    def test_expired_upload_certificate_is_refused_before_a_number(self):
        from cryptography.hazmat.primitives import serialization

        _ca, expired, expired_p12 = make_pki(valid_from_days=-400, valid_to_days=-1, issuer=self.issuer)
        self.unit_district.with_user(self.user_manager).write({
            "sign_backend": "upload",
            "sign_upload_certificate": base64.b64encode(expired.public_bytes(serialization.Encoding.PEM)),
        })
        with self.assertRaisesRegex(UserError, f"hết hạn vào {day(1)}"):
            self.decision.with_user(self.user_manager).action_prepare_signature()
        self._assert_numbered_nothing(self.decision)


@tagged("post_install", "-at_install")
class TestRevocationToken(SigningRefusalMixin, SignatureCommon):
    """A SoftHSM2 token's certificate: the revocation list, expiry at signing, the reminder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tokens = softhsm_tokens()
        cls.token_ca, cls.token_cert = tokens["chairman"]
        cls.token_ca_key = _HSM["ca_keys"][TOKEN_LABEL]
        sign_with_token(cls)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.decision = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Token CRL "),
                                            sign=False)

    def _sign_with_pin(self):
        action = self.decision.with_user(self.user_manager).action_sign()
        Wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"])
        return Wizard.create({"pin": PIN}).action_confirm()

    def test_revoked_token_certificate_is_refused(self):
        crl = make_crl(self.token_ca, self.token_ca_key, revoked=[(self.token_cert, 5)])
        # the token's certificate is not known before its first signing: the list is taken as it is
        self.unit_district.with_user(self.user_manager).write({"sign_crl": base64.b64encode(crl)})
        with self.assertRaisesRegex(UserError, f"Nguyễn Văn Chủ Tịch đã bị thu hồi ngày {day(5)}"):
            self._sign_with_pin()
        self._assert_numbered_nothing(self.decision)
        self.unit_district.with_user(self.user_manager).write({
            "sign_crl": base64.b64encode(make_crl(self.token_ca, self.token_ca_key))})
        self._sign_with_pin()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        # remembered at the signing: another authority's list is now refused on upload
        with self.assertRaisesRegex(ValidationError, "Nguyễn Văn Chủ Tịch"):
            self.unit_district.with_user(self.user_manager).write({
                "sign_crl": base64.b64encode(make_crl(*make_ca("CA khác")))})

    def test_expired_token_certificate_is_refused(self):
        self.unit_district.with_user(self.user_manager).write({"sign_pkcs11_token_label": EXPIRED_TOKEN_LABEL})
        with self.assertRaisesRegex(UserError, f"hết hạn vào {day(1)}"):
            self._sign_with_pin()
        self._assert_numbered_nothing(self.decision)

    def test_every_certificate_gets_one_reminder(self):
        """The token's certificate (remembered at its signing), the agency's and the upload-back one:
        one to-do each, however often the cron runs, even once the to-do is done."""
        Unit = self.env["thidua.unit"]
        self._sign_with_pin()
        self.assertTrue(self.unit_district.sudo().sign_token_certificate, "remembered at the signing")
        Unit._cron_certificate_expiry()
        self.assertFalse(self.unit_district.activity_ids, "valid for a year: nothing to say")
        # within the reminder's window (a year ahead, for the test): the token's certificate
        Unit._cron_certificate_expiry(days=400)
        Unit._cron_certificate_expiry(days=400)
        self.assertEqual(len(self.unit_district.activity_ids), 1)
        self.assertIn("hết hạn", self.unit_district.activity_ids.summary)
        self.unit_district.activity_ids.action_feedback(feedback="Đã gia hạn")
        Unit._cron_certificate_expiry(days=400)
        self.assertFalse(self.unit_district.activity_ids, "done is done: not given again")
        # the agency's token, remembered at its signing, gets its own
        from cryptography.hazmat.primitives import serialization

        agency_cert = softhsm_tokens()["agency"][1]
        self.unit_district.sudo()._thidua_remember_certificate(
            "agency_token_certificate", agency_cert.public_bytes(serialization.Encoding.DER))
        self.unit_district.sudo().agency_sign_backend = "pkcs11"
        Unit._cron_certificate_expiry(days=400)
        Unit._cron_certificate_expiry(days=400)
        self.assertEqual(len(self.unit_district.activity_ids), 1)
        self.assertIn("cơ quan", self.unit_district.activity_ids.summary)
        # the certificate of an agency signing elsewhere (the Chairman's own signed elsewhere cannot go
        # with an agency signature)
        _ca, cert, _p12 = make_pki(valid_to_days=20)
        self.unit_district.with_user(self.user_manager).write({
            "agency_sign_backend": "upload",
            "agency_upload_certificate": base64.b64encode(cert.public_bytes(serialization.Encoding.PEM)),
        })
        Unit._cron_certificate_expiry()
        Unit._cron_certificate_expiry()
        self.assertEqual(len(self.unit_district.activity_ids), 2)
