"""The signing dialog in the browser (headless Chromium), as the Chairman's office uses it: the PIN
typed for a PKCS#11 token, and the PDF signed elsewhere uploaded back through the dialog's file input.
The same backends through the ORM and JSON-RPC: test_signing_backends.py."""

import shutil

from odoo.tests import HttpCase, tagged

from . import test_signing_backends
from .test_signature import SignatureCommon
from .test_signing_backends import (
    PIN,
    set_up_two_signatures,
    softhsm_token,
)


class SigningTourCommon(HttpCase, SignatureCommon):
    browser_size = "1366x900"

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("digital signature tests skipped: wkhtmltopdf is not installed (see README)")
        self.dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Trình duyệt ")
        self.decision = self._make_decision(self.dossiers, sign=False)

    def _tour(self, name, login=None):
        url = f"/odoo/action-chilang_thidua.thidua_decision_action/{self.decision.id}"
        self.start_tour(url, name, login=login or self.user_manager.login)
        self.decision.invalidate_recordset()


@tagged("post_install", "-at_install")
class TestTokenSigningTour(SigningTourCommon):
    """PKCS#11 (SoftHSM2): Sign, the PIN typed in the dialog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        softhsm_token()
        test_signing_backends.sign_with_token(cls)

    def test_pin_typed_in_the_dialog_signs(self):
        self._tour("chilang_thidua_sign_token_pin")
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.signature_holder, "Nguyễn Văn Chủ Tịch")
        self.assertEqual(self.decision.signed_by_id, self.user_manager)
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})

    def test_wrong_pin_is_refused_in_the_dialog(self):
        self._tour("chilang_thidua_sign_token_wrong_pin")
        self.assertEqual(self.decision.state, "draft")
        self.assertFalse(self.decision.name)
        self.assertFalse(self.decision.signed_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"approved"})


@tagged("post_install", "-at_install")
class TestSignedElsewhereTour(SigningTourCommon):
    """Prepare PDF to Sign, then Upload Signed PDF: the file chosen in the dialog's file input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        test_signing_backends.sign_elsewhere_with(cls)

    # what the agency's signing tool does (the ORM tests' helper)
    sign_elsewhere = test_signing_backends.TestSignedElsewhere.sign_elsewhere

    def test_prepared_signed_elsewhere_and_uploaded(self):
        self._tour("chilang_thidua_prepare_to_sign")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.state, "draft")
        signed = self.sign_elsewhere(self.decision.prepared_pdf_id.raw, self.p12)
        # the file on the manager's disk, as the signing tool left it
        certificates = self.sign_elsewhere(self.decision.prepared_certificate_pdf_id.raw, self.p12)
        self.env["ir.attachment"].with_user(self.user_manager).create([
            {"name": "tour_signed_decision.pdf", "raw": signed, "mimetype": "application/pdf"},
            {"name": "tour_signed_certificates.pdf", "raw": certificates, "mimetype": "application/pdf"},
        ])
        self._tour("chilang_thidua_upload_signed")
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.signed_pdf_id.raw, signed, "the uploaded file is the document of record")
        self.assertEqual(self.decision.certificate_pdf_id.raw, certificates, "and the certificates uploaded with it")
        self.assertEqual(self.dossiers.certificate_pdf_id, self.decision.certificate_pdf_id)
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})


@tagged("post_install", "-at_install")
class TestClerkIssueTour(SigningTourCommon):
    """Two signatures: the Chairman signs with the PIN, then the clerk presses Issue in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_two_signatures(cls)

    def test_clerk_issues_in_the_browser(self):
        action = self.decision.with_user(self.user_manager).action_sign()
        self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"pin": PIN})
        self.assertTrue(self.decision.awaiting_issue)
        self._tour("chilang_thidua_clerk_issue", login=self.user_clerk.login)
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual(self.decision.name, "01/QĐ-UBND")
        self.assertEqual(self.decision.issued_by_id, self.user_clerk)
        self.assertEqual(self.decision.signed_by_id, self.user_manager)
        self.assertEqual(set(self.dossiers.mapped("state")), {"awarded"})
