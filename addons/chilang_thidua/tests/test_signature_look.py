"""What a reader sees of the digital signatures (NĐ 30/2020 Appendix I), on the rendered pages.

The signed PDFs are rendered to PNG with poppler's pdftoppm and their pixels read where the signature
fields are: the signer's image blue inside the person's field, the agency's red seal at real size
over its left third; pdfsig checks every signature; pdftotext reads the clerk's number and date and
the electronic copy's mark. ``THIDUA_SHOTS=<folder>`` keeps the rendered pages there to look at.
"""

import base64
import io
import os
import re
import shutil
import subprocess
import tempfile
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from ..tools import pdf_signing
from .test_signature import PASSWORD, SignatureCommon, pdfsig, png
from .test_signing_backends import PIN, set_up_two_signatures

DPI = 144
SCALE = DPI / 72
SEAL_MM = 36


def render_page(pdf, name=None):
    """Page 1 of ``pdf`` as a PIL RGB image at ``DPI`` (pdftoppm), kept as ``name``.png when
    THIDUA_SHOTS names a folder."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.pdf")
        with open(source, "wb") as handle:
            handle.write(pdf)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png", source,
                        os.path.join(folder, "page")], check=True, capture_output=True, timeout=120)
        path = next(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".png"))
        shots = os.environ.get("THIDUA_SHOTS")
        if shots and name:
            os.makedirs(shots, exist_ok=True)
            shutil.copy(path, os.path.join(shots, f"{name}.png"))
            shutil.copy(source, os.path.join(shots, f"{name}.pdf"))
        return Image.open(path).convert("RGB")


def is_blue(pixel):
    red, green, blue = pixel
    return blue > 110 and blue > red + 60 and blue > green + 40


def is_red(pixel):
    red, green, blue = pixel
    return red > 140 and red > green + 80 and red > blue + 80


def count(image, rect, test):
    """How many pixels of ``rect`` (PDF points, origin bottom left) pass ``test``."""
    height = image.size[1]
    x1, y1, x2, y2 = rect
    left, right = int(x1 * SCALE) + 1, int(x2 * SCALE) - 1
    top, bottom = int(height - y2 * SCALE) + 1, int(height - y1 * SCALE) - 1
    return sum(1 for x in range(left, right) for y in range(top, bottom) if test(image.getpixel((x, y))))


def ink_bottom(image, x1, x2, top, bottom):
    """The lowest row (points from the top) with dark ink between x1 and x2 (points)."""
    rows = [y for y in range(int(top * SCALE), int(bottom * SCALE))
            if any(sum(image.getpixel((x, y))) < 300 for x in range(int(x1 * SCALE), int(x2 * SCALE)))]
    return rows[-1] / SCALE


def words(pdf):
    """[(word, x1, y_top, x2, y_bottom)] of page 1 (pdftotext -bbox, origin top left, points)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", handle.name, "-"], check=True,
                             capture_output=True, timeout=120).stdout.decode()
    return [(word, float(x1), float(y1), float(x2), float(y2)) for x1, y1, x2, y2, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def signature_statuses(pdf):
    """[(field name, pyHanko status)] of every signature, each signer's certificate as its own root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    return [(signature.field_name, validate_pdf_signature(signature, ValidationContext(
        trust_roots=[signature.signer_cert], allow_fetching=False)))
        for signature in PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures]


def scan(colour, size, ink=(15, 15, 15)):
    """An opaque JPEG 'scan': a stroke (or a ring) of ``ink`` on off-white paper."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    if size[0] == size[1]:
        draw.ellipse((6, 6, size[0] - 6, size[1] - 6), outline=ink, width=10)
    else:
        draw.line([(10, 90), (60, 20), (90, 100), (150, 30), (230, 70)], fill=ink, width=7)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


class LookCommon(SignatureCommon):

    def setUp(self):
        super().setUp()
        for tool in ("wkhtmltopdf", "pdftoppm", "pdfsig", "pdftotext"):
            if not shutil.which(tool):
                self.skipTest(f"signature appearance tests skipped: {tool} is not installed (see README)")

    @classmethod
    def _images(cls):
        # the scans' colours are wrong on purpose (a black signature, a dark-red seal): printed blue and red
        cls.unit_district.with_user(cls.user_manager).write({
            "sign_signature_image": png((10, 10, 10, 255)),
            "sign_seal_image": png((90, 20, 20, 255), (300, 300)),
            "sign_seal_diameter": SEAL_MM,
        })

    def assert_places_gone(self, pdf):
        self.assertNotIn(b"thidua.invalid", pdf, "the place links are removed before signing")
        self.assertEqual(pdf_signing.find_places(pdf), {})


@tagged("post_install", "-at_install")
class TestSignatureLook(LookCommon):
    """One step (the body's PKCS#12): the signature is a visible field where its image is printed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._images()

    def test_one_step_signature_is_visible_where_printed(self):
        dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Hiển thị ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 9))
        pdf = decision.signed_pdf_id.raw
        self.assert_places_gone(pdf)
        code, out = pdfsig(pdf)
        self.assertEqual((code, out.count("Signature is Valid")), (0, 1), out)
        rects = pdf_signing.signature_rects(pdf)
        self.assertEqual(list(rects), [pdf_signing.SIGNATURE_FIELD])
        box = rects[pdf_signing.SIGNATURE_FIELD]
        width, height = box[2] - box[0], box[3] - box[1]
        # the 40 x 28 mm place of the signature image, in the right half (the signer's column)
        self.assertAlmostEqual(width / pdf_signing.MM, 40, delta=2)
        self.assertAlmostEqual(height / pdf_signing.MM, 28, delta=2)
        self.assertGreater(box[0], 595 / 2 - 20)
        self.assertIn("Nguyễn Văn Chủ", self.pdf_text(pdf), "the signer's name under the signature")
        page = render_page(pdf, "one_step")
        self.assertGreater(count(page, box, is_blue), 200, "the signature image is printed blue in the field")
        self.assertLess(count(page, box, lambda pixel: sum(pixel) < 150 and not is_blue(pixel)), 20,
                        "no black ink: the black scan is printed blue")
        # the certificates too: the batch's signature on page 1, each single file's where its image is
        batch = decision.certificate_pdf_id.raw
        self.assert_places_gone(batch)
        self.assertEqual(len(pdf_signing.signature_rects(batch)), 1)
        for dossier in dossiers:
            single = dossier.certificate_pdf_id.raw
            self.assert_places_gone(single)
            self.assertEqual(len(pdf_signing.signature_rects(single)), 1)
            self.assertEqual(pdfsig(single)[1].count("Signature is Valid"), 1)

    def test_number_on_a_chairman_file_without_blank_fields(self):
        # a Chairman's file signed before the blanks were fields: the number and date top left
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Cũ ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 13))
        pdf = decision.signed_pdf_id.raw
        self.assertEqual(pdf_signing.slot_rects(pdf), {})
        stamps = decision._number_and_date_stamps(pdf)
        self.assertEqual([stamp.name for stamp in stamps], ["number_date"])
        text = " ".join(word[0] for word in words(pdf_signing.add_stamps(pdf, stamps)))
        self.assertEqual(text.count(f"Số: {decision.name}"), 2, "the page's own and the clerk's")
        self.assertEqual(text.count("ngày 13 tháng 12 năm 2024"), 2)

    def test_electronic_copy(self):
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Bản sao ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 10))
        stored = decision.signed_pdf_id.raw
        # a reader of the decision who did not sign it (an appraiser) downloads the copy through the report
        action = decision.with_user(self.user_appraiser).action_electronic_copy()
        self.assertEqual(action["report_name"], "chilang_thidua.report_decision_copy")
        copy = self.render_pdf("chilang_thidua.action_report_decision_copy", decision, user=self.user_appraiser)
        self.assertTrue(copy.startswith(stored), "the document of record, then the copy's revision")
        self.assertEqual(decision.signed_pdf_id.raw, stored, "the stored file is unchanged")
        code, out = pdfsig(copy)
        self.assertEqual(out.count("Signature #"), 1, "the copy applies no signature")
        self.assertIn("Signature is Valid", out)
        self.assertIn("Not total document signed", out)
        ((_name, status),) = signature_statuses(copy)
        self.assertTrue(status.intact and status.valid, status.pretty_print_details())
        # the mark, top right of page 1: BẢN SAO, the body, the time; the seal red at a third of its size
        found = words(copy)
        head = [word for word in found if word[0] == "BẢN"]
        self.assertTrue(head, found[:10])
        self.assertGreater(head[0][1], 595 / 2, "right half")
        self.assertLess(head[0][4], 20 * pdf_signing.MM, "in the top margin")
        text = " ".join(word[0] for word in found)
        self.assertIn("BẢN SAO", text)
        self.assertRegex(text, r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00")
        mark = pdf_signing.stamp_rects(copy)["copy"]
        page = render_page(copy, "copy")
        seal = (mark[0], mark[3] - SEAL_MM / 3 * pdf_signing.MM, mark[0] + SEAL_MM / 3 * pdf_signing.MM, mark[3])
        self.assertGreater(count(page, seal, is_red), 30, "the seal, red, at a third of its size")
        self.assertGreater(count(page, (seal[2], mark[1], mark[2], mark[3]), lambda p: sum(p) < 200), 30,
                           "black text beside it")

        # the dossier's certificate: the same, from its own signed file
        dossier = dossiers[:1]
        certificate = self.render_pdf("chilang_thidua.action_report_certificate_copy", dossier,
                                      user=self.user_appraiser)
        self.assertTrue(certificate.startswith(dossier.certificate_pdf_id.raw))
        self.assertEqual(pdfsig(certificate)[1].count("Signature is Valid"), 1)
        self.assertIn("BẢN SAO", " ".join(word[0] for word in words(certificate)))

    def test_copy_is_refused_without_a_signed_file_or_the_right_to_read(self):
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Từ chối ")
        draft = self._make_decision(dossiers, sign=False)
        with self.assertRaisesRegex(UserError, "Chỉ quyết định đã ký số"):
            draft.with_user(self.user_manager).with_context(lang="vi_VN").action_electronic_copy()
        with self.assertRaises(UserError):
            self.render_pdf("chilang_thidua.action_report_decision_copy", draft, user=self.user_manager)
        signed = self._make_decision(self._make_dossiers(collectives=0, individuals=1, prefix="Quyền "),
                                     decision_date=date(2024, 12, 11))
        with self.assertRaises(AccessError):
            self.render_pdf("chilang_thidua.action_report_decision_copy", signed, user=self.user_internal)


@tagged("post_install", "-at_install")
class TestElectronicCopyDownload(HttpCase, LookCommon):
    """The copy through Odoo's report download, as each user's browser asks for it."""

    def test_download_as_reader_and_as_outsider(self):
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Tải bản sao ")
        decision = self._make_decision(dossiers, decision_date=date(2024, 12, 12))
        stored = decision.signed_pdf_id.raw
        url = f"/report/pdf/chilang_thidua.report_decision_copy/{decision.id}"
        self.authenticate(self.user_appraiser.login, self.user_appraiser.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(stored))
        self.assertEqual(pdfsig(response.content)[1].count("Signature is Valid"), 1)
        for user in (self.user_internal, self.user_portal_school):
            self.authenticate(user.login, user.login)
            response = self.url_open(url)
            self.assertNotIn(b"%PDF", response.content[:1024], user.login)
            self.assertNotIn(stored[-2000:], response.content)
        # the certificate's copy: the same path, the dossier's own read access
        dossier_url = f"/report/pdf/chilang_thidua.report_certificate_copy/{dossiers[:1].id}"
        self.authenticate(self.user_internal.login, self.user_internal.login)
        self.assertNotIn(b"%PDF", self.url_open(dossier_url).content[:1024])


@tagged("post_install", "-at_install")
class TestTwoSignatureLook(LookCommon):
    """The Chairman's token, then the clerk's agency HSM: the seal over the Chairman's signature, the
    number and date in the document's own lines, both signatures valid for their revision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_up_two_signatures(cls)
        cls._images()

    def _chairman_signs(self, decision):
        """The Chairman's signature, checked as printed; (the Chairman's PDF, their field's box)."""
        action = decision.with_user(self.user_manager).action_sign()
        self.env["thidua.sign.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"pin": PIN})
        self.assertTrue(decision.awaiting_issue)
        chairman_pdf = decision.prepared_pdf_id.raw
        self.assert_places_gone(chairman_pdf)
        signature_box = pdf_signing.signature_rects(chairman_pdf)["ChuKyNguoiCoThamQuyen"]
        slots = pdf_signing.slot_rects(chairman_pdf)
        self.assertEqual(set(slots), {"number", "date"})
        text = " ".join(self.pdf_text(chairman_pdf).split())
        self.assertNotIn("01/QĐ-UBND", text, "no number before the clerk's")
        self.assertNotIn("ngày 05 tháng 12 năm 2024", text)
        before = render_page(chairman_pdf, "chairman_signed")
        self.assertGreater(count(before, signature_box, is_blue), 200)
        seal = pdf_signing.seal_box(signature_box, SEAL_MM)
        self.assertEqual(count(before, seal, is_red), 0, "no seal before the agency signs")
        return chairman_pdf, signature_box

    def test_chairman_then_clerk_as_printed(self):
        dossiers = self._make_dossiers(collectives=0, individuals=2, prefix="Hai bước ")
        decision = self._make_decision(dossiers, sign=False, decision_date=date(2024, 12, 5))
        chairman_pdf, signature_box = self._chairman_signs(decision)
        self.assertIs(decision.with_user(self.user_clerk).action_issue(), True)
        self.assertEqual(decision.name, "01/QĐ-UBND")
        pdf = decision.signed_pdf_id.raw
        self.assertTrue(pdf.startswith(chairman_pdf))
        code, out = pdfsig(pdf)
        self.assertEqual((code, out.count("Signature is Valid")), (0, 2), out)
        rects = pdf_signing.signature_rects(pdf)
        self.assertEqual(list(rects), ["ChuKyNguoiCoThamQuyen", "ChuKySoCoQuan"])
        self.assertEqual(rects["ChuKyNguoiCoThamQuyen"], signature_box)
        agency = rects["ChuKySoCoQuan"]
        # the seal at real size, its right edge a third into the Chairman's signature image
        for side in (agency[2] - agency[0], agency[3] - agency[1]):
            self.assertAlmostEqual(side / pdf_signing.MM, SEAL_MM, delta=0.2)
        sign_width = signature_box[2] - signature_box[0]
        self.assertAlmostEqual(agency[2], signature_box[0] + sign_width / 3, delta=0.5)
        self.assertLess(agency[0], signature_box[0])
        self.assertAlmostEqual((agency[1] + agency[3]) / 2, (signature_box[1] + signature_box[3]) / 2, delta=0.5)
        after = render_page(pdf, "issued")
        self.assertGreater(count(after, agency, is_red), 300, "the seal is red")
        overlap = (signature_box[0], max(agency[1], signature_box[1]), agency[2], min(agency[3], signature_box[3]))
        self.assertGreater(count(after, overlap, is_red), 10, "over the left third of the signature")
        right = (agency[2], signature_box[1], signature_box[2], signature_box[3])
        self.assertGreater(count(after, right, is_blue), 100, "the rest of the signature stays blue")
        # the number and date the clerk gave, in the document's own lines
        text = " ".join(self.pdf_text(pdf).split())
        self.assertIn("Số: 01/QĐ-UBND", text)
        self.assertIn("ngày 05 tháng 12 năm 2024", text)
        found = words(pdf)
        number_label = next(word for word in found if word[0] == "Số:")
        number = next(word for word in found if word[0] == "01/QĐ-UBND")
        self.assertGreater(number[1], number_label[3], "after Số:")
        self.assertLess(number[1] - number_label[3], 8)
        # on its baseline: the ink of "S" and of "01" ends on the same pixel row (± 1 pt)
        line = (number_label[2] - 4, number_label[4] + 4)
        self.assertAlmostEqual(ink_bottom(after, number_label[1], number_label[1] + 8, *line),
                               ink_bottom(after, number[1], number[1] + 11, *line), delta=1.0)
        # both signatures valid for their revision; after the Chairman's, the clerk filled a form
        statuses = signature_statuses(pdf)
        for _name, status in statuses:
            self.assertTrue(status.intact and status.valid, status.pretty_print_details())
        self.assertEqual(statuses[0][1].modification_level.name, "FORM_FILLING", statuses[0][1].pretty_print_details())
        self.assertEqual(statuses[1][1].coverage.name, "ENTIRE_FILE")

        # its electronic copy keeps both signatures, adds none
        copy = self.render_pdf("chilang_thidua.action_report_decision_copy", decision, user=self.user_appraiser)
        render_page(copy, "issued_copy")
        code, out = pdfsig(copy)
        self.assertEqual((out.count("Signature #"), out.count("Signature is Valid")), (2, 2), out)
        self.assertIn("BẢN SAO", " ".join(word[0] for word in words(copy)))


@tagged("post_install", "-at_install")
class TestSignatureImageUpload(SignatureCommon):
    """The images uploaded in the body's form (its binary fields) are stored blue and red, transparent."""

    def _upload(self, signature, seal):
        with Form(self.unit_district.with_user(self.user_manager)) as form:
            form.sign_signature_image = base64.b64encode(signature)
            form.sign_seal_image = base64.b64encode(seal)
        self.unit_district.invalidate_recordset()
        unit = self.unit_district.with_user(self.user_manager).with_context(bin_size=False)
        return unit.sign_signature_image, unit.sign_seal_image

    def _image(self, value):
        from PIL import Image

        return Image.open(io.BytesIO(base64.b64decode(value)))

    def test_scans_are_recoloured_and_made_transparent(self):
        signature, seal = self._upload(scan((248, 246, 238), (240, 120)),
                                       scan((250, 250, 250), (300, 300), ink=(60, 20, 30)))
        for value, colour, test in ((signature, "blue", is_blue), (seal, "red", is_red)):
            image = self._image(value)
            self.assertEqual((image.format, image.mode), ("PNG", "RGBA"), colour)
            self.assertEqual(image.getpixel((1, 1))[3], 0, f"the {colour} image's paper is transparent")
            inked = [pixel for pixel in image.getdata() if pixel[3] > 128]
            self.assertGreater(len(inked), 200)
            self.assertTrue(all(test(pixel[:3]) for pixel in inked), f"every stroke {colour}")

    def test_transparent_png_of_another_colour(self):
        signature, _seal = self._upload(base64.b64decode(png((0, 0, 0, 255))),
                                        base64.b64decode(png((20, 200, 20, 255), (300, 300))))
        image = self._image(signature)
        inked = [pixel for pixel in image.getdata() if pixel[3] > 128]
        self.assertTrue(inked and all(is_blue(pixel[:3]) for pixel in inked))

    def test_not_an_image_is_refused(self):
        with self.assertRaisesRegex(UserError, "PNG"):
            self.unit_district.with_user(self.user_manager).write(
                {"sign_seal_image": base64.b64encode(b"%PDF-1.4 not an image")})

    def test_password_of_the_certificate_is_untouched(self):
        # the images' rewrite keeps the other values of the same save
        self.unit_district.with_user(self.user_manager).write({
            "sign_signature_image": png((10, 10, 10, 255)), "sign_certificate_password": PASSWORD})
        self.assertTrue(self.unit_district._thidua_load_signer())
