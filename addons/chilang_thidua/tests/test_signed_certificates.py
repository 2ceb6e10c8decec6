"""The certificates (Giấy khen) follow the decision's signing path.

- two signatures: the Chairman signs the certificates with the decision (one PIN, SoftHSM2 token),
  the clerk's issue applies the agency's signature to each of them (an HSM);
- signed elsewhere: the batch of certificates is prepared with the decision, signed by the same
  signer (pyHanko standing for the desktop tool) and uploaded through the signing dialog.
"""

import base64
import hashlib
import io
import shutil

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, JsonRpcException, tagged

from ..tools import pdf_signing
from .test_insider_issuance import CERTIFICATE_URL
from .test_signature import PASSWORD, SignatureCommon, pdfsig
from .test_signing_backends import PIN, set_up_two_signatures, sign_elsewhere_with

CERTIFICATE = "chilang_thidua.action_report_certificate"


def sign_elsewhere(env, pdf, p12, field="ChuKyChuTich"):
    """What the signer's desktop tool does: one signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers as hanko_signers

    signer = pdf_signing.load_signer(env, p12, PASSWORD).signer
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = hanko_signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
    return hanko_signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()


def signature_count(pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)


class CertificatePathCommon(HttpCase, SignatureCommon):

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdfsig"):
            self.skipTest("signed certificate tests need wkhtmltopdf and poppler (see README)")

    def _ordered(self):
        return self.decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id

    def _text(self, pdf):
        return " ".join(self.pdf_text(pdf).split())

    def _portal_download(self, dossier):
        """The school's portal officer downloads their unit's certificate (the report route)."""
        self.assertEqual(dossier.unit_id, self.unit_school)
        self.authenticate(self.user_portal_school.login, self.user_portal_school.login)
        response = self.url_open(CERTIFICATE_URL % dossier.id, timeout=120)
        self.assertEqual(response.status_code, 200)
        return response.content


@tagged("post_install", "-at_install")
class TestCertificatesTwoSignatures(CertificatePathCommon):
    """The Chairman's token signs the decision and its certificates at once; the clerk's issue
    applies the agency's signature, with the number and date, to every certificate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_two_signatures(cls)

    def setUp(self):
        super().setUp()
        self.dossiers = self._make_dossiers(collectives=1, individuals=2, prefix="Hai chữ ký GK ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _chairman_signs(self):
        action = self.decision.with_user(self.user_manager).action_sign()
        self.assertEqual(action["res_model"], "thidua.sign.wizard", "the PIN is asked once, in the dialog")
        wizard = self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"])
        wizard.create({"pin": PIN}).action_confirm()

    def test_every_certificate_carries_both_signatures(self):  # noqa: PLR0915 - one signing, checked file by file
        self._chairman_signs()
        decision, ordered = self.decision, self._ordered()
        self.assertTrue(decision.awaiting_issue)
        # the Chairman's certificates, unnumbered, kept with the decision: nothing on the dossiers yet
        self.assertFalse(decision.certificate_pdf_id)
        self.assertFalse(ordered.certificate_pdf_id)
        self.assertFalse(ordered.filtered("certificate_pdf_sha256"))
        chairman_batch = decision.prepared_certificate_pdf_id.raw
        chairman_singles = [line.prepared_certificate_pdf_id.raw
                            for line in decision.line_ids.sorted(lambda line: (line.sequence, line.id))]
        self.assertEqual(self.pdf_pages(chairman_batch), 3)
        for pdf in (chairman_batch, *chairman_singles):
            code, out = pdfsig(pdf)
            self.assertEqual(code, 0, out)
            self.assertEqual(out.count("Signature is Valid"), 1, out)
            self.assertIn("Nguyễn Văn Chủ Tịch", out)
        text = self._text(chairman_singles[0])
        self.assertNotIn("DỰ THẢO", text)
        self.assertIn("Ký bởi: Nguyễn Văn Chủ Tịch", text)
        self.assertNotIn("01/QĐ", text, "the clerk gives the number")
        self.assertRegex(text, r"Quyết định số\s+Số sổ vàng", "the decision's number left blank")
        self.assertNotIn("ngày 05 tháng 12", text, "and its date")
        # the blanks are the empty fields the agency's revision fills, on every certificate alone
        for pdf in chairman_singles:
            self.assertEqual(set(pdf_signing.slot_rects(pdf)), {pdf_signing.PLACE_NUMBER, pdf_signing.PLACE_DATE})
        tokens = ordered.mapped("verify_token")
        self.assertTrue(all(tokens))
        self.assertIn(f"/thidua/verify/{ordered[0].verify_token}", "".join(text.split()),
                      "the QR's link is printed with it")
        # meanwhile a dossier's certificate prints as a preview, never as the Chairman's file
        preview = self.render_pdf(CERTIFICATE, ordered[0], user=self.user_manager)
        self.assertIn("DỰ THẢO", self.pdf_text(preview))
        self.assertEqual(signature_count(preview), 0)

        # its QR code leads to no valid award until the clerk issues it
        self.assertNotIn("Khen thưởng hợp lệ", self.url_open(f"/thidua/verify/{ordered[0].verify_token}").text)

        self.assertIs(decision.with_user(self.user_clerk).action_issue(), True)
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.name, "01/QĐ-UBND")
        self.assertEqual(ordered.mapped("verify_token"), tokens, "the tokens printed before the issue stay valid")
        page = self.url_open(f"/thidua/verify/{ordered[0].verify_token}").text
        self.assertIn("Khen thưởng hợp lệ", page)
        self.assertIn(ordered[0].certificate_pdf_sha256 or "?", page)
        files = [(decision.certificate_pdf_id, decision.certificate_pdf_sha256, chairman_batch)] + [
            (dossier.certificate_pdf_id, dossier.certificate_pdf_sha256, chairman)
            for dossier, chairman in zip(ordered, chairman_singles, strict=True)
        ]
        for attachment, sha256, chairman in files:
            pdf = attachment.raw
            self.assertTrue(pdf.startswith(chairman), "the Chairman's file, then the agency's signature")
            self.assertEqual(sha256, hashlib.sha256(pdf).hexdigest())
            code, out = pdfsig(pdf)
            self.assertEqual(code, 0, out)
            self.assertEqual(out.count("Signature is Valid"), 2, out)
            self.assertIn("Nguyễn Văn Chủ Tịch", out)
            self.assertIn("Ủy ban nhân dân huyện Thử Nghiệm", out)
            self.assertIn("Total document signed", out, "the agency's signature covers the whole file")
            checked = pdf_signing.check_pdf(pdf, {decision.signature_cert_sha256, decision.agency_cert_sha256})
            self.assertEqual([(c["role"], c["intact"], c["known"]) for c in checked],
                             [("person", True, True), ("agency", True, True)])
        self.assertEqual([attachment.res_model for attachment in ordered.certificate_pdf_id],
                         ["thidua.dossier"] * 3)
        # the agency's revision writes the number and date in the certificate's own lines, and its
        # seal over the left third of the Chairman's signature
        single = ordered[0].certificate_pdf_id.raw
        single_text = self._text(single)
        self.assertIn("01/QĐ-UBND ngày 05/12/2024", single_text)
        self.assertIn("Thử Nghiệm, ngày 05 tháng 12 năm 2024", " ".join(single_text.split()))
        rects = pdf_signing.signature_rects(single)
        chairman_box, seal = rects["ChuKyNguoiCoThamQuyen"], rects[pdf_signing.SIGNATURE_FIELD]
        self.assertAlmostEqual(seal[2], chairman_box[0] + (chairman_box[2] - chairman_box[0]) / 3, delta=0.5)

        # the prints are the issued files, byte for byte, for the office and the unit's portal officer
        for dossier in ordered:
            self.assertEqual(self.render_pdf(CERTIFICATE, dossier, user=self.user_manager),
                             dossier.certificate_pdf_id.raw)
        self.assertEqual(self.render_pdf(CERTIFICATE, ordered, user=self.user_appraiser),
                         decision.certificate_pdf_id.raw)
        school = ordered.filtered(lambda dossier: dossier.unit_id == self.unit_school)
        self.assertEqual(self._portal_download(school), school.certificate_pdf_id.raw)


    def test_only_the_signing_links_certificates(self):
        """A manager cannot hand the clerk another file as the Chairman's certificate (JSON-RPC)."""
        self.authenticate(self.user_manager.login, self.user_manager.login)
        forged = self.env["ir.attachment"].with_user(self.user_manager).create({
            "name": "gia_mao.pdf", "raw": b"%PDF-1.4 gia mao", "mimetype": "application/pdf"})
        line = self.decision.line_ids[:1]
        for model, record, values in (
            ("thidua.decision.line", line, {"prepared_certificate_pdf_id": forged.id}),
            ("thidua.decision", self.decision, {"prepared_certificate_pdf_id": forged.id}),
            ("thidua.dossier", line.dossier_id, {"certificate_page": 2}),
        ):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request("/web/dataset/call_kw", {
                    "model": model, "method": "write", "args": [record.ids, values], "kwargs": {}})
        self._chairman_signs()
        self.assertNotEqual(line.prepared_certificate_pdf_id, forged)
        self.assertFalse(line.dossier_id.certificate_page)


@tagged("post_install", "-at_install")
class TestCertificatesSignedElsewhere(CertificatePathCommon):
    """The signer signs two files wherever the key is: the decision and its batch of certificates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sign_elsewhere_with(cls)

    def setUp(self):
        super().setUp()
        self.dossiers = self._make_dossiers(collectives=1, individuals=2, prefix="Ký ngoài GK ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _prepare(self):
        self.decision.with_user(self.user_manager).action_prepare_signature()
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        return self.decision.prepared_pdf_id.raw, self.decision.prepared_certificate_pdf_id.raw

    def _dialog(self):
        """The signing dialog as the button opens it (a saved dialog: its files are downloaded from it)."""
        action = self.decision.with_user(self.user_manager).action_upload_signed()
        self.assertEqual(action["res_model"], "thidua.sign.wizard")
        return self.env["thidua.sign.wizard"].with_user(self.user_manager).browse(action["res_id"])

    def _upload(self, decision_pdf, certificates_pdf):
        """The user picks both signed files in the dialog (the file widget saves each with its name)
        and clicks Sign."""
        wizard = self._dialog()
        wizard.web_save({
            "signed_file": base64.b64encode(decision_pdf).decode(), "signed_file_name": "quyet_dinh_da_ky.pdf",
            "signed_certificates_file": base64.b64encode(certificates_pdf).decode(),
            "signed_certificates_file_name": "giay_khen_da_ky.pdf",
        }, {})
        return wizard.action_confirm()

    def test_certificates_prepared_signed_and_uploaded(self):
        prepared, prepared_certificates = self._prepare()
        ordered = self._ordered()
        # the batch to sign: number and date filled, final, unsigned
        text = self._text(prepared_certificates)
        self.assertNotIn("DỰ THẢO", text)
        self.assertIn("Quyết định số 01/QĐ-UBND ngày 05/12/2024", text)
        self.assertEqual(self.pdf_pages(prepared_certificates), 3)
        self.assertEqual(signature_count(prepared_certificates), 0)
        self.assertFalse(ordered.certificate_pdf_id, "nothing is issued before the upload")
        preview = self.render_pdf(CERTIFICATE, ordered[0], user=self.user_manager)
        self.assertIn("DỰ THẢO", self.pdf_text(preview), "a dossier prints a preview until the upload")
        # the signer downloads both files from the dialog
        wizard = self._dialog()
        self.assertEqual(base64.b64decode(wizard.prepared_pdf), prepared)
        self.assertEqual(base64.b64decode(wizard.prepared_certificates), prepared_certificates)

        signed = sign_elsewhere(self.env, prepared, self.p12)
        signed_certificates = sign_elsewhere(self.env, prepared_certificates, self.p12)
        self._upload(signed, signed_certificates)
        decision = self.decision
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.signed_pdf_id.raw, signed)
        self.assertEqual(decision.certificate_pdf_id.raw, signed_certificates, "the uploaded batch, as signed")
        self.assertEqual(decision.certificate_pdf_sha256, hashlib.sha256(signed_certificates).hexdigest())
        code, out = pdfsig(signed_certificates)
        self.assertEqual(code, 0, out)
        self.assertIn("Signature is Valid", out)
        self.assertIn("Total document signed", out)
        # each dossier's certificate of record is its page of the signed batch
        self.assertEqual(ordered.mapped("certificate_page"), [1, 2, 3])
        for dossier in ordered:
            self.assertEqual(dossier.certificate_pdf_id, decision.certificate_pdf_id)
            self.assertEqual(dossier.certificate_pdf_sha256, decision.certificate_pdf_sha256)
            self.assertIn(dossier.nominee_name, " ".join(self._poppler(
                "pdftotext", signed_certificates, "-f", str(dossier.certificate_page), "-l",
                str(dossier.certificate_page), "-enc", "UTF-8").split()))
            self.assertEqual(self.render_pdf(CERTIFICATE, dossier, user=self.user_manager), signed_certificates)
        # printing part of the list compiles the pages (unsigned, said so on its cover)
        compiled = self.render_pdf(CERTIFICATE, ordered[2] | ordered[0], user=self.user_manager)
        self.assertEqual(self.pdf_pages(compiled), 3)
        self.assertEqual(signature_count(compiled), 0)
        school = ordered.filtered(lambda dossier: dossier.unit_id == self.unit_school)
        self.assertEqual(self._portal_download(school), signed_certificates)
        # the QR code's page lists the signed batch once, as the decision's certificates
        page = self.url_open(f"/thidua/verify/{school.verify_token}").text
        self.assertEqual(page.count(decision.certificate_pdf_sha256), 1)
        self.assertIn("Giấy khen của quyết định", page)
        self.assertNotIn("tệp riêng", page)

    def _assert_refused(self, decision_pdf, certificates_pdf, *messages):
        with self.assertRaises(UserError) as caught:
            self._upload(decision_pdf, certificates_pdf)
        for message in messages:
            self.assertIn(message, str(caught.exception))
        self.decision.invalidate_recordset()
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertFalse(self.decision.certificate_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})
        self.assertFalse(self.dossiers.certificate_pdf_id)

    def test_certificates_signed_over_other_bytes_are_refused(self):
        prepared, prepared_certificates = self._prepare()
        signed = sign_elsewhere(self.env, prepared, self.p12)
        # the certificates rendered again elsewhere (other bytes), then signed
        position = prepared_certificates.index(b"stream", len(prepared_certificates) // 10) + 40
        other = bytearray(prepared_certificates)
        other[position] ^= 0x01
        self._assert_refused(signed, sign_elsewhere(self.env, bytes(other), self.p12),
                             "giấy khen", "giay_khen_da_ky.pdf", "không phải là tệp PDF đã chuẩn bị")
        # the decision's file is checked against the decision's prepared bytes, not the certificates'
        self._assert_refused(sign_elsewhere(self.env, prepared_certificates, self.p12), signed,
                             "quyết định", "quyet_dinh_da_ky.pdf")
        # both files right: accepted
        self._upload(signed, sign_elsewhere(self.env, prepared_certificates, self.p12))
        self.assertEqual(self.decision.state, "signed")

    def test_certificates_come_with_the_decision(self):
        prepared, _prepared_certificates = self._prepare()
        wizard = self._dialog()
        # the dialog asks for both files
        with self.assertRaisesRegex(AssertionError, "signed_certificates_file"), Form(wizard) as form:
            form.signed_file = base64.b64encode(sign_elsewhere(self.env, prepared, self.p12))
        # a client that leaves out the certificates anyway
        wizard.write({"signed_file": base64.b64encode(sign_elsewhere(self.env, prepared, self.p12)),
                      "signed_file_name": "quyet_dinh_da_ky.pdf"})
        with self.assertRaisesRegex(UserError, "giấy khen"):
            wizard.action_confirm()
        self.assertEqual(self.decision.state, "draft")
