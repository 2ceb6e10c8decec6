"""Insiders cannot get a signed document the Chairman never signed.

Each attack is made as the real role over HTTP / JSON-RPC: printing after renaming the issuing body,
printing a selection, making an issued file public, a crafted upload to the public verification
page, an import that claims one of this database's decisions.
"""

import io
import json
import logging
import re
import shutil
import time

from odoo.tests import HttpCase, JsonRpcException, tagged

from .test_signature import SignatureCommon, pdf_signature_status, pdfsig

_logger = logging.getLogger(__name__)

# Odoo renders HTML instead of PDF in test mode unless asked: the context key asks for the PDF a
# production server renders (it grants nothing)
CERTIFICATE_URL = ("/report/pdf/chilang_thidua.report_certificate/%s"
                   "?context=%%7B%%22force_report_rendering%%22%%3A%%20true%%7D")


def signature_count(pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)


def with_signature_fields(pdf, count):
    """``pdf`` plus an incremental update adding ``count`` signature fields that all point to its
    existing signature value (a crafted file: every field validates the same signature again)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    acroform = writer.root["/AcroForm"]
    fields = acroform["/Fields"]
    value = fields[0].get_object().raw_get("/V")
    new_fields = generic.ArrayObject(list(fields))
    for index in range(count):
        new_fields.append(writer.add_object(generic.DictionaryObject({
            generic.NameObject("/FT"): generic.NameObject("/Sig"),
            generic.NameObject("/T"): generic.TextStringObject(f"Them{index}"),
            generic.NameObject("/V"): value,
        })))
    acroform[generic.NameObject("/Fields")] = new_fields
    writer.update_container(acroform)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestInsiderIssuance(HttpCase, SignatureCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if shutil.which("wkhtmltopdf"):
            cls.dossiers = cls._make_dossiers(collectives=1, individuals=2, prefix="Nội bộ ")
            cls.decision = cls._make_decision(cls.dossiers)
            cls.ordered = cls.decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.skipTest("issuance tests need wkhtmltopdf and poppler")

    def _call(self, model, method, *args, **kwargs):
        # the web client sends the user's language with every call
        kwargs.setdefault("context", {"lang": "vi_VN"})
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def _call_error(self, model, method, *args, **kwargs):
        """The message of the error a JSON-RPC call answers (the test helper keeps only its name)."""
        kwargs.setdefault("context", {"lang": "vi_VN"})
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 0,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }), headers={"Content-Type": "application/json"})
        error = response.json().get("error")
        self.assertTrue(error, f"{model}.{method} was not refused")
        return error["data"]["message"]

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get_pdf(self, ids):
        response = self.url_open(CERTIFICATE_URL % ",".join(str(i) for i in ids), timeout=120)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"), response.content[:200])
        return response.content

    # ------------------------------------------------------------------
    # Printing returns what was issued
    # ------------------------------------------------------------------
    def test_each_certificate_is_stored_signed_at_issuance(self):
        for dossier in self.ordered:
            stored = dossier.certificate_pdf_id.raw
            self.assertEqual(dossier.certificate_pdf_id.res_model, "thidua.dossier")
            self.assertEqual(dossier.certificate_pdf_id.res_id, dossier.id)
            self.assertFalse(dossier.certificate_pdf_id.public)
            self.assertEqual(self.pdf_pages(stored), 1)
            _signature, status = pdf_signature_status(stored, self.ca)
            self.assertTrue(status.intact and status.valid and status.trusted, status.pretty_print_details())
            self.assertEqual(status.coverage.name, "ENTIRE_FILE")
            self.assertEqual(self._iso(status), self.decision.signature_time)
            self.assertIn(dossier.nominee_name, self.pdf_text(stored))

    def _iso(self, status):
        import datetime

        return status.signer_reported_dt.astimezone(datetime.timezone(datetime.timedelta(hours=7))).isoformat()

    def test_rename_then_print_returns_the_issued_file(self):
        """An appraiser renames the issuing body and its place, a manager the award form, the campaign's
        signer changes: the printed certificate is still the one issued, signed at the decision's time."""
        dossier = self.ordered[1]
        stored = dossier.certificate_pdf_id.raw
        batch = self.decision.certificate_pdf_id.raw
        authority = self.decision.number_authority_id
        self._login(self.user_appraiser)
        self._call("thidua.unit", "write", [authority.id], {
            "authority_name": "Ủy ban nhân dân huyện Thử Nghiệm GIẢ MẠO", "place_name": "Hà Nội"})
        self._call("thidua.campaign", "write", [self.campaign.id], {"signer_name": "Người Ký Giả"})
        self._login(self.user_manager)
        self._call("thidua.award.form", "write", [self.award_form.id], {"name": "Bằng khen giả mạo"})
        authority.invalidate_recordset()
        self.assertIn("GIẢ MẠO", authority.authority_name)

        self._login(self.user_appraiser)
        printed = self._get_pdf([dossier.id])
        self.assertEqual(printed, stored, "the print is the issued file, byte for byte")
        _signature, status = pdf_signature_status(printed, self.ca)
        self.assertTrue(status.intact and status.valid)
        self.assertEqual(self._iso(status), self.decision.signature_time, "signed at the decision's signing")
        text = self.pdf_text(printed).upper()
        self.assertIn("THỬ NGHIỆM", text)
        self.assertNotIn("GIẢ MẠO", text)
        self.assertNotIn("HÀ NỘI", text)
        if shutil.which("pdfsig"):
            _code, out = pdfsig(printed)
            self.assertEqual(out.count("Signature #"), 1, out)
        # the whole decision's list in its order: the batch stored with the decision
        self.assertEqual(self._get_pdf(self.ordered.ids), batch)
        # nothing issued was touched
        self.assertEqual(dossier.certificate_pdf_id.raw, stored)
        self.assertEqual(self.decision.certificate_pdf_id.raw, batch)

    def test_council_member_prints_stored_files_never_signed_anew(self):
        self._login(self.user_council)
        for dossier in self.ordered:
            self.assertEqual(self._get_pdf([dossier.id]), dossier.certificate_pdf_id.raw)
        subset = self.ordered[2] | self.ordered[0]  # not the decision's order, not its whole list
        merged = self._get_pdf(subset.ids)
        self.assertEqual(signature_count(merged), 0, "a compilation carries no signature")
        if shutil.which("pdfsig"):
            _code, out = pdfsig(merged)
            self.assertNotIn("Signature is Valid", out)
        self.assertEqual(self.pdf_pages(merged), 3)
        cover = " ".join(self._poppler("pdftotext", merged, "-f", "1", "-l", "1", "-enc", "UTF-8").split())
        self.assertIn("BẢN TẬP HỢP GIẤY KHEN (KHÔNG KÝ SỐ)", cover)
        self.assertIn("tệp riêng của từng giấy khen", cover)
        for page, dossier in enumerate(subset, start=2):
            text = " ".join(self._poppler("pdftotext", merged, "-f", str(page), "-l", str(page), "-enc",
                                          "UTF-8").split())
            self.assertEqual(text, self.pdf_text(dossier.certificate_pdf_id.raw), f"page {page}")

    def test_draft_prints_marked_and_unsigned(self):
        draft = self._make_dossiers(collectives=0, individuals=1, prefix="Chưa khen ")
        pdf = self.render_pdf("chilang_thidua.action_report_certificate", draft, user=self.user_appraiser)
        self.assertEqual(signature_count(pdf), 0)
        self.assertIn("DỰ THẢO", self.pdf_text(pdf))
        mixed = self.render_pdf("chilang_thidua.action_report_certificate", self.ordered[0] | draft,
                                user=self.user_council)
        self.assertEqual(signature_count(mixed), 0)
        self.assertEqual(self.pdf_pages(mixed), 3)
        cover = " ".join(self._poppler("pdftotext", mixed, "-f", "1", "-l", "1", "-enc", "UTF-8").split())
        self.assertIn("BẢN TẬP HỢP", cover)
        self.assertIn("DỰ THẢO", cover)
        self.assertIn("DỰ THẢO", self._poppler("pdftotext", mixed, "-f", "3", "-l", "3", "-enc", "UTF-8"))

    # ------------------------------------------------------------------
    # Issued files frozen
    # ------------------------------------------------------------------
    def test_issued_files_cannot_be_made_public_or_moved(self):
        files = self.decision.signed_pdf_id | self.decision.certificate_pdf_id | self.ordered.certificate_pdf_id
        changes = [{"public": True}, {"name": "khac.pdf"}, {"mimetype": "text/html"},
                   {"res_id": self.decision.id + 1000}, {"res_model": "res.partner"},
                   {"access_token": "0123456789abcdef"}, {"raw": "JVBERi0xLjQgZm9yZ2Vk"}]
        for user in (self.user_appraiser, self.user_manager):
            self._login(user)
            for attachment in files:
                for vals in changes:
                    with self.assertRaises(JsonRpcException, msg=f"{user.login} {vals}"):
                        self._call("ir.attachment", "write", [attachment.id], vals)
                with self.assertRaises(JsonRpcException):
                    self._call("ir.attachment", "unlink", [attachment.id])
        files.invalidate_recordset()
        self.assertFalse(any(files.mapped("public")))
        self.assertTrue(all(raw.startswith(b"%PDF") for raw in files.mapped("raw")))
        self.authenticate(None, None)
        for attachment in files:
            response = self.url_open(f"/web/content/{attachment.id}?download=true")
            self.assertNotEqual(response.status_code, 200, attachment.name)
            self.assertFalse(response.content.startswith(b"%PDF"))

    # ------------------------------------------------------------------
    # Bounded verification
    # ------------------------------------------------------------------
    def _upload(self, dossier, content):
        page = self.url_open(f"/thidua/verify/{dossier.verify_token}").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            f"/thidua/verify/{dossier.verify_token}", data={"csrf_token": csrf},
            files={"document": ("giay_khen.pdf", content, "application/pdf")}, timeout=120,
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_upload_with_400_signature_fields_is_refused(self):
        dossier = self.ordered[0]
        genuine = dossier.certificate_pdf_id.raw
        self.assertIn("Đúng bản gốc đã ký số", self._upload(dossier, genuine))
        crafted = with_signature_fields(genuine, 400)
        started = time.monotonic()
        answer = self._upload(dossier, crafted)
        _logger.info("crafted upload (%s bytes, 400 signature fields) answered in %.2f s",
                     len(crafted), time.monotonic() - started)
        self.assertIn("Tệp có quá nhiều trường chữ ký số", answer)
        self.assertNotIn("Đúng bản gốc", answer)

    # ------------------------------------------------------------------
    # Imports cannot claim this database's decisions
    # ------------------------------------------------------------------
    def _import(self, rows):
        fields = ["nominee_name", "award_form_id", "year", "decision_number", "issuing_body"]
        return self._call("thidua.award.record", "load", fields, rows)

    def test_import_cannot_claim_a_signed_decision(self):
        self._login(self.user_appraiser)
        body = self.decision.number_authority_id.authority_name
        number = self.decision.name
        year = str(self.decision.date_decision.year)
        for claimed_number, claimed_body in ((number, body), ("1/QĐ-UBND", body.upper()), (number, "")):
            result = self._import([["Kẻ Mạo Danh", self.award_form.name, year, claimed_number, claimed_body]])
            self.assertFalse(result["ids"], result)
            messages = " ".join(message["message"] for message in result["messages"])
            # the file's line: its header is line 1
            self.assertIn("Dòng 2", messages)
            self.assertIn("đã được ký trên hệ thống này", messages)
        # naming the working unit of an awarded collective does not make the row one of its lines
        result = self._call("thidua.award.record", "load",
                            ["nominee_name", "award_form_id", "year", "decision_number", "issuing_body", "unit_id"],
                            [["Kẻ Mạo Danh", self.award_form.name, year, number, body, self.unit_school.code]])
        self.assertFalse(result["ids"], result)
        self.assertIn("đã được ký trên hệ thống này", " ".join(m["message"] for m in result["messages"]))
        # another body's decision of the same number is another decision
        result = self._import([["Người Khác", self.award_form.name, year, number, "Ủy ban nhân dân tỉnh Lạng Sơn"]])
        self.assertTrue(result["ids"], result)
        # the same through create
        self.assertIn("đã được ký trên hệ thống này", self._call_error("thidua.award.record", "create", [{
            "nominee_name": "Kẻ Mạo Danh", "award_form_id": self.award_form.id, "year": int(year),
            "decision_number": number, "issuing_body": body}]))

    def test_import_of_an_exact_line_is_not_a_claim(self):
        """One of the decision's own lines is not refused as a claim; the register already holds it
        (written at signing), so it is refused as a duplicate, like any row imported twice."""
        self._login(self.user_appraiser)
        dossier = self.ordered[1]
        year = str(self.decision.date_decision.year)
        body = self.decision.number_authority_id.authority_name
        result = self._import([[dossier.nominee_name, self.award_form.name, year, self.decision.name, body]])
        messages = " ".join(message["message"] for message in result["messages"])
        self.assertNotIn("đã được ký trên hệ thống này", messages)
        self.assertIn(self.decision.name, messages)
        # once the superuser removed the signing's row (e.g. a register rebuilt from a file), the
        # exact line is imported
        self.env["thidua.award.record"].search([("dossier_id", "=", dossier.id)]).unlink()
        result = self._import([[dossier.nominee_name, self.award_form.name, year, self.decision.name, body]])
        self.assertTrue(result["ids"], result)
