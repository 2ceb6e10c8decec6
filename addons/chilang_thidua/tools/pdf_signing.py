"""Digital signatures of the issuing body's documents (PAdES, SHA-256), with pyHanko.

Plain functions, no model: :func:`load_signer` opens and checks a PKCS#12 before anything is
numbered, :func:`sign_pdf` signs rendered bytes (called by the decision's signing only),
:func:`split_pages` cuts a batch into its single documents, :func:`compilation` merges stored
documents for printing (unsigned, said so on its first page), :func:`check_pdf` tells a visitor
whether an uploaded file's signatures are intact (and names their RFC 3161 timestamps),
:func:`timestamper` gives the settings' timestamp authority to every signature the server applies.
Every failure a user can cause is a :class:`UserError`.
"""

import contextlib
import contextvars
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_FIELD = "ChuKySoCoQuan"
# The public check examines at most this many signature fields and revisions: the documents of
# record carry one signature in two revisions; a file with more is refused unexamined (validating
# one signature costs ~50 ms, and a crafted file may point hundreds of fields at one signature).
MAX_SIGNATURE_FIELDS = 4
MAX_REVISIONS = 12
# How long a signing waits for the timestamp authority, per request (seconds): a signing that
# cannot be timestamped is refused, better quickly than after the browser gave up
TIMESTAMP_TIMEOUT = 10

# What the page being rendered for signing prints as its visible signature (NĐ 30/2020 Appendix I):
# set by server code around the rendering only, never by a client (no context key can forge it).
_VISIBLE = contextvars.ContextVar("thidua_visible_signature", default=None)


@contextlib.contextmanager
def visible_signature(info):
    """Render the documents of this block with ``info`` (signed_by, body, time, images) printed."""
    token = _VISIBLE.set(info)
    try:
        yield info
    finally:
        _VISIBLE.reset(token)


def current_visible_signature():
    return _VISIBLE.get()


# The draft decision whose certificates are being rendered to be signed before it is issued (by
# the Chairman before the clerk's number, or prepared to be signed elsewhere): (decision id,
# awaiting_number). Its certificates print as final; set by server code only, like _VISIBLE.
_ISSUING = contextvars.ContextVar("thidua_issuing_decision", default=None)


@contextlib.contextmanager
def issuing_decision(decision_id, awaiting_number=False):
    """Render the certificates of draft decision ``decision_id`` as final (without its number and
    date when ``awaiting_number``)."""
    token = _ISSUING.set((decision_id, bool(awaiting_number)))
    try:
        yield
    finally:
        _ISSUING.reset(token)


def current_issuing_decision():
    return _ISSUING.get()


def vietnam_now():
    """Now, to the second, in Vietnam time (UTC+07:00)."""
    return datetime.now(tz=VIETNAM_TZ).replace(microsecond=0)


def iso_vietnam(moment):
    """``2026-07-15T09:30:00+07:00`` (NĐ 30/2020 Appendix I) for an aware or a naive-UTC datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM_TZ).replace(microsecond=0).isoformat()


def sha256_hex(data):
    return hashlib.sha256(data or b"").hexdigest()


def _subject_name(cert):
    """The certificate holder's common name (or its whole subject)."""
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else cert.subject.rfc4514_string()


@dataclass
class LoadedSigner:
    signer: object
    subject: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    # the RFC 3161 timestamp authority every signature by this signer carries (see timestamper)
    timestamper: object = None


def timestamp_url_error(env, url):
    """Why ``url`` cannot be a timestamp authority's address, or None when it can (or is empty)."""
    import urllib.parse

    url = (url or "").strip()
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return env._("The timestamp authority URL must be an http:// or https:// address, e.g. "
                     "http://tsa.example.vn/tsa: %(url)s is not one.", url=url)
    return None


def timestamper(env):
    """The RFC 3161 timestamp authority of the settings (``timestamp_url``), asked once now so that a
    silent authority refuses the signing before anything is numbered: None when none is set.

    pyHanko keeps this first answer to size the signatures; each signature then asks for its own
    timestamp (one request per signed PDF)."""
    import asyncio

    from pyhanko.sign.timestamps import HTTPTimeStamper

    from .settings import thidua_setting

    url = (thidua_setting(env, "timestamp_url") or "").strip()
    if not url:
        return None
    error = timestamp_url_error(env, url)
    if error:
        raise UserError(error)
    stamper = HTTPTimeStamper(url, timeout=TIMESTAMP_TIMEOUT)
    # what sign_pdf says (it has no env) when a later request fails: the transaction is then rolled
    # back, the number drawn with it
    stamper.thidua_refusal = env._(
        "The timestamp authority %(url)s did not answer: nothing was numbered or signed. Try again in a few "
        "minutes; if it stays silent, the administrator checks the Timestamp Authority URL in the settings.",
        url=url,
    )
    try:
        asyncio.run(stamper.async_dummy_response("sha256"))
    except Exception as error:  # noqa: BLE001 - no answer, an HTTP error page, a refusal: all the same to the user
        _logger.warning("Timestamp authority %s: %s", url, error)
        raise UserError(stamper.thidua_refusal) from None
    return stamper


def pkcs12_certificate(p12_data, password):
    """The holder's certificate (asn1crypto) of a PKCS#12, valid or not, or None when it cannot be
    opened: for the expiry reminder and the revocation list's check, which sign nothing."""
    try:
        _key, cert, _extra = pkcs12.load_key_and_certificates(p12_data, (password or "").encode() or None)
    except Exception:  # noqa: BLE001 - said, with its reason, at signing (load_signer)
        return None
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)) if cert else None


def load_signer(env, p12_data, password, at=None):
    """Open the PKCS#12 and check it can sign at ``at``; a plain message for every failure."""
    if not p12_data:
        return None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12_data, (password or "").encode() or None)
    except ValueError:
        raise UserError(env._(
            "The digital signature certificate cannot be opened: the password is wrong or the file is not a "
            "PKCS#12 (.p12, .pfx) certificate."
        )) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file for the user
        _logger.info("PKCS#12 could not be read: %s", type(error).__name__)
        raise UserError(env._(
            "The digital signature certificate file is damaged or not a PKCS#12 (.p12, .pfx) file."
        )) from None
    if key is None:
        # a PKCS#12 exported without its key (the holder's certificate alone, or with its chain)
        raise UserError(env._(
            "The digital signature certificate holds no private key: it cannot sign. Ask the certification "
            "authority for the PKCS#12 file with the private key."
        ))
    if cert is None:
        raise UserError(env._("The digital signature certificate file holds no certificate."))
    at = at or vietnam_now()
    not_before = cert.not_valid_before.replace(tzinfo=timezone.utc)
    not_after = cert.not_valid_after.replace(tzinfo=timezone.utc)
    if at < not_before:
        raise UserError(env._(
            "The digital signature certificate is not valid yet: it is valid from %(date)s.",
            date=not_before.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    if at > not_after:
        raise UserError(env._(
            "The digital signature certificate expired on %(date)s: renew it before signing.",
            date=not_after.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    public_key = cert.public_key()
    if key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
            != public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise UserError(env._("The private key of the digital signature certificate does not match its certificate."))

    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = cert.public_bytes(serialization.Encoding.DER)
    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    store = SimpleCertificateStore()
    store.register_multiple([asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                             for c in (extra or [])])
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der), signing_key=key_info, cert_registry=store
    )
    return LoadedSigner(signer=signer, subject=_subject_name(cert), fingerprint=sha256_hex(der),
                        not_before=not_before, not_after=not_after)


def sign_pdf(loaded, pdf_bytes, signing_time, reason="", location="", field_name=SIGNATURE_FIELD,
             appearance=None, stamps=(), timestamper=None):
    """``pdf_bytes`` signed (PAdES baseline B, SHA-256) by ``loaded`` at ``signing_time`` (aware), as
    an incremental update: a signature already in the file stays valid. ``appearance``: (a one-page
    PDF drawn for the signature's box, (x1, y1, x2, y2) on page 1) for a visible signature field.
    ``stamps``: :class:`Stamp` annotations of page 1 written in the same revision as the signature
    (the number and date the clerk gives, :func:`number_and_date_stamps`), filled into their slots.
    ``timestamper`` (by default ``loaded.timestamper``): the signature gets an RFC 3161 timestamp
    (PAdES baseline B-T); an authority that does not answer is a UserError."""
    from pyhanko.sign.timestamps import TimestampRequestError

    try:
        return _sign_pdf(loaded, pdf_bytes, signing_time, reason, location, field_name, appearance, stamps,
                         timestamper or loaded.timestamper)
    except TimestampRequestError as error:
        # the authority went silent or refused after its first answer (a timeout is one too)
        stamper = timestamper or loaded.timestamper
        refusal = getattr(stamper, "thidua_refusal", None)
        if not refusal:
            raise
        _logger.warning("Timestamp authority %s: %s", getattr(stamper, "url", ""), error)
        raise UserError(refusal) from None


def _sign_pdf(loaded, pdf_bytes, signing_time, reason, location, field_name, appearance, stamps, timestamper):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    class _TimedSigner(signers.PdfSigner):
        # the time printed on the page is the time in the signature: one value, fixed by the caller
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = signing_time
            return session

    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    _put_stamps(writer, stamps)
    if appearance is None:
        pdf_signer = _TimedSigner(meta, signer=loaded.signer, new_field_spec=fields.SigFieldSpec(field_name),
                                  timestamper=timestamper)
        return pdf_signer.sign_pdf(writer).getvalue()
    import tempfile

    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle

    drawing, box = appearance
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(drawing)
        handle.flush()
        # the drawing fills the box exactly (pyHanko's default leaves a 5 pt margin): the seal at real size
        style = StaticStampStyle.from_pdf_file(
            handle.name, border_width=0, background_opacity=1.0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
            ),
        )
        pdf_signer = _TimedSigner(meta, signer=loaded.signer, stamp_style=style, timestamper=timestamper,
                                  new_field_spec=fields.SigFieldSpec(field_name, on_page=0, box=box))
        return pdf_signer.sign_pdf(writer).getvalue()


# ----------------------------------------------------------------------
# Where the signatures are printed (NĐ 30/2020 Appendix I)
# ----------------------------------------------------------------------
# The document templates wrap the places a signature or the clerk's number and date go in an <a href>
# to this address: wkhtmltopdf turns each into a link annotation whose /Rect is the place on the
# rendered page, wherever the text above pushed it. :func:`prepare_places` removes them before the
# first signature.
PLACE_URI = "https://thidua.invalid/place/"
PLACE_SIGNATURE = "signature"
PLACE_NUMBER = "number"
PLACE_DATE = "date"
# The number and date the clerk gives are written into read-only text fields the person with
# authority signs empty: filling a form field is a change validators allow after a signature
# (pyHanko: form filling), where a new annotation on the page is not.
SLOT_FIELDS = {PLACE_NUMBER: "SoKyHieuVanBan", PLACE_DATE: "NgayThangNamBanHanh"}
MM = 72 / 25.4
DEFAULT_SEAL_MM = 36.0
TIMES_ASCENT = 0.891


@dataclass
class Stamp:
    """What a revision prints on page 1: ``drawing`` (a one-page PDF) in ``rect``. Filled into the slot
    field of the same ``name`` when page 1 has one (:func:`prepare_places`), else a printed, locked
    stamp annotation."""
    name: str
    drawing: bytes
    rect: tuple = None
    contents: str = ""


def _page(handler, index=0):
    return handler.find_page_for_modification(index)[0].get_object()


def _annotations(page):
    return [ref.get_object() for ref in page["/Annots"]] if "/Annots" in page else []


def _rect(array):
    x1, y1, x2, y2 = (float(value) for value in array)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _place_of(annotation):
    """The place name of a place link, else None."""
    if annotation.get("/Subtype") != "/Link":
        return None
    uri = str(annotation["/A"].get("/URI", "")) if "/A" in annotation else ""
    return uri[len(PLACE_URI):] if uri.startswith(PLACE_URI) else None


def _page_places(page):
    places = {}
    for annotation in _annotations(page):
        place = _place_of(annotation)
        if place:
            places.setdefault(place, _rect(annotation["/Rect"]))
    return places


def find_places(pdf_bytes, page_index=0):
    """{place name: (x1, y1, x2, y2)} of the place links of a rendered page (points, origin bottom left)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return _page_places(_page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False), page_index))


def page_places(pdf_bytes):
    """:func:`find_places` of every page, in order, reading the file once."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    return [_page_places(_page(reader, index)) for index in range(int(reader.root["/Pages"].get("/Count", 0)))]


def prepare_places(pdf_bytes, slots=()):
    """``pdf_bytes`` without its place links (on every page), rewritten as one revision: nothing of
    them is left to click or to find. ``slots``: the place names of page 1 kept as empty printable
    annotations, where a later revision writes (:func:`number_and_date_stamps`)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    slot_refs = []
    for index in range(int(writer.root["/Pages"].get("/Count", 1))):
        page_ref = writer.find_page_for_modification(index)[0]
        page = page_ref.get_object()
        if "/Annots" not in page:
            continue
        annotations = page["/Annots"]
        kept = generic.ArrayObject()
        for ref in annotations:
            annotation = ref.get_object()
            place = _place_of(annotation)
            if not place:
                kept.append(ref)
            elif index == 0 and place in slots:
                slot = writer.add_object(_slot_field(writer, page_ref, place, _rect(annotation["/Rect"])))
                kept.append(slot)
                slot_refs.append(slot)
        if kept:
            page[pdf_name("/Annots")] = kept
        else:
            del page["/Annots"]
        writer.update_container(page)
    if slot_refs:
        form = writer.root["/AcroForm"] if "/AcroForm" in writer.root else None
        if form is None:
            form = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
            writer.root[pdf_name("/AcroForm")] = writer.add_object(form)
            writer.update_root()
        form["/Fields"].extend(slot_refs)
        writer.update_container(form)
    with io.BytesIO() as edited:
        writer.write(edited)
        # copied into a new file: the removed links are not left in an earlier revision
        fresh = copy_into_new_writer(PdfFileReader(io.BytesIO(edited.getvalue()), strict=False))
    with io.BytesIO() as out:
        fresh.write(out)
        return out.getvalue()


def _drawing(width, height, draw=None):
    """A one-page PDF of ``width`` x ``height`` points, ``draw(canvas)`` on it (reportlab)."""
    from reportlab.pdfgen import canvas

    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=(max(width, 1), max(height, 1)))
    if draw:
        draw(page)
    page.showPage()
    page.save()
    return stream.getvalue()


def _slot_field(writer, page_ref, place, rect):
    """An empty, read-only, printed text field at ``rect`` of page 1, named for ``place``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.reader import PdfFileReader

    drawing = _drawing(rect[2] - rect[0], rect[3] - rect[1])
    return generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"),
        pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/FT"): pdf_name("/Tx"),
        pdf_name("/T"): pdf_string(SLOT_FIELDS[place]),
        pdf_name("/Ff"): generic.NumberObject(1),  # read-only: nobody types into it
        pdf_name("/F"): generic.NumberObject(4),
        pdf_name("/P"): page_ref,
        pdf_name("/DA"): pdf_string("/Helv 0 Tf 0 g"),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(value) for value in rect),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.import_page_as_xobject(
            PdfFileReader(io.BytesIO(drawing), strict=False), 0)}),
    })


def _stamp_annotation(writer, name, rect, drawing, contents=""):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.reader import PdfFileReader

    drawing = drawing or _drawing(rect[2] - rect[0], rect[3] - rect[1])
    appearance = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(drawing), strict=False), 0)
    return generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"),
        pdf_name("/Subtype"): pdf_name("/Stamp"),
        pdf_name("/NM"): pdf_string(f"thidua-{name}"),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(value) for value in rect),
        # printed, read-only and locked: a reader shows and prints it as part of the page
        pdf_name("/F"): generic.NumberObject(4 | 64 | 128),
        pdf_name("/Contents"): pdf_string(contents or ""),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): appearance}),
    })


def _put_stamps(writer, stamps):
    """Write ``stamps`` on page 1 of ``writer`` (an incremental writer): into the slot of the same
    name, else as new annotations."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not stamps:
        return
    page = _page(writer)
    slots = _slots(page)
    news = [stamp for stamp in stamps if stamp.name not in slots]
    annotations = page["/Annots"] if "/Annots" in page else None
    if news and annotations is None:
        annotations = generic.ArrayObject()
        page[pdf_name("/Annots")] = annotations
        writer.update_container(page)
    elif news and isinstance(page.raw_get("/Annots"), generic.IndirectObject):
        writer.update_container(annotations)
    elif news:
        writer.update_container(page)
    slots = _slots(page)
    for stamp in stamps:
        slot = slots.get(stamp.name)
        if slot is not None:
            # the form is filled: its value and the appearance that prints it
            appearance = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(stamp.drawing), strict=False), 0)
            slot[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): appearance})
            slot[pdf_name("/V")] = pdf_string(stamp.contents or "")
            writer.update_container(slot)
        else:
            annotations.append(writer.add_object(
                _stamp_annotation(writer, stamp.name, stamp.rect, stamp.drawing, stamp.contents)))


def _slots(page):
    """{place: widget} of the slot fields of ``page``."""
    places = {field: place for place, field in SLOT_FIELDS.items()}
    return {places[str(annotation["/T"])]: annotation for annotation in _annotations(page)
            if annotation.get("/FT") == "/Tx" and str(annotation.get("/T", "")) in places}


def slot_rects(pdf_bytes):
    """{place: rect} of the slot fields of page 1 (:func:`prepare_places`)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    page = _page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False))
    return {place: _rect(widget["/Rect"]) for place, widget in _slots(page).items()}


def stamp_rects(pdf_bytes):
    """{name: rect} of the stamps added on page 1 (:func:`add_stamps`, e.g. ``copy``)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    page = _page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False))
    return {str(annotation["/NM"])[len("thidua-"):]: _rect(annotation["/Rect"]) for annotation in _annotations(page)
            if annotation.get("/Subtype") == "/Stamp" and str(annotation.get("/NM", "")).startswith("thidua-")}


def signature_rects(pdf_bytes):
    """{field name: rect} of the visible signature widgets of page 1, in the file's order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    page = _page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False))
    rects = {}
    for annotation in _annotations(page):
        field = annotation["/Parent"].get_object() if "/Parent" in annotation else annotation
        if annotation.get("/Subtype") == "/Widget" and field.get("/FT") == "/Sig":
            rect = _rect(annotation["/Rect"])
            if rect[2] > rect[0] and rect[3] > rect[1]:
                rects[str(field.get("/T", ""))] = rect
    return rects


def person_field(pdf_bytes, slots=()):
    """The visible signature field of the person with authority: (the rendered ``pdf_bytes`` without
    its place links, ``slots`` kept empty, (drawing, box) or None) for :func:`sign_pdf`.

    The box is the signature image's place in the signature block (its place link); the image itself
    is printed in the page, so the field's drawing is empty: a reader shows the signature where it
    is printed, and a print without annotations keeps the image. No place link: an invisible field.
    """
    box = find_places(pdf_bytes).get(PLACE_SIGNATURE)
    return prepare_places(pdf_bytes, slots=slots), person_appearance(box)


def person_appearance(box):
    """(drawing, box) of the person's visible field over ``box`` (see :func:`person_field`), None
    without a box."""
    return (_drawing(box[2] - box[0], box[3] - box[1]), box) if box else None


def seal_box(signature_box, diameter_mm=DEFAULT_SEAL_MM):
    """The seal's square at real size (``diameter_mm``) over the left third of ``signature_box``: its
    right edge a third into the signature image, centred on it vertically."""
    x1, y1, x2, y2 = signature_box
    size = (diameter_mm or DEFAULT_SEAL_MM) * MM
    right = x1 + (x2 - x1) / 3
    middle = (y1 + y2) / 2
    return (right - size, middle - size / 2, right, middle + size / 2)


def _draw_image(page, png, x, y, width, height):
    from reportlab.lib.utils import ImageReader

    page.drawImage(ImageReader(io.BytesIO(png)), x, y, width, height, mask="auto", preserveAspectRatio=True,
                   anchor="c")


def agency_field(pdf_bytes, seal_png, diameter_mm=DEFAULT_SEAL_MM, person_field_name=None):
    """The agency's visible signature field on a PDF the person with authority signed: (drawing, box)
    for :func:`sign_pdf`: the red seal (``seal_png``, transparent) at real size over the left third of
    the person's signature (its widget's rectangle). None when that signature is not visible."""
    rects = signature_rects(pdf_bytes)
    box = rects.get(person_field_name) if person_field_name else next(iter(rects.values()), None)
    if not box:
        return None
    box = seal_box(box, diameter_mm)
    width, height = box[2] - box[0], box[3] - box[1]
    drawing = _drawing(width, height, (lambda page: _draw_image(page, seal_png, 0, 0, width, height))
                       if seal_png else None)
    return drawing, box


def number_and_date_stamps(pdf_bytes, number, date_text, font, italic_font, number_pt=13, date_pt=14):
    """The clerk's number and date written into the slots the person with authority signed empty
    (after ``Số:`` and in the date line), in the document's face and sizes: a list of :class:`Stamp`
    for :func:`sign_pdf`, empty when the PDF has no slots."""
    slots = slot_rects(pdf_bytes)
    stamps = []
    for place, text, face, size in ((PLACE_NUMBER, number, font, number_pt),
                                    (PLACE_DATE, date_text, italic_font, date_pt)):
        rect = slots.get(place)
        if not (rect and text):
            continue

        def draw(page, face=face, size=size, text=text, height=rect[3] - rect[1]):
            page.setFont(face, size)
            # on the line's baseline: wkhtmltopdf sets the blank's box with the face's ascent
            # (Times New Roman's and Tinos' 0.891 em) from its top, as measured on the rendered page
            page.drawString(0, max(height - TIMES_ASCENT * size, 0), text)

        stamps.append(Stamp(place, _drawing(rect[2] - rect[0], rect[3] - rect[1], draw), rect, text))
    return stamps


def text_lines_drawing(font, size, lines, width, height):
    """A one-page PDF of ``width`` x ``height`` points with ``lines`` in ``font`` ``size``, black, from the top."""
    def draw(page):
        page.setFont(font, size)
        for index, line in enumerate(lines):
            page.drawString(0, height - size - index * size * 1.2, line)

    return _drawing(width, height, draw)


def copy_mark(font, seal_png, diameter_mm, lines, page_box, right_margin_mm=15, top_mm=3):
    """The electronic copy's mark, top right of page 1 (NĐ 30/2020 Appendix I): the red seal at a
    third of its real size, then ``lines`` (the form of copy, the copying body, the time) in
    ``font`` 10, upright, black. A :class:`Stamp`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    seal = (diameter_mm or DEFAULT_SEAL_MM) * MM / 3 if seal_png else 0
    size, leading, gap = 10, 12, (2 * MM if seal_png else 0)
    width = seal + gap + max(stringWidth(line, font, size) for line in lines)
    height = max(seal, leading * len(lines))
    right, top = page_box[2] - right_margin_mm * MM, page_box[3] - top_mm * MM
    rect = (right - width, top - height, right, top)

    def draw(page):
        if seal_png:
            _draw_image(page, seal_png, 0, height - seal, seal, seal)
        page.setFillColorRGB(0, 0, 0)
        page.setFont(font, size)
        for index, line in enumerate(lines):
            page.drawString(seal + gap, height - size - index * leading, line)

    return Stamp("copy", _drawing(width, height, draw), rect, " – ".join(lines))


def add_stamps(pdf_bytes, stamps):
    """``pdf_bytes`` with ``stamps`` on page 1, in an incremental update that applies no signature:
    the signatures already in the file stay valid for their revision."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    _put_stamps(writer, stamps)
    with io.BytesIO() as out:
        writer.write(out)
        return out.getvalue()


def page_box(pdf_bytes):
    """(x1, y1, x2, y2) of page 1's media box."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    node = _page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False))
    while "/MediaBox" not in node:
        node = node["/Parent"].get_object()
    return _rect(node["/MediaBox"])


def _count_signature_fields(reader, limit):
    """The number of signature fields of ``reader``, counted up to ``limit`` + 1 only."""
    from pyhanko.sign.fields import enumerate_sig_fields

    count = 0
    for _field in enumerate_sig_fields(reader, filled_status=None):
        count += 1
        if count > limit:
            break
    return count


def check_pdf(pdf_bytes, trusted_fingerprints=()):
    """What the signatures of an uploaded PDF say: a list of dicts, empty when it has none; None
    when the file cannot be read; ``{"too_many": "fields" or "revisions", "limit": n}``, before
    validating anything, when the file has more signature fields or revisions than a document of
    record could have.

    ``intact``: the signed bytes are unchanged and the signature verifies; ``whole``: the signature
    covers the entire file; ``known``: the signer's certificate is one the register vouches for.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        revisions = reader.xrefs.total_revisions
        fields_count = None if revisions > MAX_REVISIONS else _count_signature_fields(reader, MAX_SIGNATURE_FIELDS)
    except Exception as error:  # noqa: BLE001 - a visitor's file may be anything
        _logger.info("Uploaded PDF could not be read: %s", type(error).__name__)
        return None
    if revisions > MAX_REVISIONS:
        return {"too_many": "revisions", "limit": MAX_REVISIONS}
    if fields_count > MAX_SIGNATURE_FIELDS:
        return {"too_many": "fields", "limit": MAX_SIGNATURE_FIELDS}
    try:
        embedded = list(reader.embedded_signatures)[:MAX_SIGNATURE_FIELDS]
    except Exception as error:  # noqa: BLE001 - a visitor's file may be anything
        _logger.info("Uploaded PDF could not be read: %s", type(error).__name__)
        return None
    results = []
    for signature in embedded:
        try:
            cert = signature.signer_cert
            fingerprint = sha256_hex(cert.dump())
            known = fingerprint in trusted_fingerprints
            context = ValidationContext(trust_roots=[cert] if known else [], allow_fetching=False)
            status = validate_pdf_signature(signature, signer_validation_context=context)
            coverage = getattr(status.coverage, "name", "")
            # an RFC 3161 timestamp over the signature: its time and authority, when its own signature
            # and imprint hold (the authority is named, not vouched for: no trust list is kept)
            stamp = status.timestamp_validity
            stamped = bool(stamp and stamp.intact and stamp.valid)
            results.append({
                "intact": bool(status.intact and status.valid),
                "whole": coverage == "ENTIRE_FILE",
                "known": known,
                "signer": cert.subject.native.get("common_name", "") if cert else "",
                "time": iso_vietnam(status.signer_reported_dt) if status.signer_reported_dt else "",
                # the person with authority signs first, the agency's signature closes the file
                "role": "agency" if signature.field_name == SIGNATURE_FIELD else "person",
                "timestamp": iso_vietnam(stamp.timestamp) if stamped else "",
                "timestamp_authority": _holder(stamp.signing_cert) if stamped else "",
            })
        except Exception as error:  # noqa: BLE001 - a broken signature is a result, not a crash
            _logger.info("Signature could not be validated: %s", type(error).__name__)
            results.append({"intact": False, "whole": False, "known": False, "signer": "", "time": "", "role": "",
                             "timestamp": "", "timestamp_authority": ""})
    for index, result in enumerate(results):
        # a signature followed only by a later, whole signature (the clerk's after the Chairman's)
        result["countersigned"] = any(later["intact"] and later["whole"] and later["known"]
                                      for later in results[index + 1:])
    return results


def _holder(cert):
    """The common name (or the whole subject) of an asn1crypto certificate."""
    if cert is None:
        return ""
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def _timestamp_authority(token):
    """The certificate that signed a timestamp token (cms.SignedData), when the token carries it."""
    from asn1crypto import cms

    sid = token["signer_infos"][0]["sid"].chosen
    if not isinstance(sid, cms.IssuerAndSerialNumber):
        return None
    for candidate in token["certificates"] or ():
        cert = candidate.chosen
        if candidate.name == "certificate" and cert.serial_number == sid["serial_number"].native \
                and cert.issuer == sid["issuer"]:
            return cert
    return None


def signature_timestamps(pdf_bytes):
    """[(signer, time (ISO, Vietnam), authority)] of the signatures of ``pdf_bytes`` (the server's
    own stored file) carrying an RFC 3161 timestamp, read without validating: what the decision's
    form shows. The public page's :func:`check_pdf` validates them."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    found = []
    try:
        signatures = PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures
        for signature in signatures[:MAX_SIGNATURE_FIELDS]:
            token = signature.attached_timestamp_data
            if token is None:
                continue
            info = token["encap_content_info"]["content"].parsed
            found.append((_holder(signature.signer_cert), iso_vietnam(info["gen_time"].native),
                          _holder(_timestamp_authority(token))))
    except Exception as error:  # noqa: BLE001 - a file that cannot be read shows no timestamp
        _logger.info("Timestamps could not be read: %s", type(error).__name__)
    return found


# ----------------------------------------------------------------------
# Documents of record: single files and printed compilations
# ----------------------------------------------------------------------
def page_count(pdf_bytes):
    from odoo.tools.pdf import PdfFileReader as OdooReader

    return OdooReader(io.BytesIO(pdf_bytes), strict=False).getNumPages()


def split_pages(pdf_bytes):
    """``pdf_bytes`` as one PDF per page, in order (a batch of certificates, one page each)."""
    from odoo.tools.pdf import PdfFileReader as OdooReader
    from odoo.tools.pdf import PdfFileWriter as OdooWriter

    reader = OdooReader(io.BytesIO(pdf_bytes), strict=False)
    pages = []
    for index in range(reader.getNumPages()):
        writer = OdooWriter()
        writer.addPage(reader.getPage(index))
        with io.BytesIO() as buffer:
            writer.write(buffer)
            pages.append(buffer.getvalue())
    return pages


def _is_signature_annotation(annotation):
    from odoo.tools.pdf import NameObject

    annotation = annotation.getObject()
    field = annotation
    for _depth in range(8):
        if field.get("/FT") == NameObject("/Sig"):
            return True
        if "/Parent" not in field:
            return False
        field = field["/Parent"].getObject()
    return False


def compilation(cover_pdf, documents):
    """One PDF to print several documents at once: ``cover_pdf`` (the page saying what this is),
    then every page of each of ``documents`` (PDF bytes), without their signature fields.

    The result carries no signature and no form: a merge cannot keep the signatures of its parts,
    and leaving their widgets would let a reader show a signature the merge does not have.
    """
    from odoo.tools.pdf import ArrayObject, NameObject
    from odoo.tools.pdf import PdfFileReader as OdooReader
    from odoo.tools.pdf import PdfFileWriter as OdooWriter

    writer = OdooWriter()
    for document in (cover_pdf, *documents):
        reader = OdooReader(io.BytesIO(document), strict=False)
        for index in range(reader.getNumPages()):
            page = reader.getPage(index)
            annotations = page.get("/Annots")
            if annotations is not None:
                kept = [ref for ref in annotations.getObject() if not _is_signature_annotation(ref)]
                if kept:
                    page[NameObject("/Annots")] = ArrayObject(kept)
                else:
                    del page["/Annots"]
            writer.addPage(page)
    with io.BytesIO() as buffer:
        writer.write(buffer)
        return buffer.getvalue()


def compilation_cover(font, title, paragraphs, items, landscape=True):
    """The first page of a compilation (reportlab): ``title``, ``paragraphs`` of explanation and
    the list ``items`` of what follows (cut short on a long list). ``font``: a registered name."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = to_landscape(A4) if landscape else A4
    margin = 25 * mm
    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=(width, height))
    page.setTitle(title)
    y = height - margin
    page.setFont(font, 18)
    page.drawCentredString(width / 2, y, title)
    y -= 14 * mm
    page.setFont(font, 13)
    for paragraph in paragraphs:
        for line in simpleSplit(paragraph, font, 13, width - 2 * margin):
            page.drawString(margin, y, line)
            y -= 6.5 * mm
        y -= 3 * mm
    page.setFont(font, 12)
    shown = 0
    for item in items:
        if y < margin + 12 * mm:
            break
        page.drawString(margin + 6 * mm, y, f"{shown + 1}. {item}")
        y -= 6 * mm
        shown += 1
    if shown < len(items):
        page.drawString(margin + 6 * mm, y, f"… và {len(items) - shown} giấy khen khác.")
    page.showPage()
    page.save()
    return stream.getvalue()
