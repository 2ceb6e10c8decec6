"""The three signing backends of an issuing body, end to end.

- PKCS#11: a SoftHSM2 token (Debian ``softhsm2``, a real PKCS#11 module) initialised in a
  temporary folder with the administrator's commands (README: softhsm2-util, pkcs11-tool); the
  PIN typed in the signing dialog;
- signed elsewhere: the prepared PDF signed by pyHanko standing for the agency's desktop tool,
  uploaded back, and the files the server must refuse;
- PKCS#12: test_signature.py.
"""

import atexit
import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import config

from ..tools import signers
from .test_signature import PASSWORD, SignatureCommon, make_ca, make_pki, pdf_signature_status, pdfsig

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "UBND Thu Nghiem"
KEY_LABEL = "chutich"
PIN = "Pin-Ubnd-8831"
SO_PIN = "So-Pin-55210"
AGENCY_TOKEN_LABEL = "Van Thu Thu Nghiem"
AGENCY_KEY_LABEL = "coquan"
EXPIRED_TOKEN_LABEL = "Het Han Thu Nghiem"

# One SoftHSM2 folder per test process: the PKCS#11 module is loaded once per process (python-pkcs11)
# and reads SOFTHSM2_CONF then, so the token is made before that and kept for the whole run.
_HSM = {}


def _run(*command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{' '.join(command[:2])}: {result.stdout} {result.stderr}"
    return result.stdout


def _token_with_key(folder, token_label, key_label, holder, **validity):
    """A SoftHSM2 token holding one key and its certificate; returns (CA, certificate). The CA's key
    is kept in ``_HSM["ca_keys"][token_label]`` (revocation lists)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    issuer = make_ca()
    _HSM.setdefault("ca_keys", {})[token_label] = issuer[1]
    ca, cert, p12 = make_pki(holder=holder, issuer=issuer, **validity)
    key, _cert, _extra = pkcs12.load_key_and_certificates(p12, PASSWORD.encode())
    key_pem = os.path.join(folder, f"{key_label}.pem")
    cert_der = os.path.join(folder, f"{key_label}.der")
    with open(key_pem, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    with open(cert_der, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.DER))
    # the README's commands, as an administrator types them
    _run("softhsm2-util", "--init-token", "--free", "--label", token_label, "--so-pin", SO_PIN, "--pin", PIN)
    _run("softhsm2-util", "--import", key_pem, "--token", token_label, "--label", key_label, "--id", "01",
         "--pin", PIN)
    _run("pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", token_label, "--login", "--pin", PIN,
         "--write-object", cert_der, "--type", "cert", "--label", key_label, "--id", "01")
    os.unlink(key_pem)
    return ca, cert


def softhsm_tokens():
    """{"chairman": (CA, cert), "agency": (CA, cert)}: the Chairman's token and the agency's HSM
    (the clerk's station), SoftHSM2 tokens made once per process before the module is loaded."""
    if "tokens" in _HSM:
        return _HSM["tokens"]
    missing = [tool for tool in ("softhsm2-util", "pkcs11-tool") if not shutil.which(tool)]
    assert not missing and os.path.exists(SOFTHSM_MODULE), (
        f"SoftHSM2 tests need {missing or SOFTHSM_MODULE}: apt-get install softhsm2 opensc (see README)")
    folder = tempfile.mkdtemp(prefix="thidua_softhsm_")
    # the tokens live as long as the test process (the module keeps them open)
    atexit.register(shutil.rmtree, folder, True)
    os.mkdir(os.path.join(folder, "tokens"))
    conf = os.path.join(folder, "softhsm2.conf")
    with open(conf, "w", encoding="ascii") as handle:
        handle.write(f"directories.tokendir = {folder}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = conf
    _HSM["tokens"] = {
        "chairman": _token_with_key(folder, TOKEN_LABEL, KEY_LABEL, "Nguyễn Văn Chủ Tịch"),
        "agency": _token_with_key(folder, AGENCY_TOKEN_LABEL, AGENCY_KEY_LABEL, "Ủy ban nhân dân huyện Thử Nghiệm"),
        # a certificate that expired yesterday (the refusal at signing, tests/test_timestamps_revocation.py)
        "expired": _token_with_key(folder, EXPIRED_TOKEN_LABEL, KEY_LABEL, "Người Hết Hạn",
                                   valid_from_days=-400, valid_to_days=-1),
    }
    return _HSM["tokens"]


def softhsm_token():
    return softhsm_tokens()["chairman"]


def database_text_containing(env, needle):
    """Every (table, column) of the database whose text holds ``needle``: what pg_dump would print
    of this transaction's data (pg_dump itself sees committed data only)."""
    env.flush_all()
    env.cr.execute("""
        SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'jsonb', 'bytea')
    """)
    found = []
    for table, column in env.cr.fetchall():
        env.cr.execute(f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608
                       [f"%{needle}%"])
        if env.cr.fetchone():
            found.append((table, column))
    return found


@tagged("post_install", "-at_install")
class TestTokenSigning(SignatureCommon):
    """PKCS#11: the Chairman's key on a SoftHSM2 token, the PIN typed at signing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token_ca, cls.token_cert = softhsm_token()
        sign_with_token(cls)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Token ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _sign_with_pin(self, pin):
        action = self.decision.with_user(self.user_manager).action_sign()
        self.assertEqual(action["res_model"], "thidua.sign.wizard", "the PIN is asked in a dialog")
        Wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"])
        wizard = Wizard.create({"pin": pin})
        return wizard.action_confirm()

    def test_signed_on_the_token(self):
        self._sign_with_pin(PIN)
        decision = self.decision
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.signature_holder, "Nguyễn Văn Chủ Tịch")
        _signature, status = pdf_signature_status(decision.signed_pdf_id.raw, self.token_ca)
        self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
        self.assertEqual(status.coverage.name, "ENTIRE_FILE")
        code, out = pdfsig(decision.signed_pdf_id.raw)
        self.assertEqual(code, 0, out)
        self.assertIn("Signature is Valid", out)
        self.assertIn("Nguyễn Văn Chủ Tịch", out)
        # the certificates too, with the same key and session
        _signature, status = pdf_signature_status(decision.certificate_pdf_id.raw, self.token_ca)
        self.assertTrue(status.intact and status.valid)
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})

    def test_wrong_pin_numbers_nothing(self):
        with self.assertRaisesRegex(UserError, "Mã PIN không đúng") as caught:
            self._sign_with_pin("0000-sai")
        self.assertIn("Chưa có số hay chữ ký nào", str(caught.exception))
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.name)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})
        # the right PIN afterwards: the year's first number, nothing was consumed
        self._sign_with_pin(PIN)
        self.assertEqual(self.decision.name, "01/QĐ-UBND")

    def test_the_pin_is_kept_nowhere(self):
        self._sign_with_pin(PIN)
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(database_text_containing(self.env, PIN), [])
        self.assertNotIn("pin", self.env["thidua.sign.wizard"]._fields["pin"].column_type or "")
        self.env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = "
                            "'thidua_sign_wizard' AND column_name = 'pin'")
        self.assertFalse(self.env.cr.fetchall(), "no column can hold a PIN")

    def test_tries_left_as_the_token_tells(self):
        from pkcs11 import TokenFlag

        messages = {flag: signers.pin_refusal(self.env, flag) for flag in (
            TokenFlag(0), TokenFlag.USER_PIN_COUNT_LOW, TokenFlag.USER_PIN_FINAL_TRY, TokenFlag.USER_PIN_LOCKED)}
        self.assertIn("còn một lần thử", messages[TokenFlag.USER_PIN_FINAL_TRY])
        self.assertIn("còn ít lần thử", messages[TokenFlag.USER_PIN_COUNT_LOW])
        self.assertIn("bị khóa", messages[TokenFlag.USER_PIN_LOCKED])
        self.assertNotIn("lần thử", messages[TokenFlag(0)], "SoftHSM2 tells nothing: nothing is invented")

    def test_hsm_pin_from_the_server_configuration(self):
        with patch.dict(config.options, {signers.PKCS11_PIN_OPTION + TOKEN_LABEL.lower(): PIN}):
            self.assertIs(self.decision.with_user(self.user_manager).action_sign(), True)
        self.assertEqual(self.decision.state, "signed")
        self.assertTrue(self.decision.is_digitally_signed)

    def test_only_listed_modules_are_loaded(self):
        with self.assertRaises(ValidationError):
            self.unit_district.with_user(self.user_manager).write({"sign_pkcs11_module": "/usr/lib/libc.so.6"})
        with patch.dict(config.options, {signers.PKCS11_MODULES_OPTION: ""}):
            with self.assertRaisesRegex(UserError, "thidua_pkcs11_modules"):
                self._sign_with_pin(PIN)
        self.assertFalse(self.decision.name)

    def test_the_pin_dialog_is_the_managers(self):
        action = self.decision.with_user(self.user_manager).action_sign()
        for user in (self.user_appraiser, self.user_commune_a):
            with self.assertRaises(UserError):  # an AccessError is one too
                self.env["thidua.sign.wizard"].with_user(user).with_context(**action["context"]).create({"pin": PIN})
        self.assertEqual(self.decision.state, "draft")


def sign_with_token(cls):
    """The test district signs with the SoftHSM2 token (its module allowed by the configuration)."""
    cls.startClassPatcher(patch.dict(config.options, {signers.PKCS11_MODULES_OPTION: SOFTHSM_MODULE}))
    cls.unit_district.with_user(cls.user_manager).write({
        "sign_backend": "pkcs11", "sign_pkcs11_module": SOFTHSM_MODULE,
        "sign_pkcs11_token_label": TOKEN_LABEL, "sign_pkcs11_key_label": KEY_LABEL,
    })


def sign_elsewhere_with(cls):
    """The test district signs elsewhere with ``cls.cert``: the manager uploads it on the unit."""
    from cryptography.hazmat.primitives import serialization

    cls.unit_district.with_user(cls.user_manager).write({
        "sign_backend": "upload",
        "sign_upload_certificate": base64.b64encode(cls.cert.public_bytes(serialization.Encoding.PEM)),
        "sign_upload_certificate_filename": "chu_tich.cer",
    })


@tagged("post_install", "-at_install")
class TestSignedElsewhere(SignatureCommon):
    """The key stays on the signer's token: the prepared PDF is signed elsewhere and uploaded back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sign_elsewhere_with(cls)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Ký ngoài ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def sign_elsewhere(self, pdf, p12=None, field="ChuKyChuTich"):
        """What the agency's signing tool does: one signature appended as an incremental update."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers as hanko_signers

        from ..tools import pdf_signing

        signer = pdf_signing.load_signer(self.env, p12, PASSWORD).signer
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = hanko_signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
        return hanko_signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()

    def _prepare(self):
        self.decision.with_user(self.user_manager).action_prepare_signature()
        self.assertEqual(self.decision.name, "01/QĐ-UBND", "the number is fixed on the PDF to sign")
        self.assertEqual(self.decision.state, "draft")
        return self.decision.prepared_pdf_id.raw

    def _upload(self, signed):
        action = self.decision.with_user(self.user_manager).action_upload_signed()
        Wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"])
        vals = {"signed_file": base64.b64encode(signed), "signed_file_name": "da_ky.pdf"}
        if self.decision.prepared_certificate_pdf_id:
            # the certificates prepared with it, signed as they are (test_signed_certificates.py checks them)
            certificates = self.sign_elsewhere(self.decision.prepared_certificate_pdf_id.raw, self.p12)
            vals.update(signed_certificates_file=base64.b64encode(certificates))
        wizard = Wizard.create(vals)
        return wizard.action_confirm()

    def _assert_refused(self, signed, message):
        with self.assertRaisesRegex(UserError, message):
            self._upload(signed)
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})

    def test_an_upload_never_skips_the_clerk(self):
        """With an agency signature the clerk gives the number and signs after the Chairman: the
        manager cannot choose both, and a body configured so before that rule issues nothing by upload."""
        prepared = self._prepare()
        with self.assertRaisesRegex(ValidationError, "ký ở nơi khác chỉ dành cho"):
            self.unit_district.with_user(self.user_manager).write({"agency_sign_backend": "pkcs11"})
        # saved before the rule: the prepared decision's upload is refused, nothing is issued
        self.env.cr.execute("UPDATE thidua_unit SET agency_sign_backend = 'pkcs11' WHERE id = %s",
                            [self.unit_district.id])
        self.unit_district.invalidate_recordset()
        self._assert_refused(self.sign_elsewhere(prepared, self.p12), "văn thư cấp số")
        other = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Khác "), sign=False)
        with self.assertRaisesRegex(UserError, "văn thư cấp số"):
            other.with_user(self.user_manager).action_prepare_signature()
        self.assertFalse(other.name, "no number drawn")

    def test_prepared_pdf_signed_elsewhere_is_accepted(self):
        with self.assertRaisesRegex(UserError, "ký ở nơi khác"):
            self.decision.with_user(self.user_manager).action_sign()
        prepared = self._prepare()
        text = self.pdf_text(prepared)
        self.assertIn("Số: 01/QĐ-UBND", " ".join(text.split()))
        self.assertNotIn("DỰ THẢO", text)
        # the prepared content is fixed
        with self.assertRaisesRegex(UserError, "đã được chuẩn bị để ký"):
            self.decision.with_user(self.user_manager).write({"subject": "Về việc khác"})
        with self.assertRaisesRegex(UserError, "đã được chuẩn bị để ký"):
            self.decision.line_ids[:1].with_user(self.user_manager).unlink()
        self.assertEqual(self.render_pdf("chilang_thidua.action_report_decision", self.decision), prepared)

        signed = self.sign_elsewhere(prepared, self.p12)
        self._upload(signed)
        decision = self.decision
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.signed_pdf_id.raw, signed, "the uploaded file is the document of record")
        self.assertEqual(decision.signature_holder, "Ủy ban nhân dân huyện Thử Nghiệm")
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
        self.assertEqual(self.render_pdf("chilang_thidua.action_report_decision", decision), signed)
        code, out = pdfsig(signed)
        self.assertEqual(code, 0, out)
        self.assertIn("Signature is Valid", out)
        self.assertIn("Total document signed", out)

    def test_signed_over_other_bytes_is_refused(self):
        prepared = self._prepare()
        # the same decision rendered again (another file), or the prepared one with one byte changed
        position = prepared.index(b"stream", len(prepared) // 10) + 40
        other = bytearray(prepared)
        other[position] ^= 0x01
        self._assert_refused(self.sign_elsewhere(bytes(other), self.p12), "không phải là tệp PDF đã chuẩn bị")
        self._assert_refused(prepared, "không phải là tệp PDF đã chuẩn bị")  # not signed at all

    def test_signed_by_another_certificate_is_refused(self):
        prepared = self._prepare()
        _ca, _cert, other_p12 = make_pki(holder="Người khác")
        self._assert_refused(self.sign_elsewhere(prepared, other_p12), "Người khác")

    def test_change_appended_after_signing_is_refused(self):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.stamp import TextStamp, TextStampStyle

        prepared = self._prepare()
        signed = self.sign_elsewhere(prepared, self.p12)
        # an incremental update after the signature: another number written on page 1
        writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        TextStamp(writer, style=TextStampStyle(stamp_text="Số: 99/QĐ-UBND")).apply(dest_page=0, x=60, y=60)
        out = io.BytesIO()
        writer.write(out)
        self._assert_refused(out.getvalue(), "sau khi ký")

    def test_page_changed_in_the_signing_revision_is_refused(self):
        """A tool that edits the page and signs in one go: the prepared bytes are still the prefix."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers as hanko_signers
        from pyhanko.stamp import TextStamp, TextStampStyle

        from ..tools import pdf_signing

        prepared = self._prepare()
        writer = IncrementalPdfFileWriter(io.BytesIO(prepared), strict=False)
        TextStamp(writer, style=TextStampStyle(stamp_text="Số: 99/QĐ-UBND")).apply(dest_page=0, x=60, y=60)
        signer = pdf_signing.load_signer(self.env, self.p12, PASSWORD).signer
        meta = hanko_signers.PdfSignatureMetadata(field_name="ChuKy", md_algorithm="sha256")
        signed = hanko_signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()
        self._assert_refused(signed, "nhiều hơn một chữ ký")

    def test_upload_before_preparing_and_by_others(self):
        with self.assertRaisesRegex(UserError, "chuẩn bị"):
            self._upload(b"%PDF-1.4")
        prepared = self._prepare()
        signed = self.sign_elsewhere(prepared, self.p12)
        for user in (self.user_appraiser, self.user_commune_a):
            with self.assertRaises(UserError):  # an AccessError is one too
                self.decision.with_user(user).action_upload_signed()
        self.assertEqual(self.decision.state, "draft")
        self._upload(signed)
        self.assertEqual(self.decision.state, "signed")


def set_up_two_signatures(cls):
    """The test body signs in two steps: the Chairman with the token (PIN typed), the agency with an
    HSM whose PIN is in the server's configuration; ``cls.user_clerk`` issues."""
    tokens = softhsm_tokens()
    cls.chairman_ca, _cert = tokens["chairman"]
    cls.agency_ca, _cert = tokens["agency"]
    cls.startClassPatcher(patch.dict(config.options, {
        signers.PKCS11_MODULES_OPTION: SOFTHSM_MODULE,
        signers.PKCS11_PIN_OPTION + AGENCY_TOKEN_LABEL.lower(): PIN,
    }))
    cls.unit_district.with_user(cls.user_manager).write({
        "sign_backend": "pkcs11", "sign_pkcs11_module": SOFTHSM_MODULE,
        "sign_pkcs11_token_label": TOKEN_LABEL, "sign_pkcs11_key_label": KEY_LABEL,
        "agency_sign_backend": "pkcs11", "agency_pkcs11_module": SOFTHSM_MODULE,
        "agency_pkcs11_token_label": AGENCY_TOKEN_LABEL, "agency_pkcs11_key_label": AGENCY_KEY_LABEL,
    })
    cls.user_clerk = new_test_user(cls.env, "t_van_thu", groups="chilang_thidua.group_thidua_clerk",
                                   name="Văn thư UBND", lang="vi_VN")


@tagged("post_install", "-at_install")
class TestTwoSignatures(HttpCase, SignatureCommon):
    """NĐ 30/2020 Art. 32 over JSON-RPC with real users: the Chairman signs with their token (PIN
    typed), then the clerk numbers, dates and applies the agency's signature (an HSM whose PIN is in
    the server's configuration)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_two_signatures(cls)

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Hai chữ ký ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def _chairman_signs(self):
        self.authenticate(self.user_manager.login, self.user_manager.login)
        action = self._call("thidua.decision", "action_sign", [self.decision.id])
        self.assertEqual(action["res_model"], "thidua.sign.wizard")
        self._call("thidua.sign.wizard", "create", {"pin": PIN}, context=action["context"])

    def test_chairman_then_clerk(self):
        self._chairman_signs()
        decision = self.decision
        decision.invalidate_recordset()
        self.assertTrue(decision.awaiting_issue)
        self.assertEqual(decision.state, "draft", "signed only when both signatures are on it")
        self.assertFalse(decision.name, "the clerk gives the number")
        self.assertEqual(decision.signature_holder, "Nguyễn Văn Chủ Tịch")
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})
        # the Chairman cannot issue, the clerk cannot sign as the Chairman
        with self.assertRaises(JsonRpcException):
            self._call("thidua.decision", "action_issue", [decision.id])
        self.authenticate(self.user_clerk.login, self.user_clerk.login)
        with self.assertRaises(JsonRpcException):
            self._call("thidua.decision", "action_sign", [decision.id])
        self.assertIs(self._call("thidua.decision", "action_issue", [decision.id]), True)

        decision.invalidate_recordset()
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(decision.issued_by_id, self.user_clerk)
        self.assertEqual(decision.signed_by_id, self.user_manager)
        self.assertEqual(decision.agency_signature_holder, "Ủy ban nhân dân huyện Thử Nghiệm")
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
        pdf = decision.signed_pdf_id.raw
        self.assertTrue(pdf.startswith(decision.prepared_pdf_id.raw), "the Chairman's file, then the agency's")
        code, out = pdfsig(pdf)
        self.assertEqual(code, 0, out)
        self.assertEqual(out.count("Signature is Valid"), 2, out)
        self.assertIn("Nguyễn Văn Chủ Tịch", out)
        self.assertIn("Ủy ban nhân dân huyện Thử Nghiệm", out)
        self.assertIn("Total document signed", out, "the agency's signature covers the whole file")

        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        self.assertEqual([s.field_name for s in signatures], ["ChuKyNguoiCoThamQuyen", "ChuKySoCoQuan"])
        for signature, ca in zip(signatures, (self.chairman_ca, self.agency_ca), strict=True):
            root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
            status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root], allow_fetching=False))
            self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
        # the public check lists both: the person's, countersigned, then the agency's, whole
        from ..tools import pdf_signing

        checked = pdf_signing.check_pdf(pdf, {decision.signature_cert_sha256, decision.agency_cert_sha256})
        self.assertEqual([(c["role"], c["intact"], c["whole"], c["known"], c["countersigned"]) for c in checked],
                         [("person", True, False, True, True), ("agency", True, True, True, False)])
        # what the clerk added after the Chairman signed is a signature field only
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[], allow_fetching=False))
        self.assertLessEqual(status.modification_level.value, 2, status.pretty_print_details())

    def _refusal(self, model, method, *args, **kwargs):
        """The message the user reads when a JSON-RPC call is refused."""
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call",
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }), headers={"Content-Type": "application/json"})
        return response.json()["error"]["data"]["message"]

    def test_wrong_pin_of_the_chairman_numbers_nothing(self):
        self.authenticate(self.user_manager.login, self.user_manager.login)
        action = self._call("thidua.decision", "action_sign", [self.decision.id])
        message = self._refusal("thidua.sign.wizard", "create", {"pin": "sai-pin"},
                                context=dict(action["context"], lang="vi_VN"))
        self.assertIn("Mã PIN không đúng", message)
        self.assertIn("Chưa có số hay chữ ký nào", message)
        self.decision.invalidate_recordset()
        self.assertFalse(self.decision.awaiting_issue)
        self.assertFalse(self.decision.name)

    def test_a_body_without_agency_signature_keeps_one_step(self):
        self.unit_district.with_user(self.user_manager).write({"agency_sign_backend": "none"})
        self._chairman_signs()
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertFalse(self.decision.awaiting_issue)
